import { requireUser } from '@/lib/auth';
import { env } from '@/lib/env';
import { readBatchForm } from '@/lib/http/batch-form';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { CreateBatchBody, createBatch, listBatches, MAX_BATCH_TASKS } from '@/lib/tasks';

// POST /api/batches — up to 100 novels (JSON, or multipart with .txt files) as one batch; 202 {batch_id, task_ids}
export const POST = handle(async (request: Request) => {
  const actor = await requireUser(request);
  // Each novel may be as long as a single submit allows (UTF-8 up to 4 bytes, JSON escapes up to 6).
  const maxBytes = MAX_BATCH_TASKS * (env.NOVEL_MAX_CHARS * 6 + 4096) + 65_536;
  const multipart = /^multipart\/form-data/i.test(request.headers.get('content-type') ?? '');
  const body = multipart ? await readBatchForm(request, maxBytes) : await readJson(request, CreateBatchBody, maxBytes);
  const { batch, created } = await createBatch(actor, body, request.headers.get('idempotency-key') ?? undefined);
  return Response.json(batch, {
    status: created ? 202 : 200,
    headers: { Location: `/api/batches/${batch.batch_id}` },
  });
});

// GET /api/batches?limit=&cursor= — the caller's batches, newest first, with counts and progress
export const GET = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const p = new URL(request.url).searchParams;
  return Response.json(await listBatches(actor, { limit: p.get('limit'), cursor: p.get('cursor') }));
});
