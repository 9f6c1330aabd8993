// For the live-stream tests that run lib/live in this process: a fresh test database (see
// in-process.ts) with the given heartbeat, and the modules the tests drive, imported once that
// database is in place.
import { beforeAll } from 'vitest';
import { type InProcessDb, inProcessDb } from './in-process';

export interface LiveModules {
  live: typeof import('../../lib/live/task-stream');
  tasks: typeof import('../../lib/tasks');
  channels: typeof import('../../lib/live/channels');
}

export function liveInProcess(heartbeatSeconds: number): { db: InProcessDb; mods: LiveModules } {
  const db = inProcessDb({ SSE_HEARTBEAT_SECONDS: String(heartbeatSeconds) });
  const mods = {} as LiveModules;
  beforeAll(async () => {
    mods.live = await import('../../lib/live/task-stream');
    mods.tasks = await import('../../lib/tasks');
    mods.channels = await import('../../lib/live/channels');
  });
  return { db, mods };
}
