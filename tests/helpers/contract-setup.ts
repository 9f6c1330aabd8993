// Integration tests: every answer the tests receive from our API (any fetch: raw, a TestUser's or
// the typed client's) is checked against the OpenAPI document. A status, content type or JSON
// body the document does not describe fails the test that received it, and so does any 500.
import { afterEach } from 'vitest';
import { OpenApiContract } from './openapi-contract';

const contract = new OpenApiContract();
const realFetch = globalThis.fetch;
let problems: string[] = [];
let pending: Promise<void>[] = [];

/** Our web processes listen on loopback and serve the API under /api/ (the fake model uses /v1/). */
const isOurApi = (url: URL) => ['127.0.0.1', 'localhost'].includes(url.hostname) && url.pathname.startsWith('/api/');

function target(input: RequestInfo | URL, init?: RequestInit): { url: string; method: string } {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  return { url, method: method.toUpperCase() };
}

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const res = await realFetch(input, init);
  const sent = target(input, init);
  const url = new URL(res.redirected && res.url ? res.url : sent.url);
  if (!isOurApi(url)) return res;
  const method = res.redirected ? 'GET' : sent.method;
  const base = { method, url: url.href, status: res.status, contentType: res.headers.get('content-type') };
  if (res.status === 500) problems.push(`${method} ${url.pathname} → 500 (no test expects an internal error)`);
  if ((base.contentType ?? '').startsWith('application/json')) {
    // Read a copy; the test reads the original as it likes.
    pending.push(
      res
        .clone()
        .text()
        .then((body) => {
          problems.push(...contract.check({ ...base, body }));
        })
        .catch(() => undefined), // the test aborted the body: nothing to check
    );
  } else {
    problems.push(...contract.check(base));
  }
  return res;
};

// Answers received in beforeAll hooks are reported by the first test after them.
afterEach(async () => {
  await Promise.all(pending);
  pending = [];
  const found = problems;
  problems = [];
  if (found.length) {
    throw new Error(`Answers the OpenAPI document does not describe:\n${[...new Set(found)].join('\n')}`);
  }
});
