// Optional external sign-in, switched on by environment: GITHUB_ID + GITHUB_SECRET → GitHub;
// OIDC_ISSUER + OIDC_CLIENT_ID + OIDC_CLIENT_SECRET → any OpenID Connect issuer. Each profile
// yields an email only when the provider says it is verified (lib/auth/external.ts relies on it).

import GitHubProvider from 'next-auth/providers/github';
import type { Provider } from 'next-auth/providers/index';
import { type Env, env } from '../env';

export interface ProviderInfo {
  id: string;
  name: string;
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
}

function github(id: string, secret: string): Provider {
  return GitHubProvider({
    clientId: id,
    clientSecret: secret,
    // Always ask for the address list: only the primary address GitHub has verified is used.
    userinfo: {
      url: 'https://api.github.com/user',
      async request({ client, tokens }) {
        const profile = await client.userinfo(tokens.access_token as string);
        const res = await fetch('https://api.github.com/user/emails', {
          headers: { Authorization: `token ${tokens.access_token}`, Accept: 'application/vnd.github+json' },
        });
        const emails = res.ok ? ((await res.json()) as GitHubEmail[]) : [];
        return { ...profile, email: emails.find((e) => e.primary && e.verified)?.email };
      },
    },
    profile: (p: { id: number; name?: string | null; login: string; email?: string | null; avatar_url?: string }) => ({
      id: String(p.id),
      name: p.name ?? p.login,
      email: p.email ?? null,
      image: p.avatar_url ?? null,
    }),
  });
}

function oidc(issuer: string, clientId: string, clientSecret: string, name: string): Provider {
  return {
    id: 'oidc',
    name,
    type: 'oauth',
    wellKnown: `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    authorization: { params: { scope: 'openid email profile' } },
    clientId,
    clientSecret,
    idToken: true,
    checks: ['pkce', 'state'],
    profile: (p: OidcClaims) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      email: p.email_verified === true || p.email_verified === 'true' ? (p.email ?? null) : null,
    }),
  };
}

/** next-auth providers for the external sign-ins this environment enables. */
export function externalProviders(e: Env = env): Provider[] {
  const list: Provider[] = [];
  if (e.GITHUB_ID && e.GITHUB_SECRET) list.push(github(e.GITHUB_ID, e.GITHUB_SECRET));
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    list.push(oidc(e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET, e.OIDC_NAME ?? 'SSO'));
  }
  return list;
}

/** id and label of each enabled external provider, for the sign-in page's buttons. */
export function enabledProviders(e: Env = env): ProviderInfo[] {
  return externalProviders(e).map((p) => ({ id: p.id, name: p.name }));
}
