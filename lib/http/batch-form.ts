// Reads a multipart batch upload: `files` (one or more .txt, each decoded UTF-8, UTF-16, GB18030 or
// Big5), optional `titles` (one per file, in the same order; empty → from the file name), and
// optional `options` (JSON), `priority` and `title` fields. The result is checked like a JSON batch.
import { decodeNovel } from '../client/decode';
import { AppError, badRequest, unprocessable } from '../errors';
import { CreateBatchBody, MAX_BATCH_TASKS } from '../tasks/batch-schema';

/** "阿Q正传.gb18030.txt" → "阿Q正传": the name without its extensions. */
export function titleFromFileName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? '';
  const title = base.replace(/(\.[A-Za-z0-9-]{1,10})+$/, '').trim();
  return [...title].slice(0, 200).join('') || undefined;
}

export async function readBatchForm(request: Request, maxBytes: number): Promise<CreateBatchBody> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest('malformed_form', 'The multipart body could not be read.');
  }
  const files = form.getAll('files').filter((f): f is File => typeof f !== 'string');
  if (files.length === 0) throw unprocessable('validation_error', 'files: attach at least one .txt file.', 'files');
  if (files.length > MAX_BATCH_TASKS) {
    throw unprocessable('validation_error', `files: at most ${MAX_BATCH_TASKS} files in one batch.`, 'files');
  }
  const titles = form.getAll('titles').map((t) => (typeof t === 'string' ? t.trim() : ''));
  const tasks = await Promise.all(
    files.map(async (file, i) => {
      const { text } = decodeNovel(new Uint8Array(await file.arrayBuffer()));
      const title = titles[i] || titleFromFileName(file.name);
      return title ? { novel_content: text, title } : { novel_content: text };
    }),
  );
  const raw: Record<string, unknown> = { tasks };
  const options = form.get('options');
  if (typeof options === 'string' && options.trim()) {
    try {
      raw.options = JSON.parse(options);
    } catch {
      throw unprocessable('validation_error', 'options: not valid JSON.', 'options');
    }
  }
  const priority = form.get('priority');
  if (typeof priority === 'string' && priority.trim()) raw.priority = Number(priority);
  const title = form.get('title');
  if (typeof title === 'string' && title.trim()) raw.title = title;
  const parsed = CreateBatchBody.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.map(String).join('.') : undefined;
    throw unprocessable('validation_error', `${field ?? 'body'}: ${issue?.message ?? 'invalid'}`, field);
  }
  return parsed.data;
}
