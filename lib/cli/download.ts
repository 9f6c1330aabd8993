// Downloads a finished script in a format the server offers. Which formats it offers is read from
// its OpenAPI document, so a new export (docx) works here as soon as the server lists it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorFromResponse } from '../client/http';
import { UsageError } from './io';

export interface Server {
  url: string;
  token: string;
}

const api = (s: Server, p: string, init: RequestInit = {}) =>
  fetch(`${s.url.replace(/\/+$/, '')}${p}`, {
    ...init,
    headers: { authorization: `Bearer ${s.token}`, ...(init.headers as Record<string, string> | undefined) },
  });

export const TASK_RESULT = '/api/tasks/{id}/result';
export const BATCH_RESULT = '/api/batches/{id}/result';

/** The `format` values a result route (GET `route`) accepts, from the server's /api/openapi.json. */
export async function offeredFormats(s: Server, route = TASK_RESULT): Promise<string[]> {
  const res = await api(s, '/api/openapi.json');
  if (!res.ok) throw await errorFromResponse(res);
  const doc = (await res.json()) as {
    paths?: Record<string, { get?: { parameters?: { name: string; in: string; schema?: { enum?: string[] } }[] } }>;
  };
  const param = doc.paths?.[route]?.get?.parameters?.find((p) => p.name === 'format');
  return param?.schema?.enum ?? ['json'];
}

export async function checkFormat(s: Server, format: string, route = TASK_RESULT): Promise<void> {
  const offered = await offeredFormats(s, route);
  if (!offered.includes(format)) {
    throw new UsageError(`This server does not offer --format ${format}; it offers: ${offered.join(', ')}.`);
  }
}

/** "attachment; filename=…; filename*=UTF-8''…" → the UTF-8 name when given, without any path. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  const star = disposition?.match(/filename\*\s*=\s*UTF-8''([^;]+)/i)?.[1];
  const plain = disposition?.match(/filename\s*=\s*"([^"]*)"/i)?.[1];
  let name = fallback;
  try {
    name = star ? decodeURIComponent(star) : (plain ?? fallback);
  } catch {
    name = plain ?? fallback; // a broken percent-escape: the ASCII name will do
  }
  return path.basename(name.replaceAll('\\', '/')) || fallback;
}

/** Writes the task's script (or, with BATCH_RESULT, the batch's zip) into `dir`; returns the file's path. */
export async function download(
  s: Server,
  id: string,
  format: string,
  dir: string,
  route = TASK_RESULT,
): Promise<string> {
  const res = await api(s, `${route.replace('{id}', encodeURIComponent(id))}?format=${encodeURIComponent(format)}`);
  if (!res.ok) throw await errorFromResponse(res);
  const name = filenameFrom(res.headers.get('content-disposition'), `${id}.${route === TASK_RESULT ? format : 'zip'}`);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, new Uint8Array(await res.arrayBuffer()));
  return file;
}
