// Browser tests: a real production build, Postgres, one web process and one worker, all started
// once by tests/e2e/support/global-setup.ts. Chromium comes from @sparticuz/chromium (no browser
// download here) unless CHROMIUM_PATH names another one.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/** @sparticuz/chromium unpacks into $TMPDIR/chromium and reuses whatever is there: give it our own. */
async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = path.join(os.tmpdir(), 'shortplay-chromium');
  mkdirSync(process.env.TMPDIR, { recursive: true });
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    return await chromium.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

const { default: chromium } = await import('@sparticuz/chromium');
const args = [
  // With --single-process the browser dies when the first test's context closes.
  ...chromium.args.filter((a) => a !== '--single-process'),
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/support/global-setup.ts',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results/e2e',
  use: {
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: { executablePath: await chromiumPath(), args },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } }],
});
