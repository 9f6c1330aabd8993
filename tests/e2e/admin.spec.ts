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
        await expect(page.getByTestId('failure-row').first()).toContainText('llm_timeout');
        await noOverflow(page, 'metrics');
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
    await login(page, admin);
    await page.goto('/admin/metrics?window=7d');
    await expect(page.getByTestId('throughput-chart').locator('canvas')).toBeVisible();
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
