// The task history: an empty state, status tabs with counts, search by title and by id, bulk
// cancel and bulk re-run.
import { ALICE, expect, SHORT_NOVEL, submitTask, test, waitForTask } from './support/fixtures';

test.use({ signedIn: true });

test('a new user sees the friendly empty state', async ({ page }) => {
  await page.goto('/tasks');
  await expect(page.getByTestId('empty-state')).toContainText('还没有任务。');
  await page.getByRole('link', { name: '提交第一部小说' }).click();
  await expect(page).toHaveURL(/\/tasks\/new$/);
});

test('status tabs and search by title or id', async ({ page }) => {
  const done = await submitTask(page, SHORT_NOVEL, { title: '完成的一部' });
  const other = await submitTask(page, SHORT_NOVEL, { title: '另一部小说' });
  await waitForTask(page, done.task_id);
  await waitForTask(page, other.task_id);
  const stopped = await submitTask(page, ALICE, { title: 'Stopped one', options: { episodes: 20 } });
  await page.request.post(`/api/tasks/${stopped.task_id}/cancel`);
  await waitForTask(page, stopped.task_id);

  await page.goto('/tasks');
  await expect(page.getByTestId('task-row')).toHaveCount(3);
  await expect(page.getByTestId('task-row').first()).toContainText('Stopped one'); // newest first
  await expect(page.getByTestId('tab-all')).toContainText('3');
  await expect(page.getByTestId('tab-completed')).toContainText('2');
  await expect(page.getByTestId('tab-cancelled')).toContainText('1');

  await page.getByTestId('tab-cancelled').click();
  await expect(page).toHaveURL(/status=cancelled/);
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByTestId('task-row')).toContainText('Stopped one');

  await page.getByTestId('tab-all').click();
  await expect(page).not.toHaveURL(/status=/);
  await expect(page.getByTestId('task-row')).toHaveCount(3);
  await page.getByPlaceholder('搜索标题或任务 ID').fill('另一部');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByTestId('task-row')).toContainText('另一部小说');

  await page.getByPlaceholder('搜索标题或任务 ID').fill(done.task_id);
  await page.getByPlaceholder('搜索标题或任务 ID').press('Enter');
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByTestId('task-row')).toContainText('完成的一部');

  await page.getByPlaceholder('搜索标题或任务 ID').fill('没有这个标题');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.getByTestId('empty-state')).toContainText('没有符合条件的任务。');
});

test('bulk cancel, then bulk re-run', async ({ page }) => {
  // Long enough (100 episodes each) that both are still waiting or running when the bulk cancel lands.
  const a = await submitTask(page, ALICE, { title: 'Bulk A', options: { episodes: 100 } });
  const b = await submitTask(page, ALICE, { title: 'Bulk B', options: { episodes: 100 } });
  await page.goto('/tasks');
  await expect(page.getByTestId('live-indicator')).toBeVisible();
  await page.getByLabel('全选本页').check();
  await expect(page.getByTestId('selected-count')).toHaveText('已选 2 项');
  await page.getByRole('button', { name: '批量取消' }).click();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('status')).toContainText('已处理 2 项');
  await waitForTask(page, a.task_id);
  await waitForTask(page, b.task_id);
  await expect(page.locator('[data-testid=task-row] [data-status=cancelled]')).toHaveCount(2);

  await page.getByLabel('全选本页').check();
  await page.getByRole('button', { name: '批量重新运行' }).click();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('status')).toContainText('已处理 2 项');
  await expect(page.locator('[data-testid=task-row] [data-status=cancelled]')).toHaveCount(0);
  // Leave the worker free for the other tests.
  for (const t of [a, b]) await page.request.post(`/api/tasks/${t.task_id}/cancel`);
});
