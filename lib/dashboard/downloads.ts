// The script downloads offered on a finished task, served by GET /api/tasks/{id}/result?format=…
export const DOWNLOAD_FORMATS = [
  { format: 'fountain', label: 'Fountain', ext: 'fountain' },
  { format: 'md', label: 'Markdown', ext: 'md' },
  { format: 'json', label: 'JSON', ext: 'json' },
  { format: 'txt', label: 'TXT', ext: 'txt' },
] as const;

export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number]['format'];

export const downloadHref = (taskId: string, format: DownloadFormat): string =>
  `/api/tasks/${encodeURIComponent(taskId)}/result?format=${format}`;
