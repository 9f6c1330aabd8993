// Exports of a finished script: json (the raw result), fountain (CJK-safe), md (for reading), txt
// and docx (the 短剧 layout), each with its content type and a file name from the title.
import { cleanText, sliceCodePoints } from '../../storable-text';
import type { ScriptResult } from '../schema';
import { renderDocx } from './docx';
import { renderFountain } from './fountain';
import { renderMarkdown } from './md';
import { renderTxt } from './txt';

export const EXPORT_FORMATS = ['json', 'fountain', 'md', 'txt', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats that are text (docx is a zip, rendered by exportFile). */
export type TextExportFormat = Exclude<ExportFormat, 'docx'>;

export const isExportFormat = (f: string): f is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(f);

export const TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  fountain: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface RenderedExport {
  body: string;
  contentType: string;
  filename: string;
}

/** A file name from the title: no path or control characters, at most 80 characters (code points). */
export function exportFilename(title: string, format: ExportFormat | 'zip'): string {
  const cleaned = [...cleanText(title)]
    // controls, and the U+FFFD a lone surrogate became, are no part of a name
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '\ufffd' ? ' ' : ch))
    .join('')
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const base = sliceCodePoints(cleaned, 80).trim() || 'script';
  return `${base}.${format}`;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const name = cleanText(filename);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function renderExport(result: ScriptResult, format: TextExportFormat): RenderedExport {
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

/** Any format as the download route sends it: text as a string, docx as bytes. */
export async function exportFile(
  result: ScriptResult,
  format: ExportFormat,
): Promise<Omit<RenderedExport, 'body'> & { body: string | Uint8Array }> {
  if (format !== 'docx') return renderExport(result, format);
  return { body: await renderDocx(result), contentType: TYPES.docx, filename: exportFilename(result.title, format) };
}

export { renderDocx, renderFountain, renderMarkdown, renderTxt };
