import { describe, expect, it } from 'vitest';
import { parseEnv } from '.';

describe('environment', () => {
  it('refuses a short NEXTAUTH_SECRET, naming the variable', () => {
    expect(() => parseEnv({ NEXTAUTH_SECRET: 'secret' })).toThrow(/NEXTAUTH_SECRET: must be at least 32 characters/);
    expect(parseEnv({ NEXTAUTH_SECRET: 'x'.repeat(32) }).NEXTAUTH_SECRET).toBe('x'.repeat(32));
    expect(parseEnv({}).NEXTAUTH_SECRET).toBeUndefined();
  });

  it('trusts no proxy unless told', () => {
    expect(parseEnv({}).TRUST_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUST_PROXY_HOPS: '1' }).TRUST_PROXY_HOPS).toBe(1);
    expect(() => parseEnv({ TRUST_PROXY_HOPS: '-1' })).toThrow(/TRUST_PROXY_HOPS/);
  });
});
