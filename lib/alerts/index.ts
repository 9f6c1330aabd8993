import { effectiveRules, parseOverrides } from './rules';
import { listAlerts, savedOverrides } from './store';

export { runAlertEvaluator } from './evaluate';

/** What /admin/alerts and GET /api/admin/alerts show. */
export async function alertsView() {
  const [alerts, saved] = await Promise.all([listAlerts(), savedOverrides()]);
  return { ...alerts, rules: effectiveRules(parseOverrides(saved)) };
}
export type AlertsView = Awaited<ReturnType<typeof alertsView>>;
