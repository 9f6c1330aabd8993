// Reads a JSON request body defensively: content type, size, strict UTF-8, JSON syntax and the
// zod schema, each with its own 4xx, so bad input never reaches the database.
import type { z } from 'zod';
import { AppError, badRequest, unprocessable } from '../errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number,
): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLargeBody(maxBytes);
  const bytes = await readLimited(request, maxBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw badRequest('invalid_encoding', 'The request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw badRequest('empty_body', 'The request body is empty; send a JSON object.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw badRequest('malformed_json', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? describePath(issue.path, issue) : undefined;
    throw unprocessable('validation_error', `${field ?? 'body'}: ${issue?.message ?? 'invalid'}`, field);
  }
  return parsed.data;
}

function describePath(path: PropertyKey[], issue: z.core.$ZodIssue): string | undefined {
  const keys = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
  return keys.length ? keys.map(String).join('.') : undefined;
}

function tooLargeBody(maxBytes: number) {
  return new AppError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLargeBody(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
