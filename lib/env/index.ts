// The one place that reads process.env: validated once with zod, with messages that name the
// variable. Web (Next.js), worker (jobs/) and scripts all import `env` from here.
import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1' || v === 'yes'));

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).optional().default(fallback);

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('development'),
  /** Postgres to use. Unset → `npm start` runs an embedded Postgres under .data/ and sets it. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  PORT: int(3000, 1, 65535),
  /** Signs session cookies. `npm start` generates one into .data/ when unset. */
  NEXTAUTH_SECRET: optionalString.pipe(
    z.string().min(32, { message: 'must be at least 32 characters (e.g. `openssl rand -base64 32`)' }).optional(),
  ),
  NEXTAUTH_URL: optionalString,
  ALLOW_SIGNUP: bool(true),
  NOVEL_MAX_CHARS: int(1_000_000, 1, 50_000_000),
  MAX_ACTIVE_TASKS: int(20, 1, 100_000),
  MAX_ACTIVE_TASKS_VIP: int(100, 1, 100_000),
  SUBMIT_RATE_PER_MINUTE: int(60, 1, 1_000_000),
  WORKER_CONCURRENCY: int(4, 1, 256),
  // Fair scheduling (issue 10, docs/decisions/0100)
  /** Weighted round robin: how many tasks a standard user starts per turn. */
  FAIR_WEIGHT_STANDARD: int(1, 1, 100),
  /** The same for a VIP user: VIP is weight, not a number anyone can send. */
  FAIR_WEIGHT_VIP: int(3, 1, 100),
  /** Tasks one user may have running at once, across all workers. */
  MAX_RUNNING_PER_USER: int(10, 1, 100_000),
  /** Seconds a worker waits for running tasks on SIGTERM before handing them back. */
  SHUTDOWN_GRACE_SECONDS: int(30, 0, 3600),
  /** pg-boss job heartbeat: a worker silent this long loses the job to another worker. */
  JOB_HEARTBEAT_SECONDS: int(10, 10, 3600),
  /** How often the queue supervisor looks for expired jobs and missed heartbeats. */
  QUEUE_SUPERVISE_SECONDS: int(5, 1, 3600),
  JOB_RETRY_LIMIT: int(2, 0, 20),
  JOB_EXPIRE_SECONDS: int(3600, 10, 86_400),
  MAINTENANCE_INTERVAL_SECONDS: int(30, 1, 86_400),
  /** A waiting/running task whose job is gone or failed for this long is failed as worker_lost. */
  ORPHAN_GRACE_SECONDS: int(30, 0, 86_400),
  TASK_RETENTION_DAYS: int(30, 1, 3650),
  /** Progress writes per task are coalesced to at most one per this many milliseconds. */
  PROGRESS_FLUSH_MS: int(250, 0, 60_000),
  DB_POOL_SIZE: int(10, 1, 200),
  /** Comment lines on open SSE streams keep proxies from closing idle connections. */
  SSE_HEARTBEAT_SECONDS: int(15, 1, 300),
  /** Live streams one user may have open on one web process (429 beyond), and the process in all (503 beyond). */
  SSE_MAX_PER_USER: int(20, 1, 100_000),
  SSE_MAX_PER_PROCESS: int(20_000, 1, 1_000_000),
  /**
   * Task event streams are opened by the web server's own request handler, before Next.js routes
   * the request (lib/live/direct-open.ts); false sends every open through Next.js's route.
   */
  SSE_DIRECT_OPEN: bool(true),
  /** Pause after each progress report of the offline engine (demos, fault tests); 0 in production. */
  OFFLINE_ENGINE_DELAY_MS: int(0, 0, 60_000),
  /** Identifies this worker in /api/health; defaults to hostname:pid. */
  WORKER_ID: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: optionalString,
  /** Directory for embedded Postgres data and the generated secret. */
  DATA_DIR: z.string().optional().default('.data'),
  /** Unset → info (silent under NODE_ENV=test, so test output stays readable). */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
  // LLM provider (issue 3)
  /** Comma-separated models a user may pick per task (besides OPENAI_MODEL and 'offline'). */
  OPENAI_MODELS: optionalString,
  /** JSON object: model name → capabilities overriding lib/llm/catalog.ts (see .env.example). */
  LLM_MODELS: optionalString,
  /** Hard wall-clock ceiling of one model call, streaming included. */
  LLM_CALL_TIMEOUT_MS: int(300_000, 1000, 3_600_000),
  /** A streaming call with no content or reasoning token for this long is treated as hung. */
  LLM_IDLE_TIMEOUT_MS: int(90_000, 500, 3_600_000),
  /** Retries of one call after 429 / 5xx / timeouts / resets (the SDK's own retries are off). */
  LLM_MAX_RETRIES: int(4, 0, 20),
  /** First backoff delay; doubles per retry (with jitter), capped at 30 s unless Retry-After says more. */
  LLM_RETRY_BASE_MS: int(1000, 0, 60_000),
  /** Model calls one task runs at once (chunk summaries, episodes). */
  LLM_CONCURRENCY: int(3, 1, 32),
  /** Tokens (prompt + completion) and US dollars one task run may spend on model calls; 0: no cap. */
  LLM_TASK_MAX_TOKENS: int(5_000_000, 0, 1_000_000_000),
  LLM_TASK_MAX_COST_USD: z.coerce.number().min(0).max(100_000).optional().default(20),
  /** US dollars one user's tasks, and the whole server, may spend on model calls per UTC day; 0: no cap. */
  LLM_USER_DAILY_MAX_COST_USD: z.coerce.number().min(0).max(1_000_000).optional().default(50),
  LLM_SERVER_DAILY_MAX_COST_USD: z.coerce.number().min(0).max(10_000_000).optional().default(500),
  // Sign-in (issue 4)
  /** Failed sign-ins per email within LOGIN_WINDOW_MINUTES before further attempts are refused. */
  LOGIN_MAX_FAILURES: int(5, 1, 10_000),
  /** Failed sign-ins per client IP (lib/auth/client-ip.ts, TRUST_PROXY_HOPS) within the window. */
  LOGIN_MAX_FAILURES_PER_IP: int(20, 1, 100_000),
  LOGIN_WINDOW_MINUTES: int(15, 1, 1440),
  /** Sign-ups (attempts, successful or not) per client address per hour. */
  SIGNUP_PER_IP_PER_HOUR: int(10, 1, 1_000_000),
  /** Account mails (verification links, "someone tried to sign up") one address receives per hour. */
  ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR: int(3, 1, 1000),
  /** "Send the link again" requests per client address per hour. */
  VERIFY_RESENDS_PER_IP_PER_HOUR: int(10, 1, 1_000_000),
  /** How long a verification link works. */
  VERIFY_LINK_HOURS: int(24, 1, 24 * 30),
  /** Cancels and re-runs per user per minute, each its own limit. */
  CANCEL_RATE_PER_MINUTE: int(60, 1, 1_000_000),
  RETRY_RATE_PER_MINUTE: int(20, 1, 1_000_000),
  /** Proxies of ours in front of the web server, each appending to x-forwarded-for; 0: the socket peer is the client. */
  TRUST_PROXY_HOPS: int(0, 0, 10),
  /** GitHub OAuth app; both set → a "GitHub" sign-in button. */
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  /** Any OpenID Connect issuer (Keycloak, Authentik, Google…); issuer, id and secret set → a button. */
  OIDC_ISSUER: optionalString.pipe(z.url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** Label of the OIDC button. */
  OIDC_NAME: optionalString,
  // Notifications (issue 9)
  /** smtp://user:pass@host:587 or smtps://…; set → e-mail notifications (on by default for finished tasks). */
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  /** Sender of notification mail, e.g. "Shortplay <noreply@example.com>". */
  MAIL_FROM: optionalString,
  /** true → webhooks may target loopback and private addresses (tests, a trusted LAN). */
  WEBHOOK_ALLOW_PRIVATE: bool(false),
  /** A webhook receiver must answer within this. */
  WEBHOOK_TIMEOUT_MS: int(10_000, 100, 60_000),
  /** An endpoint is disabled after this many failed attempts in a row (the user is told why). */
  WEBHOOK_DISABLE_AFTER: int(15, 1, 1000),
  /** Attempts per notification before it is marked failed. */
  NOTIFY_MAX_ATTEMPTS: int(8, 1, 50),
  /** First retry delay; doubles per attempt (with jitter) up to NOTIFY_RETRY_MAX_MS. */
  NOTIFY_RETRY_BASE_MS: int(30_000, 10, 3_600_000),
  NOTIFY_RETRY_MAX_MS: int(3_600_000, 10, 86_400_000),
  /** Notifications one worker delivers at once (separate from WORKER_CONCURRENCY). */
  NOTIFY_CONCURRENCY: int(4, 1, 64),
  /** SMS through Twilio's Messages API (or anything speaking it): all three set → SMS notifications. */
  SMS_ACCOUNT_SID: optionalString,
  SMS_AUTH_TOKEN: optionalString,
  /** The sender number (E.164) or messaging service id. */
  SMS_FROM: optionalString,
  SMS_API_URL: optionalString
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .transform((v) => v ?? 'https://api.twilio.com'),
  /** Browser push (VAPID). Unset → `npm start` generates a key pair into DATA_DIR/vapid-keys.json. */
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  /** Who runs this server, for push services: mailto:you@example.com or an https URL. */
  VAPID_SUBJECT: optionalString,
  // Operations (issue 13)
  /** Comma-separated emails made admins at sign-up and at every sign-in. */
  ADMIN_EMAILS: optionalString.transform((v) =>
    (v ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  ),
  /** Bearer token Prometheus sends to GET /api/metrics (an admin session works too). */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** JSON object overriding default alert rules (lib/alerts/rules.ts), by rule id. */
  ALERT_RULES: optionalString,
  /** Slack-compatible incoming webhook that receives alerts. */
  ALERT_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Comma-separated emails that receive alerts by SMTP. */
  ALERT_EMAILS: optionalString,
  /** How often the (single) alert evaluator runs. */
  ALERT_INTERVAL_SECONDS: int(60, 5, 3600),
});
export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const env: Env = parseEnv(process.env);

export function requireDatabaseUrl(): string {
  if (!env.DATABASE_URL) {
    throw new EnvError(
      'DATABASE_URL is not set. Use `npm start` (it runs an embedded Postgres) or set DATABASE_URL=postgres://…',
    );
  }
  return env.DATABASE_URL;
}

/** The app's public URL, for links in notifications. */
export function publicUrl(): string {
  return (env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}
