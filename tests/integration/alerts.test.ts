// Alerts with a controlled clock: a failure rate fires, stays one alert while it lasts, resolves,
// stays quiet through the cooldown, and fires again after it; two evaluators at once evaluate
// once; the Slack-compatible receiver gets each transition exactly once through the delivery core.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessDb } from '../helpers/in-process';

const received: { text: string; alert: { rule: string; state: string } }[] = [];
let server: Server;
const settings: Record<string, string> = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  ALERT_RULES: JSON.stringify({
    run_time: { enabled: false },
    queue_wait: { enabled: false },
    storage: { enabled: false },
    worker_resources: { enabled: false },
    no_workers: { enabled: false },
    llm: { enabled: false },
  }),
};
// The receiver must listen before lib/env is read; inProcessDb's beforeAll runs after this one.
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  settings.ALERT_WEBHOOK_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
const db = inProcessDb(settings);

const T0 = new Date(Date.now() + 3600_000);
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
let n = 0;

/** `failed` failed and `ok` completed tasks that finished at `when`. */
async function finished(when: Date, failed: number, ok: number): Promise<void> {
  for (let i = 0; i < failed + ok; i++) {
    n += 1;
    await db.sql.query(
      `INSERT INTO script_tasks (id, user_id, title, status, message, novel_content_length, created_at, started_at, finished_at, error_code)
       VALUES ($1, $2, 't', $3::task_status, '', 1, $4::timestamptz - interval '2 minutes', $4::timestamptz - interval '1 minute', $4, $5)`,
      [
        `task_01ARXRTS${String(n).padStart(18, '0')}`,
        db.actor.id,
        i < failed ? 'failed' : 'completed',
        when,
        i < failed ? 'llm_timeout' : null,
      ],
    );
  }
}

/** Delivers what the evaluator queued, as the notify worker would. */
async function deliverQueued(): Promise<void> {
  const { deliverAttempt } = await import('../../lib/notify');
  const { rows } = await db.sql.query<{ id: string }>(
    "SELECT id::text FROM notification_deliveries WHERE status = 'pending' ORDER BY created_at",
  );
  for (const r of rows) await deliverAttempt({ delivery_id: r.id, attempt: 1 });
}

describe('alerts', () => {
  it('fires, dedupes, resolves, cools down and fires again; each transition delivered once', async () => {
    const { runAlertEvaluator } = await import('../../lib/alerts');
    await finished(at(-1), 6, 2);
    const [a, b] = await Promise.all([runAlertEvaluator(at(0)), runAlertEvaluator(at(0))]);
    expect([a, b].filter(Boolean)).toHaveLength(1); // one evaluator at a time
    expect((a ?? b)?.fired).toEqual(['failure_rate']);
    expect((await runAlertEvaluator(at(1)))?.firing).toEqual(['failure_rate']);
    await deliverQueued();
    await deliverQueued(); // a second pass sends nothing twice

    // 20 minutes later the failures are outside the 15-minute window: resolved.
    expect((await runAlertEvaluator(at(20)))?.resolved).toEqual(['failure_rate']);
    // Failing again 5 minutes after resolving: inside the cooldown, nothing fires.
    await finished(at(24), 6, 0);
    expect((await runAlertEvaluator(at(25)))?.fired).toEqual([]);
    // After the cooldown it fires again.
    await finished(at(34), 6, 0);
    expect((await runAlertEvaluator(at(35)))?.fired).toEqual(['failure_rate']);
    await deliverQueued();
    await deliverQueued();

    expect(received.map((r) => `${r.alert.rule}:${r.alert.state}`)).toEqual([
      'failure_rate:firing',
      'failure_rate:resolved',
      'failure_rate:firing',
    ]);
    expect(received[0]?.text).toMatch(/FIRING: failure_rate — 6 of 8 tasks failed/);
    const { rows } = await db.sql.query<{ state: string; n: number }>(
      'SELECT state, jsonb_array_length(history) AS n FROM alerts ORDER BY id',
    );
    expect(rows).toEqual([
      { state: 'resolved', n: 2 },
      { state: 'firing', n: 1 },
    ]);
    const { alertsView } = await import('../../lib/alerts');
    const view = await alertsView();
    expect(view.firing.map((x) => x.rule)).toEqual(['failure_rate']);
    expect(view.rules.failure_rate.threshold).toBe(0.5);
    expect(view.rules.llm.enabled).toBe(false);
  });

  it('refuses malformed rule overrides with a message that names them', async () => {
    const { parseOverrides } = await import('../../lib/alerts/rules');
    expect(() => parseOverrides({ nope: { x: 1 } })).toThrow(/unknown rule "nope"/);
    expect(() => parseOverrides({ failure_rate: { threshold: true } })).toThrow(/threshold must be a number/);
    expect(parseOverrides({ failure_rate: { threshold: 0.2 } })).toEqual({ failure_rate: { threshold: 0.2 } });
  });

  it('saves overrides from the admin page over ALERT_RULES, and refuses bad ones with a 422', async () => {
    const { putOverrides } = await import('../../lib/alerts');
    await expect(putOverrides({ failure_rate: { threshold: 'high' } })).rejects.toMatchObject({ status: 422 });
    const view = await putOverrides({ failure_rate: { threshold: 0.2 }, llm: { enabled: true } });
    expect(view.rules.failure_rate).toMatchObject({ threshold: 0.2, min_count: 5 });
    expect(view.rules.llm.enabled).toBe(true); // the page wins over ALERT_RULES
    expect((await putOverrides({})).rules.failure_rate.threshold).toBe(0.5);
  });
});
