import { unprocessable } from '../errors';
import { effectiveRules, parseOverrides } from './rules';
import { listAlerts, savedOverrides, saveOverrides } from './store';

export { runAlertEvaluator } from './evaluate';

/** What /admin/alerts and GET /api/admin/alerts show. */
export async function alertsView() {
  const [alerts, saved] = await Promise.all([listAlerts(), savedOverrides()]);
  return { ...alerts, rules: effectiveRules(parseOverrides(saved)), overrides: saved };
}
/** Saves the admin page's overrides (replacing earlier ones); a bad rule, key or type is a 422. */
export async function putOverrides(input: unknown) {
  let parsed: ReturnType<typeof parseOverrides>;
  try {
    parsed = parseOverrides(input);
  } catch (err) {
    throw unprocessable('validation_error', (err as Error).message, 'rules');
  }
  await saveOverrides(parsed as Record<string, Record<string, number | boolean>>);
  return alertsView();
}

export type AlertsView = Awaited<ReturnType<typeof alertsView>>;
