import { requireUser } from '@/lib/auth';
import { unprocessable } from '@/lib/errors';
import { handle } from '@/lib/http/map-error';
import { contentDisposition, EXPORT_FORMATS, isExportFormat } from '@/lib/pipeline/export';
import { batchResultZip } from '@/lib/tasks';

// GET /api/batches/{id}/result?format=json|fountain|md|txt — a zip, one file per completed task + manifest.json; 409 when none is
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const format = new URL(request.url).searchParams.get('format') ?? 'txt';
  if (!isExportFormat(format)) {
    throw unprocessable('unknown_format', `format must be one of: ${EXPORT_FORMATS.join(', ')}.`, 'format');
  }
  const zip = await batchResultZip(actor, (await ctx.params).id, format);
  return new Response(Buffer.from(zip.bytes), {
    headers: { 'content-type': 'application/zip', 'content-disposition': contentDisposition(zip.filename) },
  });
});
