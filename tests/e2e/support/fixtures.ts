// Playwright fixtures (epic-stack's playwright-utils pattern): users are made through the API and
// signed in through next-auth's endpoints, not the form (only the form's own test clicks through
// it); a console error or an uncaught page error fails the test unless the test allows it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import pg from 'pg';
import { isTerminal, type TaskInfo } from '../../../lib/tasks/schema';
import { waitUntil } from '../../../scripts/wait-until';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
}

/**
 * Where screenshots go: test-results/screenshots (untracked) on every run, so `npm test` changes
 * no tracked file; `npm run screenshots` points SCREENSHOT_DIR at docs/screenshots to refresh the
 * documented ones.
 */
const SCREENSHOT_DIR = path.resolve(
  import.meta.dirname,
  '../../..',
  process.env.SCREENSHOT_DIR || 'test-results/screenshots',
);

/** The file a screenshot named `name` is saved to. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the tests with `npm run test:e2e` (global setup).');
  return url;
}

/** Creates an account through POST /api/users; `role: 'admin'` is then set in the database. */
export async function createUser(sql: Sql, opts: { name?: string; role?: 'user' | 'admin' } = {}): Promise<TestUser> {
  const name = opts.name ?? 'writer';
  const email = `${name.replace(/[^a-z0-9]/gi, '') || 'user'}-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse battery';
  const res = await fetch(`${baseUrl()}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  if (opts.role === 'admin') await sql('UPDATE users SET role = $1 WHERE id = $2', ['admin', id]);
  return { id, email, password, name };
}

/** The languages every page is looked at in: the browser's locale, and our dictionary's name. */
export const LOCALES = [
  ['zh-CN', 'zh'],
  ['en-US', 'en'],
] as const;
/** Desktop and phone widths. */
export const WIDTHS = [1280, 390] as const;
/** A viewport of that width, phone-tall below 400 px. */
export const viewport = (width: number) => ({ width, height: width > 400 ? 800 : 844 });

/**
 * Fails when the page is wider than the viewport (something cut off at 390 px); with `boxes`, also
 * when any box inside it scrolls sideways (a table that only fits by scrolling within its card).
 */
export async function noOverflow(page: Page, what: string, opts: { boxes?: boolean } = {}): Promise<void> {
  const { scroll, width, boxes } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    boxes: [...document.querySelectorAll('body *')]
      .filter((el) => {
        const x = getComputedStyle(el).overflowX;
        return (x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`),
  }));
  expect(scroll, `${what} is wider than the viewport`).toBeLessThanOrEqual(width);
  if (opts.boxes) expect(boxes, `${what} has boxes that scroll sideways`).toEqual([]);
}

/** Signs the page's browser context in through next-auth's credentials callback (CSRF token included). */
export async function login(page: Page, user: TestUser): Promise<void> {
  const csrf = await page.request.get('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: user.email, password: user.password, json: 'true', callbackUrl: '/tasks' },
  });
  expect(res.ok(), `sign-in for ${user.email} answered ${res.status()}`).toBe(true);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith('next-auth.session-token'))).toBe(true);
}

/** A full-page screenshot named `name`, for people to look at (see SCREENSHOT_DIR). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = screenshotPath(name);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Submits a task through the API with the page's session cookie. */
export async function submitTask(
  page: Page,
  novel: string,
  opts: { title?: string; options?: Record<string, unknown> } = {},
): Promise<TaskInfo> {
  const res = await page.request.post('/api/tasks', {
    data: { novel_content: novel, ...(opts.title ? { title: opts.title } : {}), options: opts.options ?? {} },
  });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()) as TaskInfo;
}

/** Polls the API until the task satisfies `until` (default: a terminal status). */
export async function waitForTask(
  page: Page,
  taskId: string,
  until: (t: TaskInfo) => boolean = (t) => isTerminal(t.status),
  timeout = 60_000,
): Promise<TaskInfo> {
  let last: TaskInfo | null = null;
  return waitUntil(
    async () => {
      last = (await (await page.request.get(`/api/tasks/${taskId}`)).json()) as TaskInfo;
      return until(last) ? last : false;
    },
    { what: `task ${taskId}`, timeoutMs: timeout, intervalMs: 200, describe: () => JSON.stringify(last).slice(0, 500) },
  );
}

/**
 * A task that really failed, the way retention makes one fail: it ran and was cancelled, its
 * novel text was then deleted (as TASK_RETENTION_DAYS does for finished tasks), and re-running it
 * fails in the worker with `input_missing`. Every state and event comes from the product itself.
 */
export async function failedTask(page: Page, sql: Sql, title: string): Promise<TaskInfo> {
  const task = await submitTask(page, ALICE, { title, options: { episodes: 100 } }); // long: it is cancelled while it runs
  await waitForTask(page, task.task_id, (t) => t.status === 'processing' && t.progress > 0);
  expect((await page.request.post(`/api/tasks/${task.task_id}/cancel`)).status()).toBe(200);
  await waitForTask(page, task.task_id, (t) => t.status === 'cancelled');
  await sql('DELETE FROM task_inputs WHERE task_id = $1', [task.task_id]);
  expect((await page.request.post(`/api/tasks/${task.task_id}/retry`)).status()).toBe(200);
  const failed = await waitForTask(page, task.task_id, (t) => t.status === 'failed');
  expect(failed.error?.code).toBe('input_missing');
  return failed;
}

/** A short novel (the first chapters of 阿Q正传) for tasks that only need to finish quickly. */
export const SHORT_NOVEL = readFileSync(
  path.resolve(import.meta.dirname, '../../fixtures/a-q-zhengzhuan.zh.txt'),
  'utf8',
).slice(0, 5000);
export const AQ = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/a-q-zhengzhuan.zh.txt'), 'utf8');
export const ALICE = readFileSync(
  path.resolve(import.meta.dirname, '../../fixtures/alice-in-wonderland.en.txt'),
  'utf8',
);

export type Sql = <T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  values?: unknown[],
) => Promise<T[]>;

interface TestFixtures {
  /** A fresh user, already signed in on `page`. */
  user: TestUser;
  /** `test.use({ signedIn: true })`: every test starts signed in as a fresh user it does not need to name. */
  signedIn: boolean;
  autoSignIn: undefined;
  /** Console messages of type error that the test expects (substring match); others fail it. */
  allowConsoleErrors: string[];
  consoleGuard: undefined;
  timeZoneCookie: undefined;
}

interface WorkerFixtures {
  sql: Sql;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
  baseURL: async ({}, use) => use(baseUrl()),
  sql: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL, max: 2 });
      await use(async (text, values) => (await pool.query(text, values)).rows);
      await pool.end();
    },
    { scope: 'worker' },
  ],
  allowConsoleErrors: [[], { option: true }],
  consoleGuard: [
    async ({ page, allowConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        if (!allowConsoleErrors.some((a) => text.includes(a))) errors.push(text);
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      await use(undefined);
      expect(errors, 'console errors during the test').toEqual([]);
    },
    { auto: true },
  ],
  // The browser's zone, so the server renders times as the browser would (no re-render on load).
  timeZoneCookie: [
    async ({ context, baseURL, timezoneId }, use) => {
      await context.addCookies([{ name: 'tz', value: timezoneId ?? 'UTC', url: baseURL ?? baseUrl() }]);
      await use(undefined);
    },
    { auto: true },
  ],
  user: async ({ page, sql }, use) => {
    const user = await createUser(sql);
    await login(page, user);
    await use(user);
  },
  signedIn: [false, { option: true }],
  autoSignIn: [
    async ({ signedIn, page, sql }, use) => {
      if (signedIn) await login(page, await createUser(sql));
      await use(undefined);
    },
    { auto: true },
  ],
});

export { expect };
