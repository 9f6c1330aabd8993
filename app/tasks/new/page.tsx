import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { pageTitle } from '../../components/styles';
import { presentSubmitForm } from './presenter';
import { SubmitForm } from './submit-form';

export const dynamic = 'force-dynamic';

// GET /tasks/new — paste or upload a novel, pick the options, see the estimate, submit.
export default async function NewTaskPage() {
  if (!(await currentActor())) redirect('/signin');
  const { locale, t } = await getMessages();
  const view = await presentSubmitForm();
  return (
    <div className="space-y-4">
      <h1 className={pageTitle}>{t.submit.title}</h1>
      <SubmitForm locale={locale} view={view} />
    </div>
  );
}
