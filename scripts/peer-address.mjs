// Preloaded into the web server (`node --import ./scripts/peer-address.mjs …/next start`): before
// Next.js sees a request, its forwarding chain is recorded as x-forwarded-for as the client sent
// it plus the socket's peer address, in a header a client cannot set (any it sends is replaced).
// Next.js itself only fills x-forwarded-for when the client left it out, so without this the
// socket address is lost whenever a client makes up the header. lib/auth/client-ip.ts reads it
// with TRUST_PROXY_HOPS.
import http from 'node:http';

export const CHAIN_HEADER = 'x-shortplay-forwarded-chain';

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const req = args[0];
    const sent = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(sent) ? sent.join(',') : (sent ?? ''))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    hops.push(req.socket.remoteAddress ?? 'unknown');
    req.headers[CHAIN_HEADER] = hops.slice(-20).join(', ');
  }
  return emit.call(this, event, ...args);
};
