// The alert evaluator: exactly one runs at a time across all workers (a session advisory lock);
// each rule's check moves its alert firing → resolved, deduplicated (one open alert per rule) and
// with a cooldown after resolving; every transition is delivered once through the notification
// delivery core. A failing check or delivery is logged and never touches tasks.
import { whileHoldingLock } from '../db/session-lock';
import { env } from '../env';
import type { Prisma } from '../generated/prisma/client';
import { errorText, log } from '../log';
import { enqueue } from '../notify';
import { type Check, runChecks } from './checks';
import { COOLDOWN_MINUTES, effectiveRules, parseOverrides, type RuleId } from './rules';
import { type AlertInfo, fire, lastResolvedAt, openAlert, resolve, savedOverrides, stillFiring } from './store';

const LOCK_KEY = 7_311_983_313;

export interface EvaluationReport {
  fired: string[];
  resolved: string[];
  firing: string[];
}

/** Runs one evaluation unless another process is running one (→ undefined). */
export function runAlertEvaluator(now = new Date()): Promise<EvaluationReport | undefined> {
  return whileHoldingLock(LOCK_KEY, () => evaluateAlerts(now));
}

export async function evaluateAlerts(now: Date): Promise<EvaluationReport> {
  const rules = effectiveRules(parseOverrides(await savedOverrides()));
  const checks = await runChecks(rules, now);
  const report: EvaluationReport = { fired: [], resolved: [], firing: [] };
  for (const [rule, check] of Object.entries(checks) as [RuleId, Check][]) {
    const open = await openAlert(rule);
    if (check.firing && open) {
      await stillFiring(open.id, check, now);
      report.firing.push(rule);
    } else if (check.firing) {
      const last = await lastResolvedAt(rule);
      if (last && now.getTime() - last.getTime() < COOLDOWN_MINUTES * 60_000) continue; // cooling down
      const alert = await fire(rule, check, now);
      if (alert) {
        report.fired.push(rule);
        await deliver(alert);
      }
    } else if (open) {
      const alert = await resolve(open.id, check, now);
      if (alert) {
        report.resolved.push(rule);
        await deliver(alert);
      }
    }
  }
  if (report.fired.length || report.resolved.length) log.warn({ alerts: report }, 'alerts changed');
  return report;
}

/** Queues the transition on every configured target; the dedupe key makes a repeat a no-op. */
async function deliver(a: AlertInfo): Promise<void> {
  const icon = a.state === 'firing' ? '🔴' : '✅';
  const subject = `[Shortplay] ${a.state === 'firing' ? 'FIRING' : 'resolved'}: ${a.rule}`;
  const payload = { text: `${icon} ${subject} — ${a.summary}`, subject, alert: { ...a } } as Prisma.InputJsonObject;
  const event = `alert.${a.rule}`;
  const dedupe = (target: string) => `alert:${a.id}:${a.state}:${target}`;
  const targets: [Parameters<typeof enqueue>[0], { url: string } | { to: string }, string][] = [];
  if (env.ALERT_WEBHOOK_URL) targets.push(['alert_webhook', { url: env.ALERT_WEBHOOK_URL }, 'webhook']);
  for (const to of (env.ALERT_EMAILS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    targets.push(['alert_email', { to }, to]);
  }
  for (const [kind, target, key] of targets) {
    try {
      await enqueue(kind, target, payload, { event, dedupeKey: dedupe(key) });
    } catch (err) {
      log.error({ rule: a.rule, kind, error: errorText(err) }, 'could not queue an alert');
    }
  }
}
