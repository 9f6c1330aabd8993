// npm run worker — one worker process. Run as many as you like, on as many machines, against
// one Postgres. SIGTERM/SIGINT: stop fetching, finish or hand back running tasks, exit.
import { runWorkerProcess } from './run-worker';

runWorkerProcess().catch((err: Error) => {
  console.error('[worker] failed to start:', err.message);
  process.exit(1);
});
