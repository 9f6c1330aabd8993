import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { env } from '@/lib/env';
import { getMessages } from '@/lib/i18n/server';
import { SubmitForm } from './submit-form';

export default async function NewTaskPage() {
  if (!(await currentActor())) redirect('/signin');
  const { locale, t } = await getMessages();
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">{t.submit.title}</h1>
      <SubmitForm locale={locale} maxChars={env.NOVEL_MAX_CHARS} />
    </div>
  );
}
