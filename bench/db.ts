// Direct database access for the bench: resets between phases, the tasks' own timestamps, and
// write counters from pg_stat_user_tables / pg_stat_database (evidence for where time goes).
import pg from 'pg';
import { sleep } from './stats';

export class BenchSql {
  private constructor(private readonly pool: pg.Pool) {}

  static open(url: string): BenchSql {
    const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'bench-observer' });
    pool.on('error', () => undefined);
    return new BenchSql(pool);
  }

  async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, values)).rows;
  }

  async one<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T> {
    const [row] = await this.query<T>(sql, values);
    if (!row) throw new Error(`no row: ${sql}`);
    return row;
  }

  /** Empties tasks and their jobs so the next phase starts from the same state (no workers may run). */
  async reset(): Promise<void> {
    await this.pool.query('TRUNCATE script_tasks, task_inputs, task_events, task_checkpoints');
    await this.pool.query(`DELETE FROM pgboss.job WHERE name = 'generate-script'`);
    await this.pool.query('VACUUM ANALYZE');
  }

  async userIds(): Promise<string[]> {
    return (await this.query<{ id: string }>('SELECT id FROM users ORDER BY email')).map((r) => r.id);
  }

  async countStatus(status: string): Promise<number> {
    return (
      await this.one<{ n: number }>('SELECT count(*)::int AS n FROM script_tasks WHERE status = $1::task_status', [
        status,
      ])
    ).n;
  }

  /** Waits until `n` tasks have `status` (polling every `everyMs`), or the deadline; returns the count reached. */
  async waitForStatus(status: string, n: number, deadline: number, everyMs = 50): Promise<number> {
    for (;;) {
      const got = await this.countStatus(status);
      if (got >= n || Date.now() > deadline) return got;
      await sleep(everyMs);
    }
  }

  /** Counters summed over our tables and pg-boss's job tables, plus the database's commits. */
  async counters(): Promise<Counters> {
    // Give backends that just went idle time to flush their pending statistics (PG ≥ 15 flushes
    // at most once a second); backends that exited have flushed already.
    await sleep(1200);
    await this.pool.query('SELECT pg_stat_clear_snapshot()');
    const tables = await this.query<{
      relname: string;
      schemaname: string;
      ins: string;
      upd: string;
      hot: string;
      del: string;
    }>(
      `SELECT relname, schemaname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del
       FROM pg_stat_user_tables WHERE schemaname IN ('public', 'pgboss')`,
    );
    const db = await this.one<{ commits: string }>(
      'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()',
    );
    const byTable: Counters['byTable'] = {};
    for (const t of tables) {
      const key =
        t.schemaname === 'pgboss' && t.relname !== 'queue' && t.relname !== 'version'
          ? 'pgboss.job*'
          : `${t.schemaname}.${t.relname}`;
      const cur = byTable[key] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
      cur.ins += Number(t.ins);
      cur.upd += Number(t.upd);
      cur.hot += Number(t.hot);
      cur.del += Number(t.del);
      byTable[key] = cur;
    }
    return { commits: Number(db.commits), byTable };
  }

  /** Top statements by total time since the last call (pg_stat_statements, when loaded), then reset. */
  async topStatements(limit = 12): Promise<{ calls_total: number; top: Statement[] } | null> {
    try {
      const [all] = await this.query<{ calls: number }>(
        `SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      const rows = await this.query<Statement>(
        `SELECT calls::int, round(total_exec_time::numeric, 1)::float8 AS total_ms,
                round(mean_exec_time::numeric, 3)::float8 AS mean_ms, rows::int,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY total_exec_time DESC LIMIT $1`,
        [limit],
      );
      await this.pool.query('SELECT pg_stat_statements_reset()');
      return { calls_total: all?.calls ?? 0, top: rows };
    } catch {
      return null; // extension not loaded: the default
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export interface Statement {
  calls: number;
  total_ms: number;
  mean_ms: number;
  rows: number;
  query: string;
}

export interface Counters {
  commits: number;
  byTable: Record<string, { ins: number; upd: number; hot: number; del: number }>;
}

/** after − before, per table, keeping only tables that changed. */
export function diffCounters(before: Counters, after: Counters) {
  const byTable: Counters['byTable'] = {};
  for (const [k, a] of Object.entries(after.byTable)) {
    const b = before.byTable[k] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
    const d = { ins: a.ins - b.ins, upd: a.upd - b.upd, hot: a.hot - b.hot, del: a.del - b.del };
    if (d.ins || d.upd || d.del) byTable[k] = d;
  }
  return { commits: after.commits - before.commits, byTable };
}
