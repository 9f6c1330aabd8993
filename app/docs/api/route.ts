import { handle } from '@/lib/http/map-error';
import { referenceHtml } from '@/lib/openapi/reference';

// GET /docs/api — the API reference (Swagger UI, self-hosted) over /api/openapi.json
export const GET = handle(
  async () => new Response(referenceHtml(), { headers: { 'content-type': 'text/html; charset=utf-8' } }),
);
