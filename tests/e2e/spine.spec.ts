// The spine, end to end in a browser: sign up through the form, submit 阿Q正传, watch the progress
// bar reach 100 %, read the script.

import { AQ, expect, screenshot, test } from './support/fixtures';

test('sign up, submit 阿Q正传, watch it reach 100 % and read the script', async ({ page }) => {
  test.slow();
  await page.goto('/signup');
  const email = `spine-${Date.now()}@example.com`;
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill('correct horse battery');
  await page.getByRole('button', { name: '注册并登录' }).click();
  await expect(page).toHaveURL(/\/tasks$/);

  await page.goto('/tasks/new');
  await page.getByLabel('标题', { exact: false }).fill('阿Q正传');
  await page.getByLabel('小说正文').fill(AQ);
  await page.getByRole('button', { name: '开始改编' }).click();
  await expect(page).toHaveURL(/\/tasks\/task_[0-9A-Z]+$/);

  const bar = page.getByRole('progressbar').first();
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const v = Number(await bar.getAttribute('aria-valuenow'));
        seen.add(v);
        return v;
      },
      { timeout: 45_000, intervals: [100] },
    )
    .toBe(100);
  // It moved through the middle, live, not just from 0 to 100 on a reload.
  expect(
    [...seen].some((v) => v > 0 && v < 100),
    `progress values seen: ${[...seen].join(', ')}`,
  ).toBe(true);

  const script = page.getByTestId('script-view');
  await expect(script).toBeVisible();
  await expect(script.getByTestId('episode').first()).toBeVisible();
  expect(await script.getByTestId('episode').count()).toBeGreaterThan(1);
  await expect(script.getByTestId('character-card').filter({ hasText: '阿Q' }).first()).toBeVisible();
  await screenshot(page, 'spine-task-zh-1280');
});
