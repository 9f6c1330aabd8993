// Admin pages (metrics, alerts, users) at 1280 and 390 px, zh and en, light and dark: they render
// seeded figures, the chart draws without network, nothing overflows, and non-admins get 404.
import { createUser, expect, LOCALES, login, noOverflow, type Sql, screenshot, test, WIDTHS } from './support/fixtures';

/** A few finished tasks with known usage and one failure, so every panel has something to show. */
async function seedTasks(sql: Sql, userId: string): Promise<void> {
  await sql(
    `INSERT INTO script_tasks (id, user_id, title, status, message, novel_content_length, created_at, started_at,
       finished_at, error_code, error_message, usage_model, usage_tokens, usage_cost_usd)
     SELECT 'task_01ADMXNSPEC' || lpad((g + floor(random() * 1e9)::bigint * 100)::text, 15, '0'), $1, 'seeded',
       CASE WHEN g % 5 = 0 THEN 'failed' ELSE 'completed' END::task_status, '', 100,
       now() - make_interval(mins => g * 20 + 5), now() - make_interval(mins => g * 20 + 4),
       now() - make_interval(mins => g * 20), CASE WHEN g % 5 = 0 THEN 'llm_timeout' END,
       CASE WHEN g % 5 = 0 THEN 'The model did not answer in time.' END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 'deepseek-chat' END, CASE WHEN g % 5 = 0 THEN NULL ELSE 12000 + g END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 0.004 END
     FROM generate_series(1, 40) g`,
    [userId],
  );
  // Stage timings, and a failure whose example is longer than a phone is wide.
  await sql(
    `INSERT INTO task_events (task_id, kind, data, created_at)
     SELECT t.id, 'stage_completed', jsonb_build_object('stage', s.stage, 'ms', s.ms + length(t.id)), t.finished_at
     FROM script_tasks t, (VALUES ('read', 41000), ('plan', 18500), ('write', 126000), ('review', 9400)) s(stage, ms)
     WHERE t.user_id = $1 AND t.status = 'completed'`,
    [userId],
  );
  await sql(
    `UPDATE script_tasks SET error_code = 'model_unreachable', error_message =
       'The model endpoint https://api.example-provider.com/v1/chat/completions did not resolve (ENOTFOUND); check OPENAI_BASE_URL.'
     WHERE id IN (SELECT id FROM script_tasks WHERE user_id = $1 AND status = 'failed' ORDER BY id LIMIT 2)`,
    [userId],
  );
  // One firing and one resolved alert (the evaluator's own rows; its logic is tested in integration).
  await sql(
    `INSERT INTO alerts (rule, state, summary, value, threshold, fired_at, resolved_at, last_evaluated_at, history, open_rule)
     VALUES ('failure_rate', 'firing', '8 of 40 tasks failed in 15 min (20% > 10%) — a long summary that must wrap on a phone',
             0.2, 0.1, now() - interval '5 minutes', NULL, now(), '[]', 'failure_rate'),
            ('no_workers', 'resolved', '3 task(s) waiting, 0 live worker(s)', 3, 0, now() - interval '2 hours',
             now() - interval '1 hour', now() - interval '1 hour', '[]', NULL)
     ON CONFLICT (open_rule) DO NOTHING`,
  );
}

for (const [locale, lang] of LOCALES) {
  for (const width of WIDTHS) {
    test.describe(`admin ${lang} ${width}px`, () => {
      test.use({ locale, viewport: { width, height: width > 400 ? 900 : 844 } });

      test(`metrics, alerts and users pages, ${lang} at ${width}px`, async ({ page, sql }) => {
        const admin = await createUser(sql, { name: 'ops', role: 'admin' });
        await seedTasks(sql, admin.id);
        await login(page, admin);

        await page.goto('/admin/metrics?window=24h');
        await expect(page.getByTestId('throughput-chart').locator('canvas')).toBeVisible();
        // a table from 640 px up, a card per row on a phone; neither scrolls sideways
        const failure = page.getByTestId(width > 400 ? 'failure-row' : 'failure-row-card').first();
        await expect(failure).toBeVisible();
        await expect(failure).toContainText('llm_timeout');
        await expect(page.getByTestId(width > 400 ? 'usage-row' : 'usage-row-card').first()).toContainText(
          'deepseek-chat',
        );
        await noOverflow(page, 'metrics', { boxes: true });
        await screenshot(page, `admin-metrics-${lang}-${width}`);

        await page.goto('/admin/alerts');
        await expect(page.getByTestId('alert-firing').first()).toContainText('failure_rate');
        await expect(page.getByTestId('alert-resolved').first()).toBeVisible();
        await noOverflow(page, 'alerts');
        await screenshot(page, `admin-alerts-${lang}-${width}`);

        await page.goto('/admin/users');
        await expect(page.getByTestId('user-row').first()).toBeVisible();
        await noOverflow(page, 'users');
        await screenshot(page, `admin-users-${lang}-${width}`);
      });
    });
  }
}

test.describe('admin pages in dark mode', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 390, height: 844 } });
  test('metrics is readable in dark mode', async ({ page, sql }) => {
    const admin = await createUser(sql, { name: 'ops', role: 'admin' });
    await seedTasks(sql, admin.id);
    await login(page, admin);
    await page.goto('/admin/metrics?window=7d');
    await expect(page.getByTestId('throughput-chart').locator('canvas')).toBeVisible();
    await expect(page.getByTestId('failure-row-card').first()).toBeVisible();
    await noOverflow(page, 'metrics', { boxes: true });
    await screenshot(page, 'admin-metrics-dark-390');
  });
});

test.describe('admin pages for others', () => {
  test.use({ signedIn: true, allowConsoleErrors: ['404'] });
  test('a signed-in non-admin gets not found', async ({ page }) => {
    const res = await page.goto('/admin/metrics');
    expect(res?.status()).toBe(404);
  });
});
