// Pieces every route's OpenAPI description shares: the error body, the error responses by status,
// auth, the task id parameter and JSON content. Route docs live beside their domain
// (lib/tasks/openapi.ts, lib/auth/openapi.ts …); lib/openapi/routes.ts lists them all.
import { z } from 'zod';
import type { ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';

export type Paths = ZodOpenApiPathsObject;

/** Compile-time check that a zod schema written for the document matches a hand-written type. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code', example: 'validation_error' }),
      message: z.string().meta({ description: 'What went wrong and what to do, for people' }),
      field: z
        .string()
        .optional()
        .meta({ description: 'The request field at fault (400/413/422)', example: 'options.language' }),
      request_id: z.string().optional().meta({ description: 'Quote this when reporting a 500' }),
    }),
  })
  .meta({ id: 'ErrorBody', description: 'Every 4xx and 5xx answer has this body.' });

const retryAfter = z.string().meta({ description: 'Seconds to wait before trying again', example: '5' });

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request (bad JSON, not UTF-8, empty body)',
  401: 'No valid session cookie or bearer token',
  403: 'Not allowed (for example sign-up is turned off)',
  404: "Not found, or another user's (never confirmed to exist)",
  409: 'The state does not allow this (for example retrying a running task)',
  413: 'Larger than allowed (NOVEL_MAX_CHARS or the body limit)',
  415: 'The body is not sent as application/json',
  422: 'A field failed validation; `error.field` names it',
  429: 'Over a limit (rate, active tasks, failed sign-ins); see Retry-After',
  500: 'An unexpected error; logged with `error.request_id`',
  503: 'The database is unreachable; nothing was changed; see Retry-After',
};

function errorResponse(status: number): ZodOpenApiResponseObject {
  const res: ZodOpenApiResponseObject = {
    description: ERROR_TEXT[status] ?? `HTTP ${status}`,
    content: { 'application/json': { schema: ErrorBody } },
  };
  if (status === 429 || status === 503) res.headers = z.object({ 'Retry-After': retryAfter });
  return res;
}

/** Error responses for the given statuses; 500 and 503 are added to every route that touches the database. */
export function errors(...statuses: number[]): Record<string, ZodOpenApiResponseObject> {
  const all = [...new Set([...statuses, 500, 503])].sort();
  return Object.fromEntries(all.map((s) => [String(s), errorResponse(s)]));
}

export const json = (schema: z.ZodType, description: string, example?: unknown): ZodOpenApiResponseObject => ({
  description,
  content: { 'application/json': example === undefined ? { schema } : { schema, example } },
});

/** Both ways to authenticate; routes that take either say `security: AUTHENTICATED`. */
export const AUTHENTICATED: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];

export const securitySchemes = {
  bearer: {
    type: 'http' as const,
    scheme: 'bearer',
    description: 'An API token from POST /api/tokens (`sp_…`), as `Authorization: Bearer <token>`.',
  },
  cookie: {
    type: 'apiKey' as const,
    in: 'cookie' as const,
    name: 'next-auth.session-token',
    description: 'The dashboard session cookie (`__Secure-next-auth.session-token` over HTTPS).',
  },
};
