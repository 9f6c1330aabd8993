// The client's address, for per-IP limits. The web server records each request's forwarding chain
// (what the client sent as x-forwarded-for, then the socket's peer: scripts/peer-address.mjs);
// TRUST_PROXY_HOPS says how many proxies of ours stand in front, each appending the address it
// saw. 0 (the default): the socket peer, whatever x-forwarded-for claims. 1: the address our one
// proxy saw. Entries left of the trusted ones are the client's own words and never used.
import { env } from '../env';

export const CHAIN_HEADER = 'x-shortplay-forwarded-chain';

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

/** The client address, or null when unknown (a call outside a request). */
export function clientIp(headers: HeaderSource, trustedHops: number = env.TRUST_PROXY_HOPS): string | null {
  if (!headers) return null;
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  // Without the chain (the server was started without the preload) Next.js's own x-forwarded-for
  // is the best there is: the peer when the client sent none, else what the client claims.
  const chain = (get(CHAIN_HEADER) ?? get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const ip = chain[Math.max(0, chain.length - 1 - trustedHops)] ?? null;
  return ip ? ip.slice(0, 100) : null;
}
