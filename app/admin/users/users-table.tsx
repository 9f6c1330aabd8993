'use client';
// The admin users table: role and tier are selects that save at once (PATCH /api/admin/users/{id}).
import { useState } from 'react';
import type { UserListRow } from '@/lib/auth/roles';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { formatDateTime } from '@/lib/i18n/format';
import { btnSecondary, card, input } from '../../components/styles';

const select =
  'rounded-md border border-line bg-surface px-2 py-1 text-sm text-ink focus:border-accent focus:outline-2 focus:outline-accent/30';

export function UsersTable(props: { initial: UserListRow[]; me: string; locale: Locale; timeZone: string; q: string }) {
  const t = dictionaries[props.locale];
  const u = t.admin.users;
  const [users, setUsers] = useState(props.initial);
  const [status, setStatus] = useState<{ id: string; ok: boolean; text: string } | null>(null);

  async function change(id: string, patch: { role?: string; tier?: string }) {
    const res = await fetch(`/api/admin/users/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    const body = (await res.json().catch(() => null)) as (UserListRow & { error?: { message: string } }) | null;
    if (!res.ok || !body || body.error) {
      setStatus({ id, ok: false, text: `${u.failed}: ${body?.error?.message ?? res.status}` });
      return;
    }
    setUsers((list) => list.map((x) => (x.id === id ? { ...x, role: body.role, tier: body.tier } : x)));
    setStatus({ id, ok: true, text: u.saved });
  }

  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-end gap-2" action="/admin/users">
        <label className="text-muted min-w-0 flex-1 basis-56 text-sm">
          {u.search}
          <input name="q" defaultValue={props.q} className={input} />
        </label>
        <button type="submit" className={btnSecondary}>
          {u.search}
        </button>
      </form>
      {status && (
        <p role="status" className={`text-sm ${status.ok ? 'text-muted' : 'text-danger'}`} data-testid="user-save">
          {status.text}
        </p>
      )}
      <div className={`${card} overflow-x-auto`}>
        <table className="w-full text-sm">
          <thead className="text-faint text-left text-xs">
            <tr>
              <th className="px-3 py-2 font-medium">{u.email}</th>
              <th className="px-3 py-2 font-medium">{u.role}</th>
              <th className="px-3 py-2 font-medium">{u.tier}</th>
              <th className="hidden px-3 py-2 text-right font-medium sm:table-cell">{u.tasks}</th>
              <th className="hidden px-3 py-2 font-medium md:table-cell">{u.joined}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((x) => (
              <tr key={x.id} className="border-line border-t" data-testid="user-row">
                <td className="max-w-[14rem] truncate px-3 py-2" title={x.name}>
                  {x.email}
                </td>
                <td className="px-3 py-2">
                  <Choice
                    label={`${u.role} ${x.email}`}
                    value={x.role}
                    options={{ user: t.account.role.user ?? 'user', admin: t.account.role.admin ?? 'admin' }}
                    disabled={x.id === props.me}
                    onChange={(role) => void change(x.id, { role })}
                  />
                </td>
                <td className="px-3 py-2">
                  <Choice
                    label={`${u.tier} ${x.email}`}
                    value={x.tier}
                    options={{ standard: u.tierName.standard ?? 'standard', vip: u.tierName.vip ?? 'vip' }}
                    onChange={(tier) => void change(x.id, { tier })}
                  />
                </td>
                <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{x.tasks}</td>
                <td className="text-faint hidden px-3 py-2 md:table-cell">
                  {formatDateTime(props.locale, props.timeZone, x.created_at)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Choice(props: {
  label: string;
  value: string;
  options: Record<string, string>;
  disabled?: boolean;
  onChange(value: string): void;
}) {
  return (
    <select
      aria-label={props.label}
      className={select}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value)}
    >
      {Object.entries(props.options).map(([value, name]) => (
        <option key={value} value={value}>
          {name}
        </option>
      ))}
    </select>
  );
}
