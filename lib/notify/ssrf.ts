// Outbound HTTP to user-chosen URLs (webhooks) without letting them reach inside: the host is
// resolved once, every address it resolves to must be public, and the connection goes to the
// address that was checked (no second lookup a DNS rebinding could answer differently). Redirects
// are followed by hand, each hop checked the same way. WEBHOOK_ALLOW_PRIVATE=true lifts the check.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. the cloud metadata address 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 (could reach private v4)
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local, incl. AWS's fd00:ec2::254
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local, metadata or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return blocked.check(mapped, 'ipv4');
    if (/^::ffff:/i.test(address)) return true; // hex-form mapped addresses: refuse rather than parse
    return blocked.check(address, 'ipv6');
  }
  return true; // not an address at all
}

export class UnsafeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

export interface SafePostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** true: any address; a function: which non-public addresses may be reached (tests). */
  allowPrivate: boolean | ((address: string) => boolean);
  maxRedirects?: number;
}

export interface SafeResponse {
  status: number;
  /** The first 2 kB of the body. */
  body: string;
  url: string;
}

/** The address to connect to for `url`'s host, checked; throws UnsafeTargetError when it is not public. */
export async function resolveSafe(
  url: URL,
  allowPrivate: SafePostOptions['allowPrivate'],
): Promise<{ address: string; family: number }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeTargetError(`Only http and https URLs are allowed, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const found = literal ? [{ address: host, family: literal }] : await dnsLookup(host, { all: true, verbatim: true });
  if (found.length === 0) throw new UnsafeTargetError(`${host} does not resolve`);
  if (allowPrivate !== true) {
    const allowed = typeof allowPrivate === 'function' ? allowPrivate : () => false;
    const bad = found.find((a) => isPrivateAddress(a.address) && !allowed(a.address));
    if (bad) {
      throw new UnsafeTargetError(
        `${host} resolves to ${bad.address}, a loopback, private, link-local or metadata address; webhooks may only target public addresses`,
      );
    }
  }
  return found[0] as { address: string; family: number };
}

/** POST with the SSRF guard, a whole-exchange timeout, and checked redirects (307/308 re-POST). */
export async function safePost(target: string, opts: SafePostOptions): Promise<SafeResponse> {
  let url = new URL(target);
  const deadline = Date.now() + opts.timeoutMs;
  for (let hop = 0; ; hop++) {
    const res = await postOnce(url, opts, deadline);
    const location = res.location;
    if (res.status >= 300 && res.status < 400 && location) {
      if (hop >= (opts.maxRedirects ?? 3)) throw new UnsafeTargetError(`Too many redirects (last to ${location})`);
      if (res.status !== 307 && res.status !== 308) {
        return {
          status: res.status,
          body: `redirect to ${location} not followed (only 307/308 keep the POST)`,
          url: url.href,
        };
      }
      url = new URL(location, url);
      continue;
    }
    return { status: res.status, body: res.body, url: url.href };
  }
}

async function postOnce(
  url: URL,
  opts: SafePostOptions,
  deadline: number,
): Promise<{ status: number; body: string; location: string | undefined }> {
  const { address, family } = await resolveSafe(url, opts.allowPrivate);
  const remaining = deadline - Date.now();
  if (remaining <= 0) throw new Error(`timed out after ${opts.timeoutMs} ms`);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: 'POST',
        headers: { ...opts.headers, 'content-length': Buffer.byteLength(opts.body).toString() },
        // Connect to the checked address; TLS still verifies the certificate against the host name.
        lookup: (_host, o, cb) => {
          if ((o as { all?: boolean }).all)
            (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else cb(null, address, family);
        },
        signal: AbortSignal.timeout(remaining),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 2048) body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: body.slice(0, 2048), location: res.headers.location }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      reject(
        err.name === 'AbortError' || err.name === 'TimeoutError'
          ? new Error(`timed out after ${opts.timeoutMs} ms`)
          : err,
      );
    });
    req.end(opts.body);
  });
}
