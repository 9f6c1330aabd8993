// The OpenAPI 3.1 document of the HTTP API, built from the zod schemas the routes and the typed
// client use (zod-openapi), once per process. Served at GET /api/openapi.json; rendered at /docs/api.
import { createDocument, type oas31 } from 'zod-openapi';
import { securitySchemes } from './common';
import { ROUTE_GROUPS } from './routes';

export type OpenApiDocument = oas31.OpenAPIObject;

let cached: OpenApiDocument | null = null;

export function openApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const paths = Object.assign({}, ...ROUTE_GROUPS);
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Shortplay API',
      version: '1',
      description:
        'Turn a novel into a short-drama (短剧) script as a background task: submit, follow its progress (SSE or polling), download the script. Every body is JSON with snake_case fields; every error is `{"error":{"code","message"}}`.',
    },
    tags: [
      { name: 'tasks', description: 'Submit novels and follow their tasks' },
      { name: 'accounts', description: 'Sign-up and API tokens' },
      { name: 'sign-in (next-auth)', description: 'The browser sign-in flow' },
      { name: 'service', description: 'Health and this document' },
    ],
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    components: { securitySchemes },
  }) as OpenApiDocument;
  return cached;
}
