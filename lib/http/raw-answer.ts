// Answering an API request on the raw Node response, outside Next.js (lib/live/direct-open.ts),
// byte for byte as a route wrapped in handle() would be answered through Next.js: our API headers
// and request id, plus what Next.js adds to every route's answer itself, its Vary header and its
// compression of a compressible body (its own `compression` middleware, default options, as
// next.config.js leaves `compress` on).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  NEXT_ROUTER_PREFETCH_HEADER,
  NEXT_ROUTER_SEGMENT_PREFETCH_HEADER,
  NEXT_ROUTER_STATE_TREE_HEADER,
  RSC_HEADER,
} from 'next/dist/client/components/app-router-headers';
import compression from 'next/dist/compiled/compression';
import { isHttps } from './map-error';
import { securityHeaders } from './security';

/** The Vary Next.js puts on every App Router answer (next/dist/server/base-server.js). */
const ROUTE_VARY = `${RSC_HEADER}, ${NEXT_ROUTER_STATE_TREE_HEADER}, ${NEXT_ROUTER_PREFETCH_HEADER}, ${NEXT_ROUTER_SEGMENT_PREFETCH_HEADER}`;

const compress = compression();

/** The headers every API answer carries besides its own: security headers, request id, Vary. */
export function rawApiHeaders(request: { url: string }, requestId: string): Record<string, string> {
  return {
    ...securityHeaders({ nonce: null, https: isHttps(request), dev: false }, 'api'),
    'x-request-id': requestId,
    vary: ROUTE_VARY,
  };
}

/** Writes `answer` (an error's JSON from toErrorResponse) to `res`, compressed as Next.js would. */
export async function writeRawAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Response,
  headers: Record<string, string>,
): Promise<void> {
  const body = Buffer.from(await answer.arrayBuffer());
  compress(req, res, () => {
    res.writeHead(answer.status, { ...Object.fromEntries(answer.headers), ...headers });
    res.end(body);
  });
}
