// Accounts in the browser: sign in and out with the form, a wrong password, the page guard, API
// tokens on the account page, and another user's task staying a 404.
import { createUser, expect, login, SHORT_NOVEL, submitTask, test } from './support/fixtures';

test.describe('accounts', () => {
  test.use({ allowConsoleErrors: ['401'] });

  test('sign in with the form, then sign out', async ({ page, sql }) => {
    const user = await createUser(sql, { name: 'reader' });
    await page.goto('/tasks');
    await expect(page).toHaveURL(/\/signin/);
    await page.getByLabel('邮箱').fill(user.email);
    await page.getByLabel('密码').fill('wrong password!');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.locator('form').getByRole('alert')).toHaveText('邮箱或密码错误');
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByRole('heading', { name: '我的任务' })).toBeVisible();

    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto('/tasks/new');
    await expect(page).toHaveURL(/\/signin/);
  });
});

test('API tokens: created once, last use shown, revoked', async ({ page, user }) => {
  await page.goto('/account');
  await expect(page.getByTestId('account-email')).toHaveText(user.email);
  await page.getByLabel('令牌名称').fill('nightly script');
  await page.getByRole('button', { name: '创建令牌' }).click();
  const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^sp_/);
  const row = page.getByTestId('token-row').filter({ hasText: 'nightly script' });
  await expect(row).toContainText('从未使用');

  const api = await fetch(`${process.env.E2E_BASE_URL}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
  expect(api.status).toBe(200);
  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0); // shown once only
  await expect(row).not.toContainText('从未使用');

  await row.getByRole('button', { name: '吊销' }).click();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(row).toContainText('已吊销');
  const after = await fetch(`${process.env.E2E_BASE_URL}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);
});

test.describe('privacy', () => {
  test.use({ allowConsoleErrors: ['404'] });

  test('another user cannot open my task', async ({ page, user, browser, sql, baseURL }) => {
    const task = await submitTask(page, SHORT_NOVEL, { title: `私密-${user.name}` });
    const other = await browser.newContext({ baseURL, locale: 'zh-CN' });
    const otherPage = await other.newPage();
    await login(otherPage, await createUser(sql, { name: 'stranger' }));
    const res = await otherPage.goto(`/tasks/${task.task_id}`);
    expect(res?.status()).toBe(404);
    await expect(otherPage.getByRole('heading', { name: '页面不存在' })).toBeVisible();
    expect((await otherPage.request.get(`/api/tasks/${task.task_id}`)).status()).toBe(404);
    await otherPage.goto('/tasks');
    await expect(otherPage.getByText(task.title)).toHaveCount(0);
    await other.close();
  });

  test('an admin sees every user’s tasks, with the owner', async ({ page, user, browser, sql, baseURL }) => {
    const task = await submitTask(page, SHORT_NOVEL, { title: `给管理员看-${Date.now()}` });
    const admin = await browser.newContext({ baseURL, locale: 'zh-CN' });
    const adminPage = await admin.newPage();
    await login(adminPage, await createUser(sql, { name: 'admin', role: 'admin' }));
    await adminPage.goto(`/tasks?q=${encodeURIComponent(task.title)}`);
    await expect(adminPage.getByRole('heading', { name: '全部用户的任务' })).toBeVisible();
    await expect(adminPage.getByTestId('task-row')).toContainText(user.email);
    await adminPage.getByRole('link', { name: task.title }).click();
    await expect(adminPage.getByTestId('task-id')).toHaveText(task.task_id);
    await admin.close();
  });
});
