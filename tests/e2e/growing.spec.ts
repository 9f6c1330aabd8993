// The task page while the script is written: finished episodes appear under the progress section
// in the 短剧 layout and keep coming (offline engine, paced by the e2e worker's
// OFFLINE_ENGINE_DELAY_MS), the header and progress bar do not move, and the finished viewer
// replaces the growing script at the end. Screenshots of the growing state at 1280 and 390 px in
// zh and en are named task-growing-<lang>-<width> (test-results/screenshots; docs/screenshots with
// `npm run screenshots`).
import type { Locator, Page } from '@playwright/test';
import {
  ALICE,
  AQ,
  expect,
  LOCALES,
  screenshotPath,
  submitTask,
  test,
  viewport,
  WIDTHS,
  waitForTask,
} from './support/fixtures';

test.use({ signedIn: true });

const count = async (partial: Locator, what: 'episodes' | 'scenes') =>
  Number((await partial.getAttribute(`data-${what}`)) ?? '0');

async function top(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on the page`);
  return box.y;
}

test('the script grows on the page while it is written, then the finished viewer takes over', async ({ page }) => {
  // 100 episodes at the e2e worker's pace (OFFLINE_ENGINE_DELAY_MS=120) write for 12 s or more, so
  // a page that loads slowly on a busy machine still finds the task running.
  const task = await submitTask(page, AQ, { title: '阿Q正传：边写边看', options: { episodes: 100 } });
  await page.goto(`/tasks/${task.task_id}`);
  const partial = page.getByTestId('partial-script');
  await expect(partial).toBeVisible();
  await expect.poll(() => count(partial, 'episodes'), { timeout: 20_000, intervals: [100] }).toBeGreaterThan(0);
  const badge = page.getByTestId('status-badge').first();
  await expect(badge).toHaveAttribute('data-status', 'processing');
  const first = { scenes: await count(partial, 'scenes'), episodes: await count(partial, 'episodes') };
  const header = { progress: await top(page, 'progress-value'), message: await top(page, 'task-message') };

  // 短剧 layout from the finished viewer: 第N集 headings, 集-场 scene headings, △ action lines.
  const episode = partial.getByTestId('episode').first();
  await expect(episode.getByRole('heading', { level: 3 })).toContainText(/^第1集 · /);
  await expect(episode.getByTestId('scene').first()).toContainText(/^场1-1 \S+ [日夜] [内外]/);
  await expect(episode).toContainText('△');
  await expect(partial.getByTestId('partial-count')).toContainText(/已写完 \d+ 集/);

  // It keeps growing as live updates arrive, and the header and progress bar stay where they were.
  await expect
    .poll(() => count(partial, 'scenes'), { timeout: 20_000, intervals: [200] })
    .toBeGreaterThan(first.scenes);
  expect(await count(partial, 'episodes')).toBeGreaterThan(first.episodes);
  expect(await top(page, 'progress-value')).toBe(header.progress);
  expect(await top(page, 'task-message')).toBe(header.message);

  // Completed: the finished viewer replaces the growing script.
  await expect(badge).toHaveAttribute('data-status', 'completed', { timeout: 45_000 });
  await expect(page.getByTestId('script-view')).toBeVisible();
  await expect(partial).toHaveCount(0);
  await expect(page.getByTestId('script-view').getByTestId('episode')).toHaveCount(100);
});

for (const [locale, lang] of LOCALES) {
  for (const width of WIDTHS) {
    test.describe(`growing ${lang} ${width}px`, () => {
      test.use({ locale, viewport: viewport(width) });

      test(`screenshot of the growing script, ${lang} at ${width}px`, async ({ page }) => {
        const novel = lang === 'zh' ? AQ : ALICE;
        const title = lang === 'zh' ? '阿Q正传（生成中）' : 'Alice (being written)';
        const task = await submitTask(page, novel, { title, options: { episodes: 60, language: lang } });
        await page.goto(`/tasks/${task.task_id}`);
        const partial = page.getByTestId('partial-script');
        await expect.poll(() => count(partial, 'episodes'), { timeout: 20_000, intervals: [100] }).toBeGreaterThan(1);
        await expect(page.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'processing');
        await expect(page.getByTestId('partial-count')).toBeVisible();
        const { scroll, inner } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        expect(scroll, 'the growing page is wider than the viewport').toBeLessThanOrEqual(inner);
        await page.evaluate(() => document.fonts.ready);
        // The top of the page: header, progress, and the first episodes (the whole page grows too tall).
        await page.screenshot({
          path: screenshotPath(`task-growing-${lang}-${width}`),
          fullPage: true,
          clip: { x: 0, y: 0, width, height: width > 400 ? 1500 : 2600 },
          animations: 'disabled',
        });
        await waitForTask(page, task.task_id);
      });
    });
  }
}
