// Exports of a finished script: json (the raw result), fountain (CJK-safe), md (for reading) and
// txt (the 短剧 layout), each with its content type and a file name from the title.
import type { ScriptResult } from '../schema';
import { renderFountain } from './fountain';
import { renderMarkdown } from './md';
import { renderTxt } from './txt';

export const EXPORT_FORMATS = ['json', 'fountain', 'md', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (f: string): f is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(f);

const TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  fountain: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

export interface RenderedExport {
  body: string;
  contentType: string;
  filename: string;
}

/** A file name from the title: no path or control characters, at most 80 characters. */
export function exportFilename(title: string, format: ExportFormat | 'zip'): string {
  const base =
    [...title]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch))
      .join('')
      .replace(/[\\/:*?"<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'script';
  return `${base}.${format}`;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function renderExport(result: ScriptResult, format: ExportFormat): RenderedExport {
  const body =
    format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : format === 'fountain'
        ? renderFountain(result)
        : format === 'md'
          ? renderMarkdown(result)
          : renderTxt(result);
  return { body, contentType: TYPES[format], filename: exportFilename(result.title, format) };
}

export { renderFountain, renderMarkdown, renderTxt };
