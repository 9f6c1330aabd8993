// The CLI's pure parts: argument parsing, exit codes, the bar, file names from Content-Disposition,
// and the 0600 config file with the environment winning over it.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConflictError, NetworkError, NotFoundError, TaskFailedError, UnauthorizedError } from '../client/errors';
import { parse } from './args';
import { configFile, loadConfig, saveConfig } from './config';
import { filenameFrom } from './download';
import { type CliIO, EXIT, NotLoggedInError, UsageError } from './io';
import { exitCodeFor } from './main';
import { bar, progressView } from './progress';

describe('parse', () => {
  it('reads a command, its files and options', () => {
    expect(
      parse(['submit', 'a.txt', 'b.txt', '--episodes', '5', '--wait', '--json', '--language', 'zh-TW']),
    ).toMatchObject({
      command: 'submit',
      positionals: ['a.txt', 'b.txt'],
      episodes: 5,
      wait: true,
      json: true,
      language: 'zh-TW',
    });
  });

  it.each([
    [['submit', '--episodes', '0']],
    [['submit', '--episodes', '2.5']],
    [['submit', '--episodes', 'ten']],
    [['list', '--colour']],
    [['status', '--out']],
  ])('refuses %j as a usage error', (argv) => {
    expect(() => parse(argv)).toThrow(UsageError);
  });
});

describe('exit codes', () => {
  it.each([
    [new UsageError('x'), EXIT.usage],
    [new ConflictError('x', { code: 'task_not_failed', status: 409 }), EXIT.usage],
    [new UnauthorizedError('x', { code: 'unauthorized', status: 401 }), EXIT.auth],
    [new NotLoggedInError('x'), EXIT.auth],
    [new NotFoundError('x', { code: 'not_found', status: 404 }), EXIT.notFound],
    [new NetworkError('x', { code: 'network_error' }), EXIT.network],
    [new Error('anything else'), EXIT.network],
    [Object.assign(new Error('no file'), { code: 'ENOENT' }), EXIT.usage],
  ])('%s → %i', (e, code) => {
    expect(exitCodeFor(e)).toBe(code);
  });

  it('a failed task is 1', () => {
    const task = { task_id: 't', status: 'failed', error: { code: 'x', message: 'y', retryable: false } };
    expect(exitCodeFor(new TaskFailedError(task as never))).toBe(EXIT.taskFailed);
  });
});

describe('progress', () => {
  it('draws a bar of the progress', () => {
    expect(bar(0, 10)).toBe('[----------]');
    expect(bar(55, 10)).toBe('[######----]');
    expect(bar(140, 10)).toBe('[##########]');
  });

  const io = (tty: boolean) => {
    const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 0 });
    let text = '';
    stderr.on('data', (d: Buffer) => {
      text += d.toString();
    });
    return { io: { stderr } as unknown as CliIO, text: () => text };
  };
  const task = (progress: number, message: string) => ({ progress, message, status: 'processing' }) as never;

  it('redraws one line on a terminal, even one whose width is unknown', () => {
    const t = io(true);
    const view = progressView(t.io);
    view.update(task(10, '解析中😀'));
    view.update(task(10, '解析中😀')); // unchanged: not drawn again
    view.update(task(60, '正在生成分集大纲…'));
    view.done();
    expect(t.text()).toBe(`\r\x1b[2K${bar(10)}  10% 解析中😀\r\x1b[2K${bar(60)}  60% 正在生成分集大纲…\n`);
  });

  it('writes plain lines elsewhere', () => {
    const t = io(false);
    const view = progressView(t.io, 'task_1');
    view.update(task(10, 'a'));
    view.update(task(20, 'b'));
    view.done();
    expect(t.text()).toBe('task_1  10% processing a\ntask_1  20% processing b\n');
  });
});

describe('filenameFrom', () => {
  it('takes the UTF-8 name, never a path', () => {
    expect(filenameFrom(`attachment; filename="A Q.txt"; filename*=UTF-8''%E9%98%BFQ%E6%AD%A3%E4%BC%A0.txt`, 'x')).toBe(
      '阿Q正传.txt',
    );
    expect(filenameFrom('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(filenameFrom(`attachment; filename*=UTF-8''..%2F..%2Fevil.md`, 'x')).toBe('evil.md');
    expect(filenameFrom(`attachment; filename*=UTF-8''%E0%A4%A`, 'fallback.md')).toBe('fallback.md');
    expect(filenameFrom(null, 'task_1.txt')).toBe('task_1.txt');
  });
});

describe('config', () => {
  it('is written 0600 under XDG_CONFIG_HOME, and the environment wins over it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shortplay-config-'));
    const env = { XDG_CONFIG_HOME: dir };
    const file = await saveConfig(env, { url: 'http://localhost:3000', token: 'sp_abc' });
    expect(file).toBe(configFile(env));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await loadConfig(env)).toEqual({ url: 'http://localhost:3000', token: 'sp_abc' });
    expect(await loadConfig({ ...env, SHORTPLAY_TOKEN: 'sp_env' })).toEqual({
      url: 'http://localhost:3000',
      token: 'sp_env',
    });
    expect(await loadConfig({ XDG_CONFIG_HOME: path.join(dir, 'none') })).toEqual({});
  });
});
