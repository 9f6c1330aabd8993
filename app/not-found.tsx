import Link from 'next/link';
import { getMessages } from '@/lib/i18n/server';
import { cardPad, link, pageTitle } from './components/styles';

export default async function NotFound() {
  const { t } = await getMessages();
  return (
    <div className={`${cardPad} mx-auto max-w-lg text-center`}>
      <h1 className={pageTitle}>{t.notFound.title}</h1>
      <p className="text-muted mt-2 text-sm">{t.notFound.body}</p>
      <Link href="/tasks" className={`${link} mt-4 inline-block text-sm`}>
        {t.task.backToList}
      </Link>
    </div>
  );
}
