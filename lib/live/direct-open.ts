// Opening a task's live stream from the web server's own request handler, before Next.js routes
// the request (decision 0127). Next.js's routing and route runtime cost about 1.6 ms of CPU per
// request, a third of an open: too much for thousands of viewers arriving in one second. The
// route module registers openDirect() on globalThis when Next.js first loads it;
// scripts/web-server.mjs (preloaded) then hands it every GET /api/tasks/{id}/events, so the logic,
// and the caps, viewers and hub it uses, stay this module instance's. It answers exactly as the
// route does: the same authentication (answers shared for a second, lib/auth/recent-users.ts),
// admission, errors, security headers and x-request-id, log line and metrics. What it cannot read
// (a malformed path or header) it leaves to Next.js, which answers as before.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CredentialRequest, requireUser, requireUserRecent } from '../auth/require-user';
import { env } from '../env';
import { AppError } from '../errors';
import { recordRequest, requestIdOf, toErrorResponse } from '../http/map-error';
import { rawApiHeaders, writeRawAnswer } from '../http/raw-answer';
import { log, withLogContext } from '../log';
import { metrics } from '../metrics/registry';
import { canSeeTask } from '../tasks';
import { ResponseSink } from './frames';
import { SSE_HEADERS } from './sse';
import { type AccessCheck, openTaskViewer, type TaskViewer } from './task-stream';

/** Where scripts/web-server.mjs looks for the handler. */
const DIRECT_OPEN = Symbol.for('shortplay.openTaskStream');
/** The route's pattern, for its log line and metric (as lib/http/map-error.ts routeLabel names it). */
const ROUTE = '/api/tasks/[id]/events';
const PATH = /^\/api\/tasks\/([^/?]+)\/events(?:\?.*)?$/;

/** The headers that say who the viewer is: all the access re-check keeps of the request. */
const CREDENTIALS = ['authorization', 'cookie', 'host'];

/**
 * May these credentials still see the task? Asked at every heartbeat, once per (credentials,
 * task) however many streams share them (lib/live/task-stream.ts); never from a kept answer.
 */
export function accessCheck(request: CredentialRequest, taskId: string): AccessCheck {
  const headers = new Headers();
  for (const name of CREDENTIALS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const url = request.url;
  return {
    key: `${headers.get('authorization') ?? ''}|${headers.get('cookie') ?? ''}|${taskId}`,
    async check() {
      try {
        await canSeeTask(await requireUser({ method: 'GET', url, headers }), taskId);
        return true;
      } catch (err) {
        if (err instanceof AppError && (err.status === 401 || err.status === 404)) return false;
        throw err;
      }
    },
  };
}

/** The route's open, for streams that come through Next.js: the same steps as openDirect()'s. */
export async function openThroughRoute(request: Request, taskId: string): Promise<TaskViewer> {
  metrics.sseOpens.inc({ path: 'next' });
  const actor = await requireUserRecent(request);
  return openTaskViewer(actor, taskId, accessCheck(request, taskId));
}

/** Registers openDirect() for scripts/web-server.mjs (once per process; SSE_DIRECT_OPEN=false: never). */
export function registerDirectOpen(): void {
  if (!env.SSE_DIRECT_OPEN) return;
  const g = globalThis as { [DIRECT_OPEN]?: typeof openDirect };
  g[DIRECT_OPEN] ??= openDirect;
}

/** Takes the request if it is a stream open; false leaves it to Next.js (any other request). */
export function openDirect(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const match = PATH.exec(req.url ?? '');
  if (!match?.[1]) return false;
  let taskId = match[1];
  try {
    taskId = decodeURIComponent(taskId);
  } catch {
    // a malformed escape names no task: 404 once authenticated (Next.js itself answers it a 500)
  }
  // As Next.js reads them: Node's joined values (and its one Authorization of several).
  const headers = new Headers();
  try {
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
  } catch {
    return false; // a header value a web Headers refuses: Next.js answers it as it always has
  }
  metrics.sseOpens.inc({ path: 'direct' });
  // As Next.js tells the route's request.url (next/dist/server/lib/router-utils/resolve-routes.js).
  const https =
    (req.socket as { encrypted?: boolean }).encrypted || headers.get('x-forwarded-proto')?.includes('https');
  const scheme = https ? 'https' : 'http';
  const request: CredentialRequest = { method: 'GET', url: `${scheme}://localhost${req.url}`, headers };
  serve(req, res, request, taskId).catch((err: unknown) => {
    log.error({ err }, 'live stream open failed');
    res.destroy();
  });
  return true;
}

async function serve(req: IncomingMessage, res: ServerResponse, request: CredentialRequest, taskId: string) {
  const started = performance.now();
  const requestId = requestIdOf(request.headers.get('x-request-id'));
  let gone = false;
  res.once('close', () => {
    gone = true;
  });
  await withLogContext({ request_id: requestId }, async () => {
    const common = rawApiHeaders(request, requestId);
    let status = 200;
    try {
      const actor = await requireUserRecent(request);
      const viewer = await openTaskViewer(actor, taskId, accessCheck(request, taskId));
      if (gone) {
        viewer.close(); // the viewer left while it was being admitted
      } else {
        res.writeHead(200, { ...SSE_HEADERS, ...common });
        res.flushHeaders();
        viewer.attach(new ResponseSink(res, viewer));
      }
    } catch (err) {
      const answer = toErrorResponse(err, requestId);
      status = answer.status;
      if (!gone) await writeRawAnswer(req, res, answer, common);
    }
    recordRequest(ROUTE, 'GET', status, started);
  });
}
