import { requireUser } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { deletePhone, getPhone, PhoneBody, requestCode } from '@/lib/notify/phone';

// GET /api/notifications/phone — {phone, verified}
export const GET = handle(async (request: Request) => {
  const actor = await requireUser(request);
  return Response.json(await getPhone(actor.id));
});

// POST /api/notifications/phone — {phone} in E.164; 202 once a one-time code was sent (429 when asked too often)
export const POST = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const { phone } = await readJson(request, PhoneBody, 4096);
  return Response.json(await requestCode(actor.id, phone), { status: 202 });
});

// DELETE /api/notifications/phone — forget the number; 204
export const DELETE = handle(async (request: Request) => {
  const actor = await requireUser(request);
  await deletePhone(actor.id);
  return new Response(null, { status: 204 });
});
