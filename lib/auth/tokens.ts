// API tokens for scripts and the typed client: `sp_<43 url-safe chars>`, shown once; only the
// sha256 is stored, with a short display prefix and when it was last used.
import { createHash, randomBytes } from 'node:crypto';
import { InFlight } from '../coalesce';
import { getDb } from '../db/client';
import { notFound } from '../errors';
import { forgetRecentUsers } from './recent-users';

export const TOKEN_PREFIX = 'sp_';
/** sha256 of a secret we hand out (API tokens, e-mail verification links): only this is stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface TokenInfo {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const tokenSelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;
type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const toTokenInfo = (t: TokenRow): TokenInfo => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  created_at: t.createdAt.toISOString(),
  last_used_at: t.lastUsedAt?.toISOString() ?? null,
  revoked_at: t.revokedAt?.toISOString() ?? null,
});

export async function createToken(userId: string, name: string): Promise<TokenInfo & { token: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await getDb().apiToken.create({
    data: { userId, name, tokenHash: hashToken(token), prefix: token.slice(0, 10) },
    select: tokenSelect,
  });
  return { ...toTokenInfo(row), token };
}

export async function listTokens(userId: string): Promise<TokenInfo[]> {
  const rows = await getDb().apiToken.findMany({
    where: { userId },
    select: tokenSelect,
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toTokenInfo);
}

export async function revokeToken(userId: string, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Token');
  const n = await getDb().apiToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  forgetRecentUsers();
  if (n.count === 0) {
    const exists = await getDb().apiToken.count({ where: { id, userId } });
    if (!exists) throw notFound('Token');
  }
}

type TokenUser = { id: string; role: 'user' | 'admin'; tier: 'standard' | 'vip' };
const lookups = new InFlight<TokenUser | null>();

/**
 * The user a bearer token belongs to (one query), or null when unknown or revoked. Concurrent
 * requests with one token share the query (a burst of stream opens costs one lookup).
 */
export function userForToken(token: string): Promise<TokenUser | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return Promise.resolve(null);
  const tokenHash = hashToken(token);
  return lookups.get(tokenHash, () => lookupToken(tokenHash));
}

async function lookupToken(tokenHash: string): Promise<TokenUser | null> {
  const db = getDb();
  const [row] = await db.$queryRaw<
    { token_id: string; last_used_at: Date | null; id: string; role: 'user' | 'admin'; tier: 'standard' | 'vip' }[]
  >`
    SELECT t.id AS token_id, t.last_used_at, u.id, u.role::text AS role, u.tier::text AS tier
    FROM api_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL`;
  if (!row) return null;
  // last_used_at at minute precision: no write on every request of a busy batch.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.token_id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.id, role: row.role, tier: row.tier };
}
