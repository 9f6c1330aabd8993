// The alerts table: one row per firing episode of a rule (firing → resolved), at most one open per
// rule (open_rule is unique), with every change appended to its history. Rule overrides saved on
// the admin page live in alert_settings.
import { getDb } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import type { Check } from './checks';
import type { RuleId } from './rules';

export interface AlertInfo {
  id: string;
  rule: string;
  state: 'firing' | 'resolved';
  summary: string;
  value: number | null;
  threshold: number | null;
  fired_at: string;
  resolved_at: string | null;
  last_evaluated_at: string;
  history: { at: string; state: string; summary: string }[];
}

type Row = Prisma.AlertGetPayload<object>;
const toInfo = (r: Row): AlertInfo => ({
  id: r.id.toString(),
  rule: r.rule,
  state: r.state as AlertInfo['state'],
  summary: r.summary,
  value: r.value,
  threshold: r.threshold,
  fired_at: r.firedAt.toISOString(),
  resolved_at: r.resolvedAt?.toISOString() ?? null,
  last_evaluated_at: r.lastEvaluatedAt.toISOString(),
  history: r.history as AlertInfo['history'],
});

export async function openAlert(rule: RuleId): Promise<AlertInfo | null> {
  const r = await getDb().alert.findUnique({ where: { openRule: rule } });
  return r ? toInfo(r) : null;
}

/** When the rule's last episode resolved, or null. */
export async function lastResolvedAt(rule: RuleId): Promise<Date | null> {
  const r = await getDb().alert.findFirst({
    where: { rule, state: 'resolved' },
    orderBy: { resolvedAt: 'desc' },
    select: { resolvedAt: true },
  });
  return r?.resolvedAt ?? null;
}

/** Opens an episode; null when another evaluator opened one first (the unique open_rule). */
export async function fire(rule: RuleId, c: Check, now: Date): Promise<AlertInfo | null> {
  const entry = { at: now.toISOString(), state: 'firing', summary: c.summary };
  try {
    const r = await getDb().alert.create({
      data: {
        rule,
        openRule: rule,
        state: 'firing',
        summary: c.summary,
        value: c.value,
        threshold: c.threshold,
        firedAt: now,
        lastEvaluatedAt: now,
        history: [entry],
      },
    });
    return toInfo(r);
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') return null;
    throw err;
  }
}

export async function stillFiring(id: string, c: Check, now: Date): Promise<void> {
  await getDb().alert.update({
    where: { id: BigInt(id) },
    data: { summary: c.summary, value: c.value, lastEvaluatedAt: now },
  });
}

/** Closes an episode; null when it was already closed. */
export async function resolve(id: string, c: Check, now: Date): Promise<AlertInfo | null> {
  const entry = JSON.stringify([{ at: now.toISOString(), state: 'resolved', summary: c.summary }]);
  const rows = await getDb().$queryRaw<{ id: bigint }[]>`
    UPDATE alerts SET state = 'resolved', open_rule = NULL, resolved_at = ${now}, last_evaluated_at = ${now},
      value = ${c.value}, history = history || ${entry}::jsonb
    WHERE id = ${BigInt(id)} AND state = 'firing' RETURNING id`;
  if (rows.length === 0) return null;
  const r = await getDb().alert.findUniqueOrThrow({ where: { id: BigInt(id) } });
  return toInfo(r);
}

export async function listAlerts(limit = 100): Promise<{ firing: AlertInfo[]; recent: AlertInfo[] }> {
  const rows = await getDb().alert.findMany({ orderBy: { firedAt: 'desc' }, take: limit });
  const all = rows.map(toInfo);
  return { firing: all.filter((a) => a.state === 'firing'), recent: all.filter((a) => a.state === 'resolved') };
}

export async function savedOverrides(): Promise<Record<string, Record<string, number | boolean>>> {
  const rows = await getDb().alertSetting.findMany();
  return Object.fromEntries(rows.map((r) => [r.rule, r.config as Record<string, number | boolean>]));
}

/** Replaces the overrides saved on the admin page (already validated by parseOverrides). */
export async function saveOverrides(overrides: Record<string, Record<string, number | boolean>>): Promise<void> {
  await getDb().$transaction([
    getDb().alertSetting.deleteMany({ where: { rule: { notIn: Object.keys(overrides) } } }),
    ...Object.entries(overrides).map(([rule, config]) =>
      getDb().alertSetting.upsert({
        where: { rule },
        create: { rule, config },
        update: { config, updatedAt: new Date() },
      }),
    ),
  ]);
}
