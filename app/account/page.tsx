import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { cardPad, pageTitle, sectionTitle } from '../components/styles';
import { DeliveryLog } from './delivery-log';
import { NotificationsPanel } from './notifications-panel';
import { presentAccount } from './presenter';
import { TokensPanel } from './tokens-panel';
import { WebhooksPanel } from './webhooks-panel';

export const dynamic = 'force-dynamic';

// GET /account — profile, API tokens (create: shown once; last used; revoke), notification
// settings, webhooks (secret shown once; test event; why disabled) and the delivery log.
export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { locale, t, timeZone } = await getMessages();
  const { user, tokens, notifications, webhooks, deliveries, phone } = await presentAccount(actor);
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
      <NotificationsPanel initial={notifications} phone={phone} locale={locale} />
      <WebhooksPanel initial={webhooks} locale={locale} />
      <DeliveryLog deliveries={deliveries} locale={locale} timeZone={timeZone} />
    </div>
  );
}
