// `shortplay batch FILE…`: one batch (POST /api/batches) from the files, titles from their names.
// --wait follows the whole batch with one bar; --out then saves the batch's zip (one file per
// completed task in --format, plus manifest.json), not one file per task.
import { readFile } from 'node:fs/promises';
import { type BatchNovel, createClient, type ShortplayClient } from '../client';
import { decodeNovel } from '../client/decode';
import type { BatchInfo } from '../tasks/batch-schema';
import type { Parsed } from './args';
import { server, taskOptions, titleOf } from './commands';
import { BATCH_RESULT, checkFormat, download } from './download';
import { catchCtrlC } from './follow';
import { ask, type CliIO, EXIT, err, out, UsageError } from './io';
import { progressView } from './progress';

/** "3/5 completed, 1 failed, 1 running" — the counts that are not zero, completed always. */
export function describeCounts(b: BatchInfo): string {
  const c = b.counts;
  const parts = [`${c.completed}/${b.total} completed`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
  if (c.processing) parts.push(`${c.processing} running`);
  if (c.pending) parts.push(`${c.pending} waiting`);
  return parts.join(', ');
}

export async function batch(io: CliIO, a: Parsed): Promise<number> {
  if (a.positionals.length === 0) throw new UsageError('batch needs at least one FILE.');
  const s = await server(io);
  const format = a.format ?? 'fountain';
  if (a.out || a.format) await checkFormat(s, format, BATCH_RESULT);
  const novels: BatchNovel[] = [];
  for (const file of a.positionals) {
    const { text, encoding } = decodeNovel(new Uint8Array(await readFile(file)));
    novels.push({ novelContent: text, title: titleOf(file) });
    if (!a.json) err(io, `${file} (${encoding})`);
  }
  const client = createClient({ baseUrl: s.url, token: s.token });
  const created = await client.submitBatch(novels, taskOptions(a));
  if (!a.wait) {
    if (a.json) out(io, JSON.stringify(created));
    else out(io, `${created.batch_id}  ${created.task_ids.length} tasks`);
    return EXIT.ok;
  }
  if (!a.json) out(io, `${created.batch_id}  ${created.task_ids.length} tasks`);
  const ended = await followBatch(client, io, created.batch_id, Boolean(a.json));
  if (!ended) return EXIT.interrupted;
  const file =
    a.out && ended.counts.completed > 0 ? await download(s, ended.batch_id, format, a.out, BATCH_RESULT) : undefined;
  if (a.json) out(io, JSON.stringify(file ? { ...ended, file } : ended));
  else {
    for (const t of ended.tasks ?? []) {
      const why = t.status === 'failed' ? `: ${t.error?.code ?? ''} ${t.error?.message ?? t.message}` : '';
      out(io, `${t.task_id}  ${t.status}  ${t.title}${why}`);
    }
    out(io, `${ended.batch_id} ${ended.status}: ${describeCounts(ended)}${file ? ` → ${file}` : ''}`);
  }
  return ended.status === 'completed' ? EXIT.ok : EXIT.taskFailed;
}

/** The batch once it is over, or null after Ctrl+C (on a terminal it asks whether to cancel it). */
async function followBatch(client: ShortplayClient, io: CliIO, id: string, quiet: boolean): Promise<BatchInfo | null> {
  const ctrlC = catchCtrlC(io);
  const view = progressView(io);
  try {
    const onProgress = quiet
      ? undefined
      : (b: BatchInfo) => view.update({ progress: b.progress, status: b.status, message: describeCounts(b) });
    const ended = await client.waitForBatch(id, onProgress, { signal: ctrlC.signal });
    view.done();
    return ended;
  } catch (e) {
    if (!ctrlC.interrupted) throw e;
    view.done();
    const resume = `Stopped watching; the batch ${id} goes on (GET /api/batches/${id}).`;
    if (io.stdin.isTTY && /^y(es)?$/i.test(await ask(io, 'Cancel the batch on the server too? [y/N] '))) {
      const b = await client.cancelBatch(id);
      err(io, `${id}: ${describeCounts(b)}`);
    } else err(io, resume);
    return null;
  } finally {
    ctrlC.release();
  }
}
