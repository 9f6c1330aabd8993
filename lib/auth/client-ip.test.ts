import { describe, expect, it } from 'vitest';
import { CHAIN_HEADER, clientIp } from './client-ip';

const chain = (v: string) => new Headers({ [CHAIN_HEADER]: v, 'x-forwarded-for': 'ignored' });

describe('client address', () => {
  it('with no trusted proxy, is the socket peer, whatever x-forwarded-for claims', () => {
    expect(clientIp(chain('1.2.3.4, 10.0.0.9'), 0)).toBe('10.0.0.9');
    expect(clientIp(chain('10.0.0.9'), 0)).toBe('10.0.0.9');
  });

  it('behind N proxies, is the address the outermost one saw; a made-up hop further left is never used', () => {
    expect(clientIp(chain('6.6.6.6, 203.0.113.5, 10.0.0.2'), 1)).toBe('203.0.113.5');
    expect(clientIp(chain('6.6.6.6, 203.0.113.5, 10.0.0.3, 10.0.0.2'), 2)).toBe('203.0.113.5');
    expect(clientIp(chain('10.0.0.2'), 3)).toBe('10.0.0.2');
  });

  it('without the recorded chain, falls back to x-forwarded-for; nothing → null', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '127.0.0.1' }), 0)).toBe('127.0.0.1');
    expect(clientIp(new Headers(), 0)).toBeNull();
    expect(clientIp(undefined)).toBeNull();
  });
});
