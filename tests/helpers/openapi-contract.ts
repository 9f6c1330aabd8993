// Checks HTTP answers against the OpenAPI document (lib/openapi): is the status documented for
// this method and path, is the content type one it lists, and does a JSON body match its schema
// (JSON Schema 2020-12, as OpenAPI 3.1 uses). Used by the integration tests on every answer they
// receive (tests/helpers/contract-setup.ts) and by the document's own unit test.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { type OpenApiDocument, openApiDocument } from '../../lib/openapi/document';

type Operation = NonNullable<NonNullable<OpenApiDocument['paths']>[string]['get']>;
type Media = { schema?: unknown; example?: unknown };

export interface ContractCheck {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  /** The body as text, when the check should read it (JSON answers). */
  body?: string;
}

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly routes: { pattern: RegExp; template: string }[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument = openApiDocument()) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    // Component schemas are referenced as #/components/schemas/X: register them under that address.
    this.ajv.addSchema({ $id: 'openapi', components: doc.components ?? {} });
    this.routes = Object.keys(doc.paths ?? {})
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
      }))
      // Literal paths before templated ones, so /api/tasks never matches /api/tasks/{id}.
      .sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  }

  operation(method: string, pathname: string): { template: string; op: Operation } | null {
    for (const r of this.routes) {
      if (!r.pattern.test(pathname)) continue;
      const item = this.doc.paths?.[r.template] as Record<string, Operation> | undefined;
      const op = item?.[method.toLowerCase()];
      if (op) return { template: r.template, op };
    }
    return null;
  }

  /** The problems with one answer; empty when the document describes it. */
  check(c: ContractCheck): string[] {
    const pathname = new URL(c.url).pathname;
    const where = `${c.method} ${pathname} → ${c.status}`;
    const found = this.operation(c.method, pathname);
    if (!found) return [`${where}: no such operation in the OpenAPI document`];
    const response = (found.op.responses as Record<string, { content?: Record<string, Media> }>)[String(c.status)];
    if (!response) return [`${where}: status not documented for ${c.method} ${found.template}`];
    const content = response.content;
    if (!content) return [];
    const mediaType = (c.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const media = content[mediaType];
    if (!media) return [`${where}: content type "${mediaType}" not documented (${Object.keys(content).join(', ')})`];
    if (mediaType !== 'application/json' || c.body === undefined) return [];
    let data: unknown;
    try {
      data = JSON.parse(c.body);
    } catch {
      return [`${where}: body is not JSON`];
    }
    return this.validate(media.schema, data, `${c.method} ${found.template} ${c.status}`).map((e) => `${where}: ${e}`);
  }

  /** Schema errors of `data` against a schema of the document (which may $ref its components). */
  validate(schema: unknown, data: unknown, key: string): string[] {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(rebase(schema));
      this.compiled.set(key, fn);
    }
    if (fn(data)) return [];
    return (fn.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'invalid'}`);
  }
}

/** #/components/… refs point into the document registered as "openapi". */
function rebase(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema ?? {}).replaceAll('"$ref":"#/components/', '"$ref":"openapi#/components/'));
}
