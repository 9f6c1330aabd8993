import { requireUser } from '@/lib/auth';
import { env } from '@/lib/env';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { CreateTaskBody, createTask, listTasks } from '@/lib/tasks';

// POST /api/tasks — submit a novel; answers 202 with the task at once (200 for an Idempotency-Key replay)
export const POST = handle(async (request: Request) => {
  const actor = await requireUser(request);
  // UTF-8 takes up to 4 bytes a character and JSON escapes up to 6: allow for both, then count characters.
  const body = await readJson(request, CreateTaskBody, env.NOVEL_MAX_CHARS * 6 + 65_536);
  const key = request.headers.get('idempotency-key') ?? undefined;
  const { task, created } = await createTask(actor, body, key);
  return Response.json(task, {
    status: created ? 202 : 200,
    headers: { Location: `/api/tasks/${task.task_id}` },
  });
});

// GET /api/tasks?status=&q=&batch=&limit=&cursor= — the caller's tasks, newest first, without inputs or results
export const GET = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const p = new URL(request.url).searchParams;
  return Response.json(
    await listTasks(actor, {
      status: p.get('status'),
      q: p.get('q'),
      batch: p.get('batch'),
      limit: p.get('limit'),
      cursor: p.get('cursor'),
    }),
  );
});
