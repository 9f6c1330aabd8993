// The service's own routes in the OpenAPI document: health and the document itself.
import { z } from 'zod';
import type { Health, PublicHealth } from '../health';
import { type Assert, type Equal, json, type Paths } from './common';

const HealthDoc = z
  .object({
    ok: z.boolean(),
    database: z.object({ ok: z.boolean(), latency_ms: z.number().nullable(), error: z.string().optional() }),
    queue: z.object({
      ok: z.boolean(),
      name: z.string(),
      queued: z.number().nullable(),
      active: z.number().nullable(),
    }),
    workers: z.array(
      z.object({
        id: z.string(),
        hostname: z.string(),
        pid: z.number(),
        concurrency: z.number(),
        running: z.number(),
        last_heartbeat: z.string(),
        live: z.boolean(),
      }),
    ),
    live_workers: z.number(),
  })
  .meta({ id: 'Health' });
export type _HealthMatches = Assert<Equal<z.infer<typeof HealthDoc>, Health>>;

/** What an anonymous caller (or a non-admin) is told: status only. */
const PublicHealthDoc = z
  .object({ ok: z.boolean(), status: z.enum(['ok', 'degraded', 'unavailable']) })
  .meta({ id: 'PublicHealth' });
export type _PublicHealthMatches = Assert<Equal<z.infer<typeof PublicHealthDoc>, PublicHealth>>;
const AnyHealth = z.union([PublicHealthDoc, HealthDoc]);

export const servicePaths: Paths = {
  '/api/health': {
    get: {
      operationId: 'health',
      summary: 'Status for anyone; database, queue and live workers for an admin',
      tags: ['service'],
      security: [],
      responses: {
        '200': json(AnyHealth, 'The database is reachable'),
        '503': {
          ...json(AnyHealth, 'The database is unreachable'),
          headers: z.object({ 'Retry-After': z.string() }),
        },
      },
    },
  },
  '/api/openapi.json': {
    get: {
      operationId: 'openapi',
      summary: 'This document (OpenAPI 3.1)',
      description: 'A readable reference is at /docs/api.',
      tags: ['service'],
      security: [],
      responses: {
        '200': {
          description: 'The document',
          content: { 'application/json': { schema: z.object({ openapi: z.string() }).passthrough() } },
        },
      },
    },
  },
};
