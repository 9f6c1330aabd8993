import { handle } from '@/lib/http/map-error';
import { REFERENCE_PAGE_CSP } from '@/lib/http/security';
import { referenceHtml } from '@/lib/openapi/reference';

const page = handle(
  async (_request: Request) =>
    new Response(referenceHtml(), { headers: { 'content-type': 'text/html; charset=utf-8' } }),
);

// GET /docs/api — the API reference (Swagger UI, self-hosted) over /api/openapi.json, under its own
// page CSP in place of the API's sandbox (proxy.ts leaves this one path alone)
export async function GET(request: Request): Promise<Response> {
  const res = await page(request);
  res.headers.set('Content-Security-Policy', REFERENCE_PAGE_CSP);
  return res;
}
