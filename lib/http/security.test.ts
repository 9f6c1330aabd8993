import { describe, expect, it } from 'vitest';
import { crossSiteReason, securityHeaders } from './security';

const own = ['https://shortplay.example'];
const h = (init: Record<string, string>) => new Headers(init);

describe('cross-site mutations', () => {
  it('refuses a foreign Origin or a cross-site / same-site fetch on a cookie request', () => {
    expect(crossSiteReason('POST', h({ origin: 'https://evil.example' }), own)).toContain('evil.example');
    expect(crossSiteReason('DELETE', h({ 'sec-fetch-site': 'cross-site' }), own)).toContain('cross-site');
    expect(crossSiteReason('POST', h({ 'sec-fetch-site': 'same-site' }), own)).toContain('same-site');
    expect(crossSiteReason('POST', h({ origin: 'null' }), own)).toContain('null');
  });

  it('lets same-origin, non-browser, bearer and read requests through', () => {
    expect(crossSiteReason('POST', h({ origin: own[0] as string, 'sec-fetch-site': 'same-origin' }), own)).toBeNull();
    expect(crossSiteReason('POST', h({}), own)).toBeNull();
    expect(
      crossSiteReason('POST', h({ origin: 'https://evil.example', authorization: 'Bearer sp_x' }), own),
    ).toBeNull();
    expect(
      crossSiteReason('GET', h({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), own),
    ).toBeNull();
  });
});

describe('security headers', () => {
  it('pages get a nonce CSP that forbids framing; HSTS only over https', () => {
    const page = securityHeaders({ nonce: 'abc', https: false, dev: false }, 'page');
    expect(page['Content-Security-Policy']).toContain("'nonce-abc'");
    expect(page['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(page['Content-Security-Policy']).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(page['X-Content-Type-Options']).toBe('nosniff');
    expect(page['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders({ nonce: null, https: true, dev: false }, 'api')['Strict-Transport-Security']).toMatch(
      /max-age=\d+/,
    );
  });
});
