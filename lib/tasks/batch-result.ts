// A batch's scripts as one zip: one file per completed task in the chosen format, numbered in
// submission order, plus manifest.json listing every task — the ones without a file say why.
import { strToU8, zipSync } from 'fflate';
import { getDb } from '../db/client';
import { conflict } from '../errors';
import { type ExportFormat, exportFile, exportFilename } from '../pipeline/export';
import type { ScriptResult } from '../pipeline/schema';
import type { Actor } from './actor';
import { assertBatchVisible } from './batch-queries';

export interface BatchZip {
  bytes: Uint8Array;
  filename: string;
}

export async function batchResultZip(actor: Actor, batchId: string, format: ExportFormat): Promise<BatchZip> {
  await assertBatchVisible(actor, batchId);
  const batch = await getDb().taskBatch.findUniqueOrThrow({
    where: { id: batchId },
    select: {
      title: true,
      tasks: { select: { id: true, title: true, status: true, result: true }, orderBy: { id: 'asc' } },
    },
  });
  const files: Record<string, Uint8Array> = {};
  const width = String(batch.tasks.length).length;
  const manifest: Record<string, unknown>[] = [];
  for (const [i, t] of batch.tasks.entries()) {
    const base = { task_id: t.id, title: t.title, status: t.status };
    if (t.status !== 'completed' || !t.result) {
      manifest.push({ ...base, file: null, reason: `task is ${t.status}` });
      continue;
    }
    const file = await exportFile(t.result as unknown as ScriptResult, format);
    const name = `${String(i + 1).padStart(width, '0')}-${file.filename}`;
    files[name] = typeof file.body === 'string' ? strToU8(file.body) : file.body;
    manifest.push({ ...base, file: name });
  }
  if (Object.keys(files).length === 0) {
    throw conflict('batch_not_completed', 'No task of this batch is completed yet; nothing to download.');
  }
  files['manifest.json'] = strToU8(`${JSON.stringify({ batch_id: batchId, format, tasks: manifest }, null, 2)}\n`);
  return { bytes: zipSync(files, { level: 6 }), filename: exportFilename(batch.title, 'zip') };
}
