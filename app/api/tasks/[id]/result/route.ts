import { requireUser } from '@/lib/auth';
import { conflict, unprocessable } from '@/lib/errors';
import { handle } from '@/lib/http/map-error';
import { contentDisposition, EXPORT_FORMATS, exportFile, isExportFormat } from '@/lib/pipeline/export';
import { getTaskInfo } from '@/lib/tasks';

// GET /api/tasks/{id}/result?format=json|fountain|md|txt|docx — the finished script as a download; 409 until completed
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const format = new URL(request.url).searchParams.get('format') ?? 'json';
  if (!isExportFormat(format)) {
    throw unprocessable('unknown_format', `format must be one of: ${EXPORT_FORMATS.join(', ')}.`, 'format');
  }
  const task = await getTaskInfo(actor, (await ctx.params).id);
  if (task.status !== 'completed' || !task.result) {
    throw conflict(
      'task_not_completed',
      `The task is ${task.status}; its script can be exported once it is completed.`,
    );
  }
  const file = await exportFile(task.result, format);
  return new Response(file.body as BodyInit, {
    headers: { 'content-type': file.contentType, 'content-disposition': contentDisposition(file.filename) },
  });
});
