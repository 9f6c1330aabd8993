import { requireUser } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { CreateWebhookBody, createWebhook, listWebhooks } from '@/lib/notify';

// POST /api/webhooks — {url, events}; 201 with {id, secret, …}: the signing secret is shown this once
export const POST = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const body = await readJson(request, CreateWebhookBody, 16_384);
  return Response.json(await createWebhook(actor.id, body), { status: 201 });
});

// GET /api/webhooks — the caller's endpoints (never the secrets), with why any was disabled
export const GET = handle(async (request: Request) => {
  const actor = await requireUser(request);
  return Response.json({ webhooks: await listWebhooks(actor.id) });
});
