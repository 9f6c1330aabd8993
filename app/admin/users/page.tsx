import { listUsers } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { pageTitle } from '../../components/styles';
import { requireAdminPage } from '../require-admin-page';
import { UsersTable } from './users-table';

export const dynamic = 'force-dynamic';

// GET /admin/users — every account with its role and tier, changeable in place (admins only).
export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const me = await requireAdminPage();
  const { locale, t, timeZone } = await getMessages();
  const { q } = await searchParams;
  const users = await listUsers({ q: q ?? null });
  return (
    <div className="space-y-4">
      <h1 className={pageTitle}>{t.admin.users.title}</h1>
      <p className="text-muted text-sm">{t.admin.users.hint}</p>
      <UsersTable initial={users} me={me.id} locale={locale} timeZone={timeZone} q={q ?? ''} />
    </div>
  );
}
