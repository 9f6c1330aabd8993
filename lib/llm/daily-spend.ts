// Daily spending caps: what one user's tasks, and all tasks together, may spend on model calls
// per UTC day. The worker adds every finished call to the user's row of daily_spend and, before
// every call, reads that row and the day's sum (one indexed query on the primary key's `day`
// prefix). Calls already in flight when a cap is reached still finish, so a day can end a few
// calls over; the next call is refused. Decision record 0125 says why a table and not the runs.
import { getDb } from '../db/client';
import { errorText, log } from '../log';
import { LlmError } from './errors';
import type { ModelInfo } from './models';
import type { DailyBudget } from './spend';

export interface DailyCaps {
  /** US$ one user may spend per UTC day; 0: no cap. */
  userMaxCostUsd: number;
  /** US$ the whole server may spend per UTC day; 0: no cap. */
  serverMaxCostUsd: number;
}

/** Today's spend (UTC) of one user and of everyone. */
export async function spentToday(userId: string): Promise<{ userUsd: number; serverUsd: number }> {
  const [row] = await getDb().$queryRaw<{ user_usd: number; server_usd: number }[]>`
    SELECT coalesce(sum(cost_usd) FILTER (WHERE user_id = ${userId}), 0)::float8 AS user_usd,
      coalesce(sum(cost_usd), 0)::float8 AS server_usd
    FROM daily_spend WHERE day = (now() AT TIME ZONE 'UTC')::date`;
  return { userUsd: row?.user_usd ?? 0, serverUsd: row?.server_usd ?? 0 };
}

/** Adds one call's tokens and cost to the user's row for today (UTC). */
export async function addSpend(userId: string, tokens: number, costUsd: number): Promise<void> {
  await getDb().$executeRaw`
    INSERT INTO daily_spend (day, user_id, tokens, cost_usd)
    VALUES ((now() AT TIME ZONE 'UTC')::date, ${userId}, ${Math.round(tokens)}::bigint, ${costUsd}::float8)
    ON CONFLICT (day, user_id) DO UPDATE SET tokens = daily_spend.tokens + EXCLUDED.tokens,
      cost_usd = daily_spend.cost_usd + EXCLUDED.cost_usd, updated_at = now()`;
}

const usd = (n: number) => `US$${n.toFixed(4)}`;

/** The daily budget of one user's run: checked before, and added to after, every model call. */
export function dailyBudget(userId: string, caps: DailyCaps): DailyBudget {
  return {
    async check(model: ModelInfo) {
      const { userMaxCostUsd: userMax, serverMaxCostUsd: serverMax } = caps;
      if (userMax <= 0 && serverMax <= 0) return;
      const spent = await spentToday(userId);
      if (serverMax > 0 && spent.serverUsd >= serverMax)
        throw new LlmError(
          'model_spend_limit',
          `This server has spent ${usd(spent.serverUsd)} on model calls today (UTC), its daily limit of US$${serverMax}; no further call to "${model.name}" was made. Retry after midnight UTC, or ask the operator to raise LLM_SERVER_DAILY_MAX_COST_USD (0: no limit).`,
          false,
        );
      if (userMax > 0 && spent.userUsd >= userMax)
        throw new LlmError(
          'model_spend_limit',
          `Your tasks have spent ${usd(spent.userUsd)} on model calls today (UTC), your daily limit of US$${userMax}; no further call to "${model.name}" was made. Retry after midnight UTC, or ask the operator to raise LLM_USER_DAILY_MAX_COST_USD (0: no limit).`,
          false,
        );
    },
    async record(tokens: number, costUsd: number) {
      if (tokens <= 0 && costUsd <= 0) return;
      try {
        await addSpend(userId, tokens, costUsd);
      } catch (err) {
        // The call is made and paid for; failing the task now would only pay for it again.
        log.warn({ user_id: userId, tokens, cost_usd: costUsd, error: errorText(err) }, 'daily spend not recorded');
      }
    },
  };
}
