// The shortplay CLI (bin/shortplay.mjs) against a real server: submit --wait --out, --json, the
// exit codes, login's 0600 token file, and in a pseudo-terminal (util-linux `script`) the live
// progress bar and Ctrl+C's question. Tasks are held pending (no worker yet) where a test needs
// one still open, so nothing depends on timing.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_PAGE_CSP } from '../../lib/http/security';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import { TASK_INFO_EXAMPLE } from '../../lib/tasks/openapi';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { waitUntil } from '../helpers/wait';

const stack = stackForFile({ workers: 0 });
const BIN = path.resolve('bin/shortplay.mjs');
const AQ = readFixture('a-q-zhengzhuan.zh.txt').slice(0, 4000);
let user: TestUser;
let home: string;
let novel: string;
/** Three novels for `batch`: UTF-8, UTF-16 with BOM, and a name with an emoji and two dots. */
let trio: string[];

beforeAll(async () => {
  user = await signUp(stack.web.url);
  home = mkdtempSync(path.join(tmpdir(), 'shortplay-cli-'));
  novel = path.join(home, '阿Q正传.txt');
  writeFileSync(novel, AQ);
  trio = [path.join(home, '第一部.txt'), path.join(home, '第二部.utf16.txt'), path.join(home, '🎬 第三部.md')];
  writeFileSync(trio[0] ?? '', AQ.slice(0, 2500));
  writeFileSync(trio[1] ?? '', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(AQ.slice(500, 3000), 'utf16le')]));
  writeFileSync(trio[2] ?? '', AQ.slice(1000, 3500));
});

const getBatch = async (id: string) =>
  (await fetch(`${stack.web.url}/api/batches/${id}`, { headers: { authorization: `Bearer ${user.token}` } })).json();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const baseEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: 'test',
  PATH: process.env.PATH ?? '',
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  SHORTPLAY_URL: stack.web.url,
  SHORTPLAY_TOKEN: user.token,
  ...extra,
});

function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { env: opts.env ?? baseEnv(), stdio: 'pipe' });
  return collect(child, opts.input);
}

function collect(child: ChildProcess, input?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin?.end(input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const taskRow = async (id: string) =>
  (await stack.sql<{ status: string }>('SELECT status::text FROM script_tasks WHERE id = $1', [id]))[0];

describe('while no worker runs (tasks stay pending)', () => {
  it('submit --json prints the TaskInfo with the seed types; status and list read it back', async () => {
    const r = await cli(['submit', novel, '--episodes', '3', '--language', 'zh-CN', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const task = JSON.parse(r.stdout);
    expect(task).toMatchObject({ status: 'pending', title: '阿Q正传', options: { episodes: 3, language: 'zh' } });
    expect(task.estimated_time).toMatch(/^PT/);
    // The document's TaskInfo example has exactly the fields a real answer has.
    expect(Object.keys(task).sort()).toEqual(Object.keys(TASK_INFO_EXAMPLE).sort());
    const status = await cli(['status', task.task_id, '--json']);
    expect(JSON.parse(status.stdout).task_id).toBe(task.task_id);
    const list = await cli(['list', '--status', 'pending']);
    expect(list.stdout).toContain(task.task_id);
  });

  it('exit codes: 2 usage, 3 auth, 4 not found, 5 network, with --json errors on stdout', async () => {
    expect((await cli(['submit'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['list', '--status', 'done'])).code).toBe(2);
    expect((await cli(['submit', path.join(home, 'missing.txt')])).code).toBe(2);
    expect((await cli(['submit', novel, '--language', 'fr'])).code).toBe(2); // the server's 422
    const auth = await cli(['list', '--json'], { env: baseEnv({ SHORTPLAY_TOKEN: 'sp_wrong' }) });
    expect(auth.code).toBe(3);
    expect(JSON.parse(auth.stdout)).toMatchObject({ error: { code: 'unauthorized' }, exit_code: 3 });
    const nobody = baseEnv({ XDG_CONFIG_HOME: path.join(home, 'nobody') });
    delete nobody.SHORTPLAY_TOKEN;
    expect((await cli(['list'], { env: nobody })).code).toBe(3);
    const missing = await cli(['status', 'task_01KB2F6Q8ZJ3M4N5P6R7S8T9VW', '--json']);
    expect(missing.code).toBe(4);
    expect(JSON.parse(missing.stdout).error.code).toBe('not_found');
    const down = await cli(['list'], { env: baseEnv({ SHORTPLAY_URL: 'http://127.0.0.1:9' }) });
    expect(down.code).toBe(5);
  });

  it('--format is accepted only when the server lists it', async () => {
    const r = await cli(['download', 'task_01KB2F6Q8ZJ3M4N5P6R7S8T9VW', '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not offer --format pdf; it offers: json, fountain, md, txt, docx/);
  });

  it('a cancelled task: cancel exits 0, then watch exits 1', async () => {
    const task = JSON.parse((await cli(['submit', novel, '--json'])).stdout);
    expect((await cli(['cancel', task.task_id])).code).toBe(0);
    const w = await cli(['watch', task.task_id]);
    expect(w.code).toBe(1);
    expect(w.stdout).toContain(`${task.task_id} cancelled`);
  });

  it('login asks for the server, e-mail and password and stores a token with 0600', async () => {
    const env = baseEnv({ XDG_CONFIG_HOME: path.join(home, 'login-config') });
    delete env.SHORTPLAY_URL;
    delete env.SHORTPLAY_TOKEN;
    const r = await cli(['login'], { env, input: `${stack.web.url}\n${user.email}\n${user.password}\n` });
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(home, 'login-config', 'shortplay', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.url).toBe(stack.web.url);
    expect(stored.token).toMatch(/^sp_/);
    expect((await cli(['list'], { env })).code).toBe(0); // the stored token works
    const wrong = await cli(['login'], { env, input: `${stack.web.url}\n${user.email}\nnot the password\n` });
    expect(wrong.code).toBe(3);
  });

  it('in a terminal: a live bar; Ctrl+C asks, and "y" cancels the task (exit 130)', async () => {
    const task = JSON.parse((await cli(['submit', novel, '--json'])).stdout);
    const env = baseEnv({ TERM: 'xterm', COLUMNS: '100' });
    const command = `'${process.execPath}' '${BIN}' watch ${task.task_id}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: 'pipe' });
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitUntil(() => seen.includes('[------------------------]   0%'), {
      what: 'the progress bar',
      timeoutMs: 20_000,
      describe: () => JSON.stringify(seen),
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the progress line is redrawn with ESC [2K
    expect(seen).toMatch(/\r\x1b\[2K\[-+\]\s+0% /); // redrawn in place, not a new line per update
    child.stdin.write('\x03');
    await waitUntil(() => seen.includes('Cancel the task on the server too? [y/N]'), {
      what: 'the question',
      timeoutMs: 20_000,
      describe: () => JSON.stringify(seen),
    });
    child.stdin.write('y\r');
    expect(await closed).toBe(130);
    expect(seen).toContain(`${task.task_id}: cancelled`);
    expect((await taskRow(task.task_id))?.status).toBe('cancelled');
  });

  it('in a terminal: Ctrl+C and "n" only stops watching; the task goes on', async () => {
    const task = JSON.parse((await cli(['submit', novel, '--json'])).stdout);
    const command = `'${process.execPath}' '${BIN}' watch ${task.task_id}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: baseEnv({ TERM: 'xterm' }), stdio: 'pipe' });
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitUntil(() => seen.includes('0%'), { what: 'the bar', timeoutMs: 20_000 });
    child.stdin.write('\x03');
    await waitUntil(() => seen.includes('[y/N]'), { what: 'the question', timeoutMs: 20_000 });
    child.stdin.write('n\r');
    expect(await closed).toBe(130);
    expect(seen).toContain(`shortplay watch ${task.task_id}`);
    expect((await taskRow(task.task_id))?.status).toBe('pending');
  });
});

describe('batch, while no worker runs', () => {
  it('batch --json submits one batch, a task per file, titled from the file names', async () => {
    const r = await cli(['batch', ...trio, '--episodes', '2', '--language', 'en-US', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout);
    expect(created.batch_id).toMatch(/^batch_/);
    expect(created.task_ids).toHaveLength(3);
    const b = await getBatch(created.batch_id);
    expect(b.tasks.map((t: { title: string }) => t.title)).toEqual(['第一部', '第二部.utf16', '🎬 第三部']);
    // The UTF-16 file arrived as text, not as mojibake or NULs.
    expect(b.tasks[1].novel_content_length).toBe(2500);
    expect(b.tasks.every((t: { options: { episodes: number; language: string } }) => t.options.language === 'en')).toBe(
      true,
    );
    expect(b.tasks[0].options.episodes).toBe(2);
  });

  it('batch usage errors exit 2 and submit nothing', async () => {
    const before = (await stack.sql('SELECT count(*)::int AS n FROM script_tasks'))[0] as { n: number };
    const none = await cli(['batch', '--json']);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'usage' }, exit_code: 2 });
    expect((await cli(['batch', trio[0] ?? '', path.join(home, 'missing.txt')])).code).toBe(2);
    const pdf = await cli(['batch', ...trio, '--wait', '--out', home, '--format', 'pdf']);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toMatch(/does not offer --format pdf/);
    expect((await cli(['batch', ...trio, '--language', 'fr'])).code).toBe(2); // the server's 422
    const after = (await stack.sql('SELECT count(*)::int AS n FROM script_tasks'))[0] as { n: number };
    expect(after.n).toBe(before.n);
  });

  it('batch --wait exits 1 when the batch ends without every task completed', async () => {
    const child = spawn(process.execPath, [BIN, 'batch', ...trio, '--wait'], { env: baseEnv(), stdio: 'pipe' });
    let printed = '';
    child.stdout.on('data', (d: Buffer) => {
      printed += d.toString();
    });
    const run = collect(child);
    await waitUntil(() => /batch_\w+/.test(printed), { what: 'the batch id', timeoutMs: 20_000 });
    const id = printed.match(/batch_\w+/)?.[0] ?? '';
    const cancel = await fetch(`${stack.web.url}/api/batches/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(cancel.status).toBe(200);
    const r = await run;
    expect(r.code, r.stderr).toBe(1);
    expect(printed).toContain(`${id} cancelled: 0/3 completed, 3 cancelled`);
  });
});

describe('with a worker', () => {
  beforeAll(async () => {
    await stack.addWorker();
  });

  it('submit --wait --out writes the script and exits 0; plain progress lines when not a terminal', async () => {
    const out = path.join(home, 'scripts');
    const r = await cli(['submit', novel, '--episodes', '2', '--wait', '--out', out, '--format', 'txt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\s*\d+% (pending|processing|completed) \S/m); // however fast the worker was
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout).toMatch(/completed: 2 episodes → .*\.txt/);
    const files = readdirSync(out);
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(out, files[0] ?? ''), 'utf8')).toMatch(/第1集/);
  });

  it('submit --wait --json prints the finished task with the file', async () => {
    const out = path.join(home, 'json-out');
    const r = await cli(['submit', novel, '--episodes', '2', '--wait', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const done = JSON.parse(r.stdout);
    expect(done.status).toBe('completed');
    expect(done.file).toMatch(/\.fountain$/);
    expect(readFileSync(done.file, 'utf8').length).toBeGreaterThan(100);
  });

  it('batch --wait --out follows the whole batch and saves its zip', async () => {
    const out = path.join(home, 'batch-out');
    const r = await cli(['batch', ...trio, '--episodes', '2', '--wait', '--out', out, '--format', 'txt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\s*\d+% (pending|processing|completed) \d\/3 completed/m); // plain lines, no bar
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout).toMatch(/batch_\w+ completed: 3\/3 completed → .*\.zip/);
    const [zipName, ...others] = readdirSync(out);
    expect(others).toEqual([]);
    const files = unzipSync(new Uint8Array(readFileSync(path.join(out, zipName ?? ''))));
    const names = Object.keys(files).sort();
    expect(names.filter((n) => n.endsWith('.txt'))).toHaveLength(3);
    expect(names).toContain('manifest.json');
  });

  it('batch --wait --json prints the finished batch with its tasks and the zip', async () => {
    const r = await cli(['batch', ...trio.slice(0, 2), '--episodes', '2', '--wait', '--out', home, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // --json: nothing but the result
    const done = JSON.parse(r.stdout);
    expect(done).toMatchObject({ status: 'completed', total: 2, counts: { completed: 2 } });
    expect(done.tasks).toHaveLength(2);
    expect(done.file).toMatch(/\.zip$/);
  });

  it('download writes the requested format', async () => {
    const task = JSON.parse((await cli(['submit', novel, '--episodes', '2', '--wait', '--json'])).stdout);
    const r = await cli(['download', task.task_id, '--format', 'md', '--out', path.join(home, 'dl')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(r.stdout.trim(), 'utf8')).toMatch(/^#/m);
  });
});

describe('the API reference', () => {
  it('GET /api/openapi.json serves the document the tests check against', async () => {
    const { openApiDocument } = await import('../../lib/openapi/document');
    const res = await fetch(`${stack.web.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('/docs/api renders it with Swagger UI served from this server, no CDN', async () => {
    const page = await fetch(`${stack.web.url}/docs/api`);
    // One policy, the page's own (two headers would be joined here, and both would apply).
    expect(page.headers.get('content-security-policy')).toBe(REFERENCE_PAGE_CSP);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    for (const tag of scriptTags) expect(tag, 'no inline script to allow').toMatch(/\ssrc="\/docs\/api\//);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
    for (const ref of refs.filter((r) => r.startsWith('/docs/api/'))) {
      const res = await fetch(`${stack.web.url}${ref}`);
      expect(res.status, ref).toBe(200);
      expect((await res.arrayBuffer()).byteLength, ref).toBeGreaterThan(100);
    }
    expect(html).toContain('/docs/api/swagger-ui-bundle.js');
    // The CJK font comes from this server too.
    const css = await (await fetch(`${stack.web.url}/docs/api/noto-sans-sc.css`)).text();
    const font = css.match(/url\((\/docs\/api\/font\/[^)]+\.woff2)\)/)?.[1];
    expect(font).toBeDefined();
    const fontRes = await fetch(`${stack.web.url}${font}`);
    expect(fontRes.status).toBe(200);
    expect(fontRes.headers.get('content-type')).toBe('font/woff2');
    expect((await fetch(`${stack.web.url}/docs/api/font/..%2F400.css`)).status).toBe(404);
    expect((await fetch(`${stack.web.url}/docs/api/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${stack.web.url}/docs/api/index.html`)).status).toBe(404);
  });
});
