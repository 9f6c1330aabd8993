// Operations routes in the OpenAPI document: admin metrics, users and alerts, Prometheus, and the
// live/ready probes (decision 0110's recipe).
import { z } from 'zod';
import { User } from '../auth/openapi';
import { AUTHENTICATED, errors, json, type Paths } from '../openapi/common';

const Pct = z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).meta({
  description:
    'Milliseconds, read from log-bucket histograms (8 buckets per doubling): within 4.4 % + 1 ms of the exact percentile.',
});
const MetricsReportDoc = z
  .object({
    window: z.enum(['1h', '24h', '7d', '30d']),
    since: z.string(),
    until: z.string(),
    counts: z.object({
      submitted: z.number(),
      completed: z.number(),
      failed: z.number(),
      cancelled: z.number(),
      success_rate: z.number().nullable(),
    }),
    wait_ms: Pct,
    run_ms: Pct,
    stages: z.array(z.object({ stage: z.string(), count: z.number() }).extend(Pct.shape)),
    now: z.object({ running: z.number(), live_workers: z.number(), slots_used: z.number(), slots_total: z.number() }),
    queue: z.object({ waiting: z.number(), oldest_waiting_ms: z.number().nullable() }),
    throughput: z.array(
      z.object({ hour: z.string(), submitted: z.number(), completed: z.number(), failed: z.number() }),
    ),
    failures: z.array(z.object({ code: z.string(), count: z.number(), example: z.string().nullable() })),
    usage: z.array(
      z.object({ day: z.string(), model: z.string(), tasks: z.number(), tokens: z.number(), cost_usd: z.number() }),
    ),
    heaviest_users: z.array(
      z.object({ user_id: z.string(), email: z.string(), tasks: z.number(), tokens: z.number(), cost_usd: z.number() }),
    ),
  })
  .meta({ id: 'MetricsReport' });

const AdminUser = User;

const AlertDoc = z
  .object({
    id: z.string(),
    rule: z.string(),
    state: z.enum(['firing', 'resolved']),
    summary: z.string(),
    value: z.number().nullable(),
    threshold: z.number().nullable(),
    fired_at: z.string(),
    resolved_at: z.string().nullable(),
    last_evaluated_at: z.string(),
    history: z.array(z.object({ at: z.string(), state: z.string(), summary: z.string() })),
  })
  .meta({ id: 'Alert' });

const AlertsViewDoc = z
  .object({
    firing: z.array(AlertDoc),
    recent: z.array(AlertDoc),
    rules: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.boolean()]))),
    overrides: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.boolean()]))),
  })
  .meta({ id: 'AlertsView' });

const admin = { tags: ['admin'], security: AUTHENTICATED };

export const opsPaths: Paths = {
  '/api/admin/metrics': {
    get: {
      ...admin,
      operationId: 'adminMetrics',
      summary: 'The metrics page as JSON (admins only)',
      requestParams: { query: z.object({ window: z.enum(['1h', '24h', '7d', '30d']).optional() }) },
      responses: { '200': json(MetricsReportDoc, 'Figures for the window ending now'), ...errors(401, 404, 422) },
    },
  },
  '/api/admin/users': {
    get: {
      ...admin,
      operationId: 'adminUsers',
      summary: 'Accounts with role, tier and task count (admins only)',
      requestParams: { query: z.object({ q: z.string().optional() }) },
      responses: {
        '200': json(z.object({ users: z.array(AdminUser.extend({ tasks: z.number() })) }), 'Newest first'),
        ...errors(401, 404),
      },
    },
  },
  '/api/admin/users/{id}': {
    patch: {
      ...admin,
      operationId: 'adminChangeUser',
      summary: "Change an account's role or tier (admins only)",
      requestParams: { path: z.object({ id: z.string() }) },
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              role: z.enum(['user', 'admin']).optional(),
              tier: z.enum(['standard', 'vip']).optional(),
            }),
          },
        },
      },
      responses: { '200': json(AdminUser, 'The account as it now is'), ...errors(400, 401, 404, 415, 422) },
    },
  },
  '/api/admin/alerts': {
    get: {
      ...admin,
      operationId: 'adminAlerts',
      summary: 'Firing and recently resolved alerts, and the effective rules (admins only)',
      responses: {
        '200': json(AlertsViewDoc, 'Newest first'),
        ...errors(401, 404),
      },
    },
  },
  '/api/admin/alerts/rules': {
    put: {
      ...admin,
      operationId: 'adminPutAlertRules',
      summary: 'Replace the rule overrides saved on /admin/alerts (admins only)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.boolean()]))),
            example: { failure_rate: { threshold: 0.3 }, storage: { enabled: false } },
          },
        },
      },
      responses: {
        '200': json(AlertsViewDoc, 'The alerts view with the new rules'),
        ...errors(400, 401, 404, 415, 422),
      },
    },
  },
  '/api/metrics': {
    get: {
      tags: ['service'],
      operationId: 'prometheus',
      summary: 'Prometheus text format',
      description: 'Authorization: Bearer $METRICS_TOKEN, or an admin session or token.',
      security: [{ bearer: [] }, { cookie: [] }],
      responses: {
        '200': { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } },
        ...errors(401),
      },
    },
  },
  '/api/health/live': {
    get: {
      tags: ['service'],
      operationId: 'healthLive',
      summary: 'The process is up (no database call)',
      security: [],
      responses: { '200': json(z.object({ ok: z.literal(true) }), 'Alive') },
    },
  },
  '/api/health/ready': {
    get: {
      tags: ['service'],
      operationId: 'healthReady',
      summary: 'The database and the queue answer',
      security: [],
      responses: {
        '200': json(z.object({ ok: z.boolean(), database: z.boolean(), queue: z.boolean() }), 'Ready'),
        '503': json(z.object({ ok: z.boolean(), database: z.boolean(), queue: z.boolean() }), 'Not ready'),
      },
    },
  },
};
