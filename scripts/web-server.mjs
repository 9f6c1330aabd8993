// Preloaded into the web server (`node --import ./scripts/web-server.mjs …/next start`, or the
// standalone server.js) next to peer-address.mjs. Two things Next.js gives no option for:
//
// 1. Its listening socket takes the kernel's whole accept backlog (net.core.somaxconn), not
//    Node's default of 511, so thousands of viewers arriving in the same second wait in the
//    kernel's queue instead of being dropped while the one event loop is busy.
// 2. A task's live stream is opened here, before Next.js routes the request, by the handler
//    lib/live/direct-open.ts registers on globalThis once Next.js has loaded the route: an open
//    then costs a fraction of the CPU (decision 0127). Until then, and for any request that
//    handler leaves alone, streams go through Next.js: every GET ending in `/events` is tagged
//    with a header naming its raw Node response, which lib/live/sse.ts takes over once the route
//    has authorised the viewer, so the open stream costs a socket and a few objects instead of
//    Next.js's whole pending request (decision 0126).
import http from 'node:http';

export const RESPONSE_HEADER = 'x-shortplay-raw-response';
/** Asked for more than any kernel allows: Linux caps it at net.core.somaxconn. */
const BACKLOG = 65_535;

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  // Next.js calls listen(port, hostname), the hostname possibly undefined: add the backlog.
  if (args.length <= 2 && typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'string')) {
    this.once('listening', () => warmUp(this));
    return listen.call(this, { port: args[0], host: args[1], backlog: BACKLOG });
  }
  return listen.apply(this, args);
};

/**
 * One stream open without credentials as soon as the server listens: Next.js loads the events
 * route for it (answering 401), and the route registers the direct handler, so the viewers
 * reconnecting to a restarted server are opened directly from the first one on.
 */
function warmUp(server) {
  const addr = server.address();
  if (!addr || typeof addr === 'string') return;
  const any = addr.address === '::' || addr.address === '0.0.0.0';
  const req = http.get(
    { host: any ? 'localhost' : addr.address, port: addr.port, path: '/api/tasks/-/events' },
    (res) => res.resume(),
  );
  req.on('error', () => undefined); // the server going away meanwhile: nothing to warm
  req.setTimeout(60_000, () => req.destroy());
}

/** Raw responses of requests that may be taken over, by tag; dropped when taken or finished. */
const open = new Map();
let counter = 0;
globalThis[Symbol.for('shortplay.takeRawResponse')] = (tag) => {
  const res = open.get(tag);
  open.delete(tag);
  return res;
};

/** Set by lib/live/direct-open.ts: takes a stream open and returns true, or leaves it to Next.js. */
const DIRECT_OPEN = Symbol.for('shortplay.openTaskStream');

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const [req, res] = args;
    if (globalThis[DIRECT_OPEN]?.(req, res)) return true;
    if (req.method === 'GET' && /^\/api\/[^?]*\/events(\?|$)/.test(req.url ?? '')) {
      const tag = String(++counter);
      req.headers[RESPONSE_HEADER] = tag; // replaces any a client sent
      open.set(tag, res);
      res.once('close', () => open.delete(tag));
    } else if (RESPONSE_HEADER in req.headers) {
      delete req.headers[RESPONSE_HEADER];
    }
  }
  return emit.call(this, event, ...args);
};
