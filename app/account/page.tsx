import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { cardPad, pageTitle, sectionTitle } from '../components/styles';
import { presentAccount } from './presenter';
import { TokensPanel } from './tokens-panel';

export const dynamic = 'force-dynamic';

// GET /account — profile and API tokens (create: shown once; last used; revoke).
export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { locale, t, timeZone } = await getMessages();
  const { user, tokens } = await presentAccount(actor);
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className={pageTitle}>{t.account.title}</h1>
      <section className={cardPad}>
        <h2 className={`${sectionTitle} mb-2`}>{t.account.profile}</h2>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-faint">{t.auth.email}</dt>
          <dd className="truncate" data-testid="account-email">
            {user.email}
          </dd>
          <dt className="text-faint">{t.account.name}</dt>
          <dd className="truncate">{user.name}</dd>
          <dt className="text-faint">{t.account.roleLabel}</dt>
          <dd>{t.account.role[user.role] ?? user.role}</dd>
        </dl>
      </section>
      <TokensPanel initial={tokens} locale={locale} timeZone={timeZone} />
    </div>
  );
}
