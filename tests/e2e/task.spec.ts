// The task page: cancel a running task, re-run a failed one, pick up live after leaving, download
// the script in every format.
import { ALICE, expect, failedTask, SHORT_NOVEL, submitTask, test, waitForTask } from './support/fixtures';

test.use({ signedIn: true });

test('cancel a running task', async ({ page }) => {
  // Long enough (100 episodes, 12 s or more) that the confirm dialog is answered while it still runs.
  const task = await submitTask(page, ALICE, { title: 'Alice to cancel', options: { episodes: 100 } });
  await page.goto(`/tasks/${task.task_id}`);
  const badge = page.getByTestId('status-badge').first();
  await expect(badge).toHaveAttribute('data-status', 'processing', { timeout: 20_000 });
  await page.getByRole('button', { name: '取消任务' }).click();
  await expect(page.getByText('确定取消这个任务吗？')).toBeVisible();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(badge).toHaveAttribute('data-status', 'cancelled', { timeout: 15_000 });
  await expect(page.getByText('任务已取消。可以重新运行。')).toBeVisible();
  await expect(page.getByTestId('timeline')).toContainText('请求取消');
  await expect(page.getByRole('button', { name: '重新运行' })).toBeVisible();
});

test('re-run a failed task: the error panel says why, the re-run runs again', async ({ page, sql }) => {
  const task = await failedTask(page, sql, '会失败的任务');
  await page.goto(`/tasks/${task.task_id}`);
  const panel = page.getByTestId('error-panel');
  await expect(panel).toContainText('input_missing');
  await expect(panel).toContainText('请新建任务并重新粘贴正文');
  await page.getByRole('button', { name: '重新运行' }).click();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByText('第 3 次运行')).toBeVisible();
  await expect(page.getByTestId('timeline')).toContainText('重新运行');
  await expect(page.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(panel).toContainText('input_missing');
});

test('leave a running task and come back: it picks up live and reaches 100 %', async ({ page }) => {
  // 40 episodes write for 5 s or more at the e2e worker's pace: long enough to leave and come back
  // while the task runs, also when a busy machine renders the pages slowly.
  const task = await submitTask(page, ALICE, { title: 'Come back later', options: { episodes: 40 } });
  await page.goto(`/tasks/${task.task_id}`);
  await expect(page.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'processing', {
    timeout: 20_000,
  });
  await page.goto('/tasks');
  await expect(page.getByTestId('task-row').filter({ hasText: 'Come back later' })).toBeVisible();
  await page.goto(`/tasks/${task.task_id}`);
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100', { timeout: 45_000 });
  await expect(page.getByTestId('script-view')).toBeVisible();
  await expect(page.getByTestId('timeline')).toContainText('完成');
});

test('each download: Fountain, Markdown, JSON, TXT, Word', async ({ page }) => {
  const task = await submitTask(page, SHORT_NOVEL, { title: '下载测试', options: { episodes: 2 } });
  await waitForTask(page, task.task_id);
  await page.goto(`/tasks/${task.task_id}`);
  const links = page.getByTestId('downloads').getByRole('link');
  await expect(links).toHaveText(['Fountain', 'Markdown', 'JSON', 'TXT', 'Word (.docx)']);
  for (const [name, check] of [
    ['Fountain', (b: string) => expect(b).toContain('阿Q')],
    ['Markdown', (b: string) => expect(b).toMatch(/^#/m)],
    ['JSON', (b: string) => expect(JSON.parse(b).episodes).toHaveLength(2)],
    ['TXT', (b: string) => expect(b).toContain('阿Q')],
    // a .docx is a zip: its local file header starts PK\x03\x04
    ['Word', (b: string) => expect(b.startsWith('PK\u0003\u0004')).toBe(true)],
  ] as const) {
    const download = page.waitForEvent('download');
    await links.filter({ hasText: name }).click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    check(readFileSync(file, name === 'Word' ? 'latin1' : 'utf8'));
  }
});
