// This process's Prometheus metrics (prom-client): HTTP durations and open SSE streams in the web
// process; task, stage and LLM series in workers, whose snapshots reach GET /api/metrics through
// the workers table (docs/decisions/0141-worker-metrics-through-the-database.md). One registry per
// process, kept on globalThis so a reloaded module never registers a name twice.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const TASK_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'shortplay_http_request_duration_seconds',
      help: 'HTTP request durations of the API, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    sseOpen: new Gauge({ name: 'shortplay_sse_streams_open', help: 'Open task event streams', registers }),
    sseOpens: new Counter({
      name: 'shortplay_sse_opens_total',
      help: "Task event stream requests, by the path that answered them: direct (the web server's own handler, lib/live/direct-open.ts) or next (Next.js's route)",
      labelNames: ['path'] as const,
      registers,
    }),
    taskWait: new Histogram({
      name: 'shortplay_task_wait_seconds',
      help: 'Time from submission to a run starting',
      buckets: TASK_BUCKETS,
      registers,
    }),
    taskRun: new Histogram({
      name: 'shortplay_task_run_seconds',
      help: 'Run durations, by how the run ended',
      labelNames: ['outcome'] as const,
      buckets: TASK_BUCKETS,
      registers,
    }),
    stageDuration: new Histogram({
      name: 'shortplay_stage_duration_seconds',
      help: 'Pipeline stage durations',
      labelNames: ['stage'] as const,
      buckets: TASK_BUCKETS,
      registers,
    }),
    llmCalls: new Counter({
      name: 'shortplay_llm_calls_total',
      help: 'Model calls (each attempt), by model and outcome (ok or the error code)',
      labelNames: ['model', 'outcome'] as const,
      registers,
    }),
    llmErrors: new Counter({
      name: 'shortplay_llm_errors_total',
      help: 'Failed model calls, by model and error code',
      labelNames: ['model', 'code'] as const,
      registers,
    }),
    llmTokens: new Counter({
      name: 'shortplay_llm_tokens_total',
      help: 'Tokens, by model and kind (prompt, completion, cached, reasoning)',
      labelNames: ['model', 'kind'] as const,
      registers,
    }),
    llmCost: new Counter({
      name: 'shortplay_llm_cost_usd_total',
      help: 'Model spend in US dollars from the price table',
      labelNames: ['model'] as const,
      registers,
    }),
  };
}

const g = globalThis as unknown as { shortplayMetrics?: ReturnType<typeof create> };
g.shortplayMetrics ??= create();
export const metrics = g.shortplayMetrics;
