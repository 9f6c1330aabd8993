// Alert rules: defaults, overridden per rule by ALERT_RULES (JSON) and then by the settings saved
// on /admin/alerts. Each rule has an id, `enabled`, and its own thresholds.
import { z } from 'zod';
import { env } from '../env';

export const DEFAULT_RULES = {
  /** Share of tasks that failed among those that ended in the window. */
  failure_rate: { enabled: true, window_minutes: 15, threshold: 0.5, min_count: 5 },
  /** p95 run time over the window above an absolute limit, or above k× its 7-day p95. */
  run_time: { enabled: true, window_minutes: 60, max_p95_seconds: 1800, baseline_factor: 3, min_count: 5 },
  /** Queue wait p95 over the window, or the oldest waiting task, above a limit. */
  queue_wait: { enabled: true, window_minutes: 60, max_p95_seconds: 600, max_oldest_seconds: 900 },
  /** Tasks are waiting and no worker has a recent heartbeat. */
  no_workers: { enabled: true },
  /** Any live worker over this memory or event-loop lag. */
  worker_resources: { enabled: true, max_rss_mb: 1536, max_lag_ms: 500 },
  /** Database size, or free disk space under DATA_DIR. */
  storage: { enabled: true, max_database_gb: 50, min_free_disk_gb: 1 },
  /** Share of LLM runs failing on model errors, or the day's spend. */
  llm: { enabled: true, window_minutes: 60, max_error_rate: 0.3, min_count: 5, max_daily_usd: 50 },
} as const;

export type RuleId = keyof typeof DEFAULT_RULES;
export const RULE_IDS = Object.keys(DEFAULT_RULES) as RuleId[];
export type RuleConfig<R extends RuleId> = {
  -readonly [K in keyof (typeof DEFAULT_RULES)[R]]: (typeof DEFAULT_RULES)[R][K] extends boolean ? boolean : number;
};
export type Rules = { [R in RuleId]: RuleConfig<R> };

/** Minutes a rule stays quiet after it resolved, so a flapping signal is one alert, not many. */
export const COOLDOWN_MINUTES = 10;

const Override = z.record(z.string(), z.record(z.string(), z.union([z.number().nonnegative(), z.boolean()])));

/** Parses an overrides object; unknown rules or keys and wrong types are errors that name them. */
export function parseOverrides(input: unknown): Partial<Record<RuleId, Record<string, number | boolean>>> {
  const parsed = Override.safeParse(input);
  if (!parsed.success) throw new Error('alert rules: expected {"rule": {"key": number|boolean}}');
  for (const [rule, keys] of Object.entries(parsed.data)) {
    const defaults = DEFAULT_RULES[rule as RuleId] as Record<string, number | boolean> | undefined;
    if (!defaults) throw new Error(`alert rules: unknown rule "${rule}" (known: ${RULE_IDS.join(', ')})`);
    for (const [k, v] of Object.entries(keys)) {
      if (!(k in defaults)) throw new Error(`alert rules: ${rule} has no "${k}"`);
      if (typeof v !== typeof defaults[k]) throw new Error(`alert rules: ${rule}.${k} must be a ${typeof defaults[k]}`);
    }
  }
  return parsed.data as Partial<Record<RuleId, Record<string, number | boolean>>>;
}

/** Defaults, then ALERT_RULES, then the admin page's saved overrides. */
export function effectiveRules(saved: Partial<Record<RuleId, Record<string, number | boolean>>> = {}): Rules {
  const fromEnv = env.ALERT_RULES ? parseOverrides(JSON.parse(env.ALERT_RULES)) : {};
  const out = {} as Record<RuleId, Record<string, number | boolean>>;
  for (const id of RULE_IDS) out[id] = { ...DEFAULT_RULES[id], ...fromEnv[id], ...saved[id] };
  return out as Rules;
}
