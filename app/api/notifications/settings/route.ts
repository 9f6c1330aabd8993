import { requireUser } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { getSettings, PutSettingsBody, putSettings } from '@/lib/notify';

// GET /api/notifications/settings — the channels each event uses, and which channels this server offers
export const GET = handle(async (request: Request) => {
  const actor = await requireUser(request);
  return Response.json(await getSettings(actor.id));
});

// PUT /api/notifications/settings — {events: {"task.completed": ["email"], "task.failed": []}}; 422 for a channel not configured
export const PUT = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const body = await readJson(request, PutSettingsBody, 16_384);
  return Response.json(await putSettings(actor.id, body));
});
