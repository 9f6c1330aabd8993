// The commands. Each returns its exit code; errors thrown here are mapped in main.ts.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createClient, type ShortplayClient, type SubmitOptions } from '../client';
import { decodeNovel } from '../client/decode';
import { request } from '../client/http';
import { type TaskInfo, type TaskOptionsInput, TaskStatus } from '../tasks/schema';
import type { Parsed } from './args';
import { loadConfig, saveConfig } from './config';
import { checkFormat, download, type Server } from './download';
import { follow } from './follow';
import { type CliIO, EXIT, err, NotLoggedInError, out, prompter, UsageError } from './io';

export async function server(io: CliIO): Promise<Server> {
  const cfg = await loadConfig(io.env);
  if (!cfg.url || !cfg.token) {
    throw new NotLoggedInError('Not logged in: run `shortplay login`, or set SHORTPLAY_URL and SHORTPLAY_TOKEN.');
  }
  return { url: cfg.url, token: cfg.token };
}

const clientFor = (s: Server): ShortplayClient => createClient({ baseUrl: s.url, token: s.token });

const NewToken = z.object({ token: z.string(), name: z.string() });

export async function login(io: CliIO, a: Parsed): Promise<number> {
  const known = await loadConfig(io.env);
  const p = prompter(io);
  let base: string;
  let email: string;
  let password: string;
  try {
    const url = a.url ?? (await p.ask(`Server URL${known.url ? ` [${known.url}]` : ''}: `));
    base = (url || known.url || '').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(base)) throw new UsageError('The server URL must start with http:// or https://.');
    email = await p.ask('E-mail: ');
    password = await p.ask('Password: ', true);
  } finally {
    p.close();
  }
  const created = await request(
    { baseUrl: base, fetch: (i, init) => fetch(i, init), retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 } },
    {
      method: 'POST',
      path: '/api/tokens',
      body: { email, password, name: `shortplay cli on ${os.hostname()}`.slice(0, 100) },
      schema: NewToken,
      retry: 'none',
    },
  );
  const file = await saveConfig(io.env, { url: base, token: created.token });
  if (a.json) out(io, JSON.stringify({ url: base, config: file }));
  else err(io, `Logged in to ${base}; the token is in ${file}.`);
  return EXIT.ok;
}

/** A task's title from its file's name: 阿Q正传.txt → 阿Q正传. */
export const titleOf = (file: string) => path.basename(file).replace(/\.[^.]+$/, '') || file;

/** --episodes, --model, --language and --style, as given. */
export function taskOptions(a: Parsed): TaskOptionsInput {
  const options: TaskOptionsInput = {};
  if (a.episodes !== undefined) options.episodes = a.episodes;
  if (a.model) options.model = a.model;
  if (a.language) options.language = a.language;
  if (a.style) options.style = a.style;
  return options;
}

export async function submit(io: CliIO, a: Parsed): Promise<number> {
  if (a.positionals.length === 0) throw new UsageError('submit needs at least one FILE.');
  const s = await server(io);
  const format = a.format ?? 'fountain';
  if (a.out || a.format) await checkFormat(s, format);
  const client = clientFor(s);
  const tasks: TaskInfo[] = [];
  for (const file of a.positionals) {
    const { text, encoding } = decodeNovel(new Uint8Array(await readFile(file)));
    const options: SubmitOptions = { title: titleOf(file), ...taskOptions(a) };
    const task = await client.submitScriptGenerationTask(text, options);
    tasks.push(task);
    if (!a.json) out(io, `${task.task_id}  ${file} (${encoding})  ${task.status}  ~${task.estimated_seconds ?? '?'} s`);
  }
  if (!a.wait) {
    if (a.json) out(io, JSON.stringify(tasks.length === 1 ? tasks[0] : tasks));
    return EXIT.ok;
  }
  return finish(
    io,
    a,
    s,
    client,
    tasks.map((t) => t.task_id),
    format,
  );
}

async function finish(io: CliIO, a: Parsed, s: Server, client: ShortplayClient, ids: string[], format: string) {
  const followed = await follow(client, io, ids, Boolean(a.json));
  if (followed.kind === 'interrupted') return EXIT.interrupted;
  const saved: Record<string, string> = {};
  for (const t of followed.tasks) {
    if (t.status === 'completed' && a.out) saved[t.task_id] = await download(s, t.task_id, format, a.out);
    if (!a.json) out(io, describeEnd(t, saved[t.task_id]));
  }
  if (a.json) {
    const rows = followed.tasks.map((t) => (saved[t.task_id] ? { ...t, file: saved[t.task_id] } : t));
    out(io, JSON.stringify(rows.length === 1 ? rows[0] : rows));
  }
  return followed.tasks.every((t) => t.status === 'completed') ? EXIT.ok : EXIT.taskFailed;
}

function describeEnd(t: TaskInfo, file?: string): string {
  if (t.status === 'completed') {
    const episodes = t.result?.episodes.length;
    return `${t.task_id} completed${episodes ? `: ${episodes} episodes` : ''}${file ? ` → ${file}` : ''}`;
  }
  if (t.status === 'failed') return `${t.task_id} failed: ${t.error?.code ?? ''} ${t.error?.message ?? t.message}`;
  return `${t.task_id} ${t.status}`;
}

export async function watch(io: CliIO, a: Parsed): Promise<number> {
  if (a.positionals.length === 0) throw new UsageError('watch needs a task ID.');
  const s = await server(io);
  return finish(io, a, s, clientFor(s), a.positionals, a.format ?? 'fountain');
}

export async function status(io: CliIO, a: Parsed): Promise<number> {
  const id = oneId(a, 'status');
  const t = await clientFor(await server(io)).queryTaskStatus(id);
  if (a.json) out(io, JSON.stringify(t));
  else {
    out(io, `${t.task_id}  ${t.status}  ${t.progress}%  ${t.title}`);
    out(io, `  ${t.message}`);
    if (t.error) out(io, `  error: ${t.error.code}: ${t.error.message}`);
    if (t.estimated_time) out(io, `  estimated: ${t.estimated_time} (${t.estimated_seconds} s)`);
  }
  return t.status === 'failed' ? EXIT.taskFailed : EXIT.ok;
}

export async function list(io: CliIO, a: Parsed): Promise<number> {
  let statusFilter: TaskStatus | undefined;
  if (a.status !== undefined) {
    const parsed = TaskStatus.safeParse(a.status);
    if (!parsed.success) throw new UsageError(`--status must be one of: ${TaskStatus.options.join(', ')}.`);
    statusFilter = parsed.data;
  }
  const page = await clientFor(await server(io)).listTasks(statusFilter ? { status: statusFilter } : {});
  if (a.json) out(io, JSON.stringify(page));
  else
    for (const t of page.tasks)
      out(io, `${t.task_id}  ${t.status.padEnd(10)} ${String(t.progress).padStart(3)}%  ${t.title}`);
  return EXIT.ok;
}

export async function act(io: CliIO, a: Parsed, which: 'cancel' | 'retry'): Promise<number> {
  const id = oneId(a, which);
  const client = clientFor(await server(io));
  const t = which === 'cancel' ? await client.cancelTask(id) : await client.retryTask(id);
  if (a.json) out(io, JSON.stringify(t));
  else
    out(io, `${t.task_id}  ${t.status}${t.cancel_requested && t.status === 'processing' ? ' (cancel requested)' : ''}`);
  return EXIT.ok;
}

export async function downloadCmd(io: CliIO, a: Parsed): Promise<number> {
  const id = oneId(a, 'download');
  const s = await server(io);
  const format = a.format ?? 'fountain';
  await checkFormat(s, format);
  const file = await download(s, id, format, a.out ?? '.');
  if (a.json) out(io, JSON.stringify({ task_id: id, format, file }));
  else out(io, file);
  return EXIT.ok;
}

function oneId(a: Parsed, command: string): string {
  const [id, ...rest] = a.positionals;
  if (!id || rest.length) throw new UsageError(`${command} takes exactly one task ID.`);
  return id;
}
