// The OpenAPI document: valid to a standard validator, covering every route file in app/api (and
// no route that does not exist), with examples that match their own schemas.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { OpenApiContract } from '../../tests/helpers/openapi-contract';
import { openApiDocument } from './document';

const doc = openApiDocument();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** app/api/**\/route.ts → { '/api/tasks/{id}': ['get'] }; next-auth's catch-all is described by hand. */
function routeFiles(dir = 'app/api', prefix = '/api'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name.startsWith('[...')) continue;
      const segment = name.replace(/^\[(.+)\]$/, '{$1}');
      Object.assign(out, routeFiles(full, `${prefix}/${segment}`));
    } else if (name === 'route.ts') {
      const src = readFileSync(full, 'utf8');
      out[prefix] = [...src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)]
        .map((m) => (m[1] ?? '').toLowerCase())
        .sort();
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('passes a standard OpenAPI validator', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('describes exactly the routes app/api serves, method by method', () => {
    const served = routeFiles();
    const documented: Record<string, string[]> = {};
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      if (p.startsWith('/api/auth/')) continue; // next-auth's own endpoints
      documented[p] = METHODS.filter((m) => (item as Record<string, unknown>)[m]).sort();
    }
    expect(documented).toEqual(served);
  });

  it('every operation has an id, a summary, its errors in the common body, and says how to authenticate', () => {
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const m of METHODS) {
        const op = (item as Record<string, Record<string, unknown> | undefined>)[m];
        if (!op) continue;
        expect(op.operationId, `${m} ${p}`).toBeTruthy();
        expect(op.summary, `${m} ${p}`).toBeTruthy();
        expect(op.security, `${m} ${p}`).toBeDefined();
        const secured = (op.security as unknown[]).some((s) => Object.keys(s as object).length > 0);
        const responses = op.responses as Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
        if (secured && !p.startsWith('/api/tokens')) expect(Object.keys(responses), `${m} ${p}`).toContain('401');
        for (const [status, r] of Object.entries(responses)) {
          // next-auth answers its own refusals with {url}; health's 503 is the health report.
          if (
            Number(status) >= 400 &&
            !p.startsWith('/api/health') &&
            !(p.startsWith('/api/auth/') && status === '401')
          ) {
            expect(r.content?.['application/json']?.schema?.$ref, `${m} ${p} ${status}`).toBe(
              '#/components/schemas/ErrorBody',
            );
          }
        }
      }
    }
  });

  it('the event stream is text/event-stream and names its events', () => {
    const op = doc.paths?.['/api/tasks/{id}/events']?.get;
    const ok = op?.responses?.['200'] as { content: Record<string, unknown> };
    expect(Object.keys(ok.content)).toEqual(['text/event-stream']);
    expect(op?.description).toMatch(/`task`.*`end`/s);
  });

  it('every JSON example matches its own schema', () => {
    const contract = new OpenApiContract(doc);
    let seen = 0;
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const m of METHODS) {
        const op = (item as Record<string, Record<string, unknown> | undefined>)[m];
        const bodies: [string, { schema?: unknown; example?: unknown } | undefined][] = [
          [
            'request',
            (op?.requestBody as { content?: Record<string, never> } | undefined)?.content?.['application/json'],
          ],
          ...Object.entries((op?.responses ?? {}) as Record<string, { content?: Record<string, never> }>).map(
            ([s, r]) => [s, r.content?.['application/json']] as [string, never],
          ),
        ];
        for (const [what, media] of bodies) {
          if (media?.example === undefined) continue;
          seen++;
          expect(
            contract.validate(media.schema, media.example, `example ${m} ${p} ${what}`),
            `${m} ${p} ${what}`,
          ).toEqual([]);
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(3);
  });

  it('the contract check refuses what the document does not describe', () => {
    const contract = new OpenApiContract(doc);
    const base = 'http://127.0.0.1:3000';
    const json = 'application/json';
    const ok = { method: 'GET', url: `${base}/api/tasks/task_01KB2F6Q8ZJ3M4N5P6R7S8T9VW`, contentType: json };
    const err = JSON.stringify({ error: { code: 'not_found', message: 'Task not found.' } });
    expect(contract.check({ ...ok, status: 404, body: err })).toEqual([]);
    expect(contract.check({ ...ok, status: 418, body: err })[0]).toMatch(/status not documented/);
    expect(contract.check({ ...ok, status: 404, body: '{"error":"nope"}' })[0]).toMatch(/error/);
    expect(contract.check({ ...ok, status: 200, body: '{"task_id":1}' }).length).toBeGreaterThan(0);
    expect(contract.check({ ...ok, status: 404, contentType: 'text/html', body: '<p>' })[0]).toMatch(/content type/);
    expect(contract.check({ ...ok, method: 'PUT', status: 200 })[0]).toMatch(/no such operation/);
    expect(contract.check({ ...ok, url: `${base}/api/nope`, status: 404 })[0]).toMatch(/no such operation/);
  });
});
