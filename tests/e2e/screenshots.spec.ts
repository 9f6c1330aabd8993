// Screenshots of every page at 1280 and 390 px in zh-CN and en, for people to look at (under
// test-results/screenshots; `npm run screenshots` refreshes docs/screenshots); each page is also
// checked for horizontal overflow (nothing cut off at 390 px).
import { MEASURE_KEYS } from '../../lib/pipeline/quality/schema';
import {
  createUser,
  expect,
  failedTask,
  LOCALES,
  login,
  noOverflow,
  SHORT_NOVEL,
  screenshot,
  screenshotPath,
  submitTask,
  test,
  viewport,
  WIDTHS,
  waitForTask,
} from './support/fixtures';

for (const [locale, lang] of LOCALES) {
  for (const width of WIDTHS) {
    test.describe(`${lang} ${width}px`, () => {
      test.use({ locale, viewport: viewport(width), allowConsoleErrors: [] });

      test(`every page, ${lang} at ${width}px`, async ({ page, sql, context }) => {
        test.slow();
        const shot = async (name: string) => {
          await noOverflow(page, name);
          await screenshot(page, `${name}-${lang}-${width}`);
        };
        await page.goto('/signin');
        await shot('signin');
        // An SSO sign-in refused because the account's email was never verified (issue 12).
        await page.goto('/signin?error=account_unverified');
        await expect(page.getByText(lang === 'zh' ? '邮箱未经验证' : 'never verified')).toBeVisible();
        await shot('signin-account-unverified');
        await page.goto('/signup');
        await shot('signup');

        const user = await createUser(sql, { name: lang === 'zh' ? '编剧' : 'writer' });
        await login(page, user);
        await page.goto('/tasks');
        await shot('tasks-empty');

        const done = await submitTask(page, SHORT_NOVEL, { title: '阿Q正传（节选）', options: { episodes: 2 } });
        await waitForTask(page, done.task_id);
        const failed = await failedTask(page, sql, lang === 'zh' ? '失败的任务' : 'A failed task');
        await page.goto('/tasks');
        await expect(page.getByTestId('task-row')).toHaveCount(2);
        await shot('tasks');

        await page.goto('/tasks/new');
        await page.locator('#novel').fill(SHORT_NOVEL.slice(0, 1200));
        await shot('tasks-new');

        await page.goto(`/tasks/${done.task_id}`);
        await expect(page.getByTestId('script-view')).toBeVisible();
        await shot('task-completed');
        // the quality panel: every measure with its level, and the issues by episode and scene
        const panel = page.getByTestId('quality-panel');
        await expect(panel.locator('li[data-measure]')).toHaveCount(MEASURE_KEYS.length);
        await expect(panel.getByRole('heading')).toHaveText(lang === 'zh' ? '质量报告' : 'Quality report');
        await panel.screenshot({ path: screenshotPath(`quality-${lang}-${width}`), animations: 'disabled' });
        await page.emulateMedia({ colorScheme: 'dark' });
        await panel.screenshot({ path: screenshotPath(`quality-dark-${lang}-${width}`), animations: 'disabled' });
        await page.emulateMedia({ colorScheme: 'light' });

        await page.goto(`/tasks/${failed.task_id}`);
        await expect(page.getByTestId('error-panel')).toBeVisible();
        await shot('task-failed');

        await page.goto('/account');
        await shot('account');
        await context.clearCookies();
      });
    });
  }
}
