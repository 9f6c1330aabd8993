// Submitting: the live character count and estimate, and uploading a GB18030 .txt.
import path from 'node:path';
import { expect, test } from './support/fixtures';

test.use({ signedIn: true });

test('upload a GB18030 .txt: decoded, counted, estimated, submitted, finished', async ({ page }) => {
  await page.goto('/tasks/new');
  await expect(page.getByTestId('estimate')).toHaveText('粘贴正文后显示预计用时');
  await expect(page.getByRole('button', { name: '开始改编' })).toBeDisabled();
  await page.getByTestId('upload').setInputFiles(path.resolve(import.meta.dirname, 'fixtures/a-q-opening.gb18030.txt'));
  await expect(page.getByText('已读取 a-q-opening.gb18030.txt（GB18030）')).toBeVisible();
  await expect(page.getByLabel('小说正文')).toHaveValue(/阿Q正传/);
  await expect(page.locator('#char-count')).toContainText('6,000 / 1,000,000 字');
  await expect(page.getByTestId('estimate')).toContainText('预计用时约');
  await expect(page.getByLabel('标题（可选）')).toHaveValue('a-q-opening'); // the name without its extensions
  await page.getByLabel('集数（可选）').fill('2');
  await page.getByRole('button', { name: '开始改编' }).click();
  await expect(page).toHaveURL(/\/tasks\/task_/);
  await expect(page.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'completed', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('episode')).toHaveCount(2);
});

test('paste: the count follows the text and the limit', async ({ page }) => {
  await page.goto('/tasks/new');
  await page.getByLabel('小说正文').fill('第一章\n阿Q没有家。');
  await expect(page.locator('#char-count')).toContainText('10 / 1,000,000 字');
  await expect(page.getByRole('button', { name: '开始改编' })).toBeEnabled();
  await expect(page.getByLabel('模型')).toHaveValue('offline');
});
