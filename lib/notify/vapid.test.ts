import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateVapidKeys } from './vapid';

describe('VAPID keys in DATA_DIR', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('are generated once, readable only by the owner, and the same on every later start', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vapid-')), 'data');
    dirs.push(path.dirname(dir));
    const first = loadOrCreateVapidKeys(dir);
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/); // an uncompressed P-256 point, base64url
    expect(first.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(path.join(dir, 'vapid-keys.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateVapidKeys(dir)).toEqual(first);
    expect(JSON.parse(readFileSync(path.join(dir, 'vapid-keys.json'), 'utf8'))).toEqual(first);
  });

  it('refuses a damaged file, naming it, instead of silently making new keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vapid-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'vapid-keys.json'), '{"publicKey": 1}');
    expect(() => loadOrCreateVapidKeys(dir)).toThrow(/vapid-keys\.json: not a VAPID key pair/);
  });
});
