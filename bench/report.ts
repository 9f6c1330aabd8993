// The printed summary: one table of the numbers, each against its baseline or aim from the brief
// (issue 2 §8). Aims are printed for comparison, never asserted.
import { table } from './stats';

type Summary = { n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null };

export interface ReportInput {
  date: string;
  seconds: number;
  machine: { cpu: string; cores: number; memory_gib: number; node: string; commit: string | null };
  database: { kind: string; version: string };
  load_average_at_start: number[];
  submit: {
    clients: number;
    users: number;
    api: {
      tasks: number;
      tasks_per_s: number;
      latency_ms: Summary;
      p50_first_fifth_ms: number | null;
      p50_last_fifth_ms: number | null;
      cpu_s: Record<string, number | null>;
    };
    raw: { tasks: number; tasks_per_s: number; latency_ms: Summary; cpu_s: Record<string, number | null> };
    ratio_api_over_raw: number;
  };
  pickup: {
    samples: number;
    created_to_started_ms: Summary;
    response_to_started_ms: Summary;
    job_created_to_claimed_ms: Summary;
  };
  e2e: {
    label: string;
    completed: number;
    submitted: number;
    completed_per_s: number;
    submit_tasks_per_s: number;
    queue_wait_ms: Summary;
    run_ms: Summary;
    per_task: Record<string, number | null>;
    cpu_s: Record<string, number | null>;
  }[];
}

const ms = (x: number | null) => (x === null ? null : `${x} ms`);
const trio = (x: Summary) => `${x.p50} / ${x.p95} / ${x.p99} ms`;

/** CPU seconds by process, plus "other": busy time of the machine not explained by them. */
function cpuRow(label: string, c: Record<string, number | null>, tasks: number): (string | number | null)[] {
  const { machine, ...named } = c;
  const web = named.web ?? null;
  const pg = named.postgres ?? null;
  const workers = Object.entries(named)
    .filter(([k]) => k.startsWith('worker'))
    .reduce((a, [, v]) => a + (v ?? 0), 0);
  const bench = named.bench ?? null;
  const known = (web ?? 0) + (pg ?? 0) + workers + (bench ?? 0);
  const other = machine == null ? null : Math.round((machine - known) * 100) / 100;
  const perTask = (x: number | null) => (x === null || !tasks ? null : `${((x / tasks) * 1000).toFixed(2)}`);
  return [label, tasks, web, perTask(web), pg, perTask(pg), workers || null, perTask(workers || null), bench, other];
}

export function report(r: ReportInput): string {
  const s = r.submit;
  const rows: (string | number | null)[][] = [
    ['measure', 'value', 'baseline / aim', 'note'],
    [
      'submit: API tasks/s',
      s.api.tasks_per_s,
      `raw SQL ${s.raw.tasks_per_s}/s`,
      `${s.api.tasks} tasks, ${s.clients} clients, ${s.users} users`,
    ],
    ['submit: API / raw', s.ratio_api_over_raw, 'aim ≥ 0.30', ''],
    [
      'submit: API p50/p95/p99',
      trio(s.api.latency_ms),
      `raw ${trio(s.raw.latency_ms)}`,
      `API p50 first/last fifth ${s.api.p50_first_fifth_ms}/${s.api.p50_last_fifth_ms} ms`,
    ],
    [
      'pickup: created→started p50/p99',
      `${ms(r.pickup.created_to_started_ms.p50)} / ${ms(r.pickup.created_to_started_ms.p99)}`,
      'aim < 20 / < 100 ms',
      `${r.pickup.samples} samples`,
    ],
    [
      'pickup: 202→started p50/p99',
      `${ms(r.pickup.response_to_started_ms.p50)} / ${ms(r.pickup.response_to_started_ms.p99)}`,
      '',
      'negative = claimed before the 202 arrived',
    ],
    [
      'pickup: job created→claimed',
      `${ms(r.pickup.job_created_to_claimed_ms.p50)} / ${ms(r.pickup.job_created_to_claimed_ms.p99)}`,
      '',
      'pg-boss created_on→started_on',
    ],
  ];
  for (const e of r.e2e) {
    rows.push(
      [
        `e2e ${e.label}: completed/s`,
        e.completed_per_s,
        'aim ≥ 500',
        `${e.completed}/${e.submitted} done; submits ran at ${e.submit_tasks_per_s}/s`,
      ],
      [
        `e2e ${e.label}: wait/run p50`,
        `${ms(e.queue_wait_ms.p50)} / ${ms(e.run_ms.p50)}`,
        '',
        `p99 ${ms(e.queue_wait_ms.p99)} / ${ms(e.run_ms.p99)}`,
      ],
      [
        `e2e ${e.label}: per task`,
        `${e.per_task.stage_started_events} stages, ${e.per_task.script_tasks_updates} task UPDATEs`,
        '',
        `${e.per_task.events} events, ${e.per_task.job_updates} job UPDATEs, ${e.per_task.commits} commits`,
      ],
    );
  }
  const cpu: (string | number | null)[][] = [
    ['CPU seconds', 'tasks', 'web', 'ms/task', 'postgres', 'ms/task', 'workers', 'ms/task', 'bench', 'other'],
    cpuRow('submit API', s.api.cpu_s, s.api.tasks),
    cpuRow('submit raw SQL', s.raw.cpu_s, s.raw.tasks),
    ...r.e2e.map((e) => cpuRow(`e2e ${e.label}`, e.cpu_s, e.completed)),
  ];
  const head = `Shortplay bench — ${r.date} — ${r.machine.cores} × ${r.machine.cpu}, Node ${r.machine.node}, ${r.database.kind} Postgres ${r.database.version}, ${r.seconds} s, load at start ${r.load_average_at_start.join(' ')}`;
  return `${head}\n\n${table(rows)}\n\n${table(cpu)}\n("other" = busy CPU of the machine not used by these processes: other work running meanwhile)`;
}
