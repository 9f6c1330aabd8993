// BENCH_FAIR_EXPLAIN=1 (with BENCH_DATABASE_URL: auto_explain is not in the embedded binaries):
// the buffers one claim reads with 2,000 jobs waiting, the fair claim's statements (auto_explain,
// nested) against pg-boss's fetch (EXPLAIN), each in a transaction rolled back, so the bench's
// state is left as it was. Evidence for docs/decisions/0102.

import pg from 'pg';
import type { PgBoss } from 'pg-boss';

type Sql = { text: string; values: unknown[] };

/** Explains one fair claim and one pg-boss fetch of one job; prints plans with buffer counts. */
export async function explainClaims(
  url: string,
  boss: PgBoss,
  claim: () => Promise<{ id: string }[]>,
  fair: () => Promise<unknown>,
  fetch: () => Promise<unknown>,
  label: string,
): Promise<void> {
  const db = boss.getDb() as { executeSql: (text: string, values?: unknown[]) => Promise<unknown> };
  const capture = async (run: () => Promise<unknown>): Promise<Sql> => {
    const orig = db.executeSql;
    let got: Sql | null = null;
    db.executeSql = (text, values = []) => {
      got ??= { text, values };
      return orig.call(db, text, values);
    };
    try {
      await run();
    } finally {
      db.executeSql = orig;
    }
    if (!got) throw new Error('no statement captured');
    return got;
  };
  // The statements as the bench runs them (the claim is then taken back: the rows stay 'active'
  // until the bench completes them, as in a sample; the explained runs below are rolled back).
  const fairSql = await capture(fair);
  const fetchSql = await capture(fetch);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const lines: string[] = [];
  c.on('notice', (m) => lines.push(String(m.message)));
  try {
    const stats = await c.query(
      `SELECT indexrelname AS index, idx_scan, idx_tup_read, idx_tup_fetch,
              pg_relation_size(indexrelid) / 8192 AS pages
       FROM pg_stat_user_indexes WHERE schemaname = 'pgboss' AND indexrelname IN ('shortplay_fair_heads', 'job_i11')`,
    );
    const tup = await c.query(
      `SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE schemaname = 'pgboss' AND relname LIKE 'job%'`,
    );
    const waiting = await c.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE state < 'active')::int AS waiting FROM pgboss.job`,
    );
    console.log(`\n=== ${label}: jobs ${JSON.stringify(waiting.rows[0])}`);
    console.table(stats.rows);
    console.table(tup.rows.filter((r) => Number(r.n_live_tup) + Number(r.n_dead_tup) > 0));
    // The same claim on pg-boss's pool (plans cached since the bench's first claims) and on a new
    // connection (plans made now), alternated, each claim then rolled back by completing nothing:
    // the claimed job is completed like a bench sample.
    const pooled: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 40; i++) {
      let t = performance.now();
      const jobs = await claim();
      pooled.push(performance.now() - t);
      await boss.complete(
        'generate-script',
        jobs.map((j) => j.id),
      );
      const f = new pg.Client({ connectionString: url });
      await f.connect();
      await f.query(fairSql.text, fairSql.values); // plans the function's statements on this connection
      t = performance.now();
      const { rows } = await f.query(fairSql.text, fairSql.values);
      fresh.push(performance.now() - t);
      await boss.complete(
        'generate-script',
        rows.map((r: { id: string }) => r.id),
      );
      await f.end();
    }
    const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]?.toFixed(2);
    console.log(
      `fair claim p50 on pg-boss's pool ${p50(pooled)} ms, on a new connection (second call) ${p50(fresh)} ms`,
    );
    await c.query(`LOAD 'auto_explain'`);
    await c.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
      SET auto_explain.log_buffers = on; SET auto_explain.log_nested_statements = on;
      SET auto_explain.log_timing = on; SET client_min_messages = log`);
    for (const [name, q] of [
      ['fair claim', fairSql],
      ['pg-boss fetch', fetchSql],
    ] as const) {
      for (let i = 0; i < 3; i++) {
        lines.length = 0;
        await c.query('BEGIN');
        const t = performance.now();
        await c.query(q.text, q.values);
        const ms = performance.now() - t;
        await c.query('ROLLBACK');
        if (i === 2) {
          console.log(`--- ${name} (${ms.toFixed(2)} ms, third of 3 runs)`);
          for (const l of lines) console.log(l);
        }
      }
    }
  } finally {
    await c.end();
  }
}
