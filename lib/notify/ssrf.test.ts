import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isPrivateAddress, safePost, UnsafeTargetError } from './ssrf';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    'not-an-ip',
  ])('%s is refused', (a) => expect(isPrivateAddress(a)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (a) =>
    expect(isPrivateAddress(a)).toBe(false),
  );
});

describe('safePost', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  async function serve(handler: http.RequestListener): Promise<string> {
    const s = http.createServer(handler);
    servers.push(s);
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }
  const opts = { headers: {}, body: '{}', timeoutMs: 2000 };
  const onlyLoopback = (a: string) => a === '127.0.0.1';

  it('refuses a loopback target, by IP and by a name that resolves to it, without connecting', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      res.end('ok');
    });
    await expect(safePost(url, { ...opts, allowPrivate: false })).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(safePost(url.replace('127.0.0.1', 'localhost'), { ...opts, allowPrivate: false })).rejects.toThrow(
      /resolves to (127\.0\.0\.1|::1)/,
    );
    expect(hits).toBe(0);
  });

  it('checks every redirect hop: a 307 to the metadata address is refused', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    await expect(safePost(url, { ...opts, allowPrivate: onlyLoopback })).rejects.toThrow(/169\.254\.169\.254/);
  });

  it('follows a 307 to an allowed address, re-POSTing the body; a 302 is reported, not followed', async () => {
    let got = '';
    const target = await serve((req, res) => {
      req.on('data', (c) => {
        got += c;
      });
      req.on('end', () => res.end('landed'));
    });
    const hop = await serve((_req, res) => res.writeHead(307, { location: `${target}/x` }).end());
    const res = await safePost(hop, { ...opts, body: '{"a":1}', allowPrivate: onlyLoopback });
    expect(res).toMatchObject({ status: 200, body: 'landed', url: `${target}/x` });
    expect(got).toBe('{"a":1}');
    const found = await serve((_req, res) => res.writeHead(302, { location: target }).end());
    expect((await safePost(found, { ...opts, allowPrivate: onlyLoopback })).body).toMatch(/not followed/);
  });

  it('gives up on a receiver that never answers', async () => {
    const url = await serve(() => undefined);
    await expect(safePost(url, { ...opts, timeoutMs: 200, allowPrivate: true })).rejects.toThrow(
      /timed out after 200 ms/,
    );
  });
});
