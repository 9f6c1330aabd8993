// A worker process whose fetch loop claims with pg-boss's own fetch (strict priority-then-age
// order) instead of the fair claim: the baseline of `npm run bench:fair`'s end-to-end phases.
// Bench only; the product's worker is jobs/main.ts.
import { runWorkerProcess } from '../jobs/run-worker';
import { fetchFifo } from '../lib/queue/fair-claim';

runWorkerProcess((boss) => (n) => fetchFifo(boss, n)).catch((err: Error) => {
  console.error('[worker] failed to start:', err.message);
  process.exit(1);
});
