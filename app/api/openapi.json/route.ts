import { handle } from '@/lib/http/map-error';
import { openApiDocument } from '@/lib/openapi/document';

// GET /api/openapi.json — the OpenAPI 3.1 document of this API, built from the routes' zod schemas
export const GET = handle(async () =>
  Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } }),
);
