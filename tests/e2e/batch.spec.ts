// Batches in the browser: three .txt files (UTF-8, GB18030, Big5) uploaded at once become one
// batch with shared options and a title per file; the batch page follows it live to the end, the
// zip is offered, and the task list filters by the batch. Screenshots at 1280 and 390 px, zh and en.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createUser, expect, LOCALES, login, noOverflow, screenshot, test, viewport, WIDTHS } from './support/fixtures';

const UTF8 = '第一章 开端\n\n阿Q说：“我们先前比你阔多啦！”赵太爷骂道：“你也配姓赵！”🙂\n';
// 第一章 阿Q正傳 / 阿Q說：“我們先前比你闊多啦！”趙太爺罵道：“你也配姓趙！”他們都笑了。 in Big5
// biome-ignore format: bytes
const BIG5 = Buffer.from([178,196,164,64,179,185,32,170,252,81,165,191,182,199,10,170,252,81,187,161,161,71,161,167,167,218,173,204,165,253,171,101,164,241,167,65,193,239,166,104,176,213,161,73,161,168,187,175,164,211,183,221,189,124,185,68,161,71,161,167,167,65,164,93,176,116,169,109,187,175,161,73,161,168,165,76,173,204,179,163,175,186,164,70,161,67]);
const GB18030 = readFileSync(path.resolve(import.meta.dirname, 'fixtures/a-q-opening.gb18030.txt'));

const files = [
  { name: '开端.txt', mimeType: 'text/plain', buffer: Buffer.from(UTF8) },
  { name: 'a-q-opening.gb18030.txt', mimeType: 'text/plain', buffer: GB18030 },
  { name: '正傳.big5.txt', mimeType: 'text/plain', buffer: BIG5 },
];

for (const [locale, lang] of LOCALES) {
  for (const width of WIDTHS) {
    test.describe(`${lang} ${width}px`, () => {
      test.use({ locale, viewport: viewport(width) });

      test(`three files become one batch, followed live to the end (${lang}, ${width}px)`, async ({ page, sql }) => {
        test.slow();
        const shot = async (name: string) => {
          await noOverflow(page, name);
          await screenshot(page, `${name}-${lang}-${width}`);
        };
        await login(page, await createUser(sql));
        await page.goto('/tasks/new');
        await page.getByTestId('upload').setInputFiles(files);
        const rows = page.getByTestId('batch-file');
        await expect(rows).toHaveCount(3);
        // Titles come from the file names; one is edited.
        await expect(rows.nth(1).getByRole('textbox')).toHaveValue('a-q-opening');
        await expect(rows.nth(2).getByRole('textbox')).toHaveValue('正傳');
        await expect(rows.nth(2)).toContainText('Big5');
        await rows.nth(0).getByRole('textbox').fill('开端（改）');
        await page.locator('input[name="episodes"]').fill('1');
        await shot('tasks-new-batch');
        await page.getByRole('button', { name: lang === 'zh' ? '改编这 3 部小说' : 'Adapt these 3 novels' }).click();

        await expect(page).toHaveURL(/\/batches\/batch_/);
        const batchId = page.url().split('/').pop() as string;
        await expect(page.getByTestId('batch-progress')).toHaveText('100%', { timeout: 60_000 });
        await expect(page.getByTestId('batch-status')).toContainText(lang === 'zh' ? '全部完成' : 'All completed');
        const tasks = page.getByTestId('batch-tasks').getByRole('listitem');
        await expect(tasks).toHaveCount(3);
        await expect(tasks.nth(0)).toContainText('开端（改）');
        await expect(page.getByTestId('batch-zip')).toBeVisible();
        await shot('batch');

        const zip = await page.request.get(`/api/batches/${batchId}/result?format=txt`);
        expect(zip.status()).toBe(200);
        expect(zip.headers()['content-type']).toBe('application/zip');

        await page.goto(`/tasks?batch=${batchId}`);
        await expect(page.getByTestId('batch-filter')).toBeVisible();
        await expect(page.getByTestId('task-row')).toHaveCount(3);
        await expect(page.getByTestId('row-batch')).toHaveCount(3);
        await shot('tasks-batch');
      });
    });
  }
}
