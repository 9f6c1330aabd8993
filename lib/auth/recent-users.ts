// The last second's authentication answers of live stream opens (requireUserRecent in
// require-user.ts), by a hash of the credentials: a crowd of viewers with one token or session
// costs one lookup a second. Forgotten at once when this process revokes a token, ends sessions
// or changes a user's role or tier; another process's revocation is seen within RECENT_USER_MS,
// well inside the streams' promise of "within one heartbeat".
import { Recent } from '../coalesce';
import type { AppError } from '../errors';
import type { Actor } from '../tasks/actor';

export const RECENT_USER_MS = 1000;

export type RecentAnswer = { actor: Actor } | { error: AppError };

export const recentUsers = new Recent<RecentAnswer>(RECENT_USER_MS);

export const forgetRecentUsers = (): void => recentUsers.clear();
