// How fast each engine works, learnt from its finished tasks (characters per second), with a
// conservative prior until there is history; estimated_time comes from it. Cached per process for
// a minute.
import { type DbTx, getDb } from '../db/client';

const PRIOR_CHARS_PER_SECOND: Record<string, number> = { offline: 100_000 };
const LLM_PRIOR = 60;
const cache = new Map<string, { rate: number; at: number }>();

/** `model` is the task's resolved model: 'offline' or an LLM model name. */
export async function charsPerSecond(db: DbTx, key: string): Promise<number> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.rate;
  const rows = await db.$queryRaw<{ rate: number | null }[]>`
    SELECT sum(novel_content_length)::float8 / NULLIF(sum(extract(epoch FROM finished_at - started_at)), 0) AS rate
    FROM (SELECT novel_content_length, started_at, finished_at FROM script_tasks
          WHERE status = 'completed' AND started_at IS NOT NULL AND options->>'model' = ${key}
          ORDER BY finished_at DESC LIMIT 50) recent`;
  const learnt = rows[0]?.rate ?? null;
  const rate = learnt && learnt > 0 ? learnt : (PRIOR_CHARS_PER_SECOND[key] ?? LLM_PRIOR);
  cache.set(key, { rate, at: Date.now() });
  return rate;
}

/** Each model's speed, for the submit form's estimate before anything is submitted. */
export async function learnedSpeeds(models: readonly string[]): Promise<Record<string, number>> {
  const db = getDb();
  return Object.fromEntries(await Promise.all(models.map(async (m) => [m, await charsPerSecond(db, m)] as const)));
}
