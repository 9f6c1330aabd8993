// What e-mail (and later SMS and push) say, in zh and en: a subject, plain text and HTML, with the
// task's title, link, episode count and duration, and the reason when it failed.
import type { TaskEventPayload } from './payload';
import { clean, cut } from './text';

export type MessageLocale = 'zh' | 'en';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** One line, for SMS and push. */
  short: string;
}

function duration(seconds: number | null, locale: MessageLocale): string {
  if (seconds === null) return locale === 'zh' ? '—' : '—';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (locale === 'zh') return m ? `${m} 分 ${s} 秒` : `${s} 秒`;
  return m ? `${m} min ${s} s` : `${s} s`;
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderTaskMessage(p: TaskEventPayload, locale: MessageLocale): RenderedMessage {
  const { task, url, episodes, duration_seconds } = p.data;
  const title = clean(task.title);
  const failed = p.type === 'task.failed';
  const cancelled = p.type === 'task.cancelled';
  const reason = clean(task.error?.message ?? '');
  const zh = locale === 'zh';
  const subject = zh
    ? failed
      ? `剧本生成失败：《${title}》`
      : cancelled
        ? `任务已取消：《${title}》`
        : `剧本已完成：《${title}》`
    : failed
      ? `Script failed: “${title}”`
      : cancelled
        ? `Task cancelled: “${title}”`
        : `Your script is ready: “${title}”`;
  const facts: [string, string][] = zh
    ? [
        ['标题', title],
        ...(failed ? ([['原因', reason]] as [string, string][]) : []),
        ...(episodes !== null ? ([['集数', `${episodes} 集`]] as [string, string][]) : []),
        ['用时', duration(duration_seconds, locale)],
        ['任务', task.task_id],
      ]
    : [
        ['Title', title],
        ...(failed ? ([['Reason', reason]] as [string, string][]) : []),
        ...(episodes !== null ? ([['Episodes', String(episodes)]] as [string, string][]) : []),
        ['Duration', duration(duration_seconds, locale)],
        ['Task', task.task_id],
      ];
  const lead = zh
    ? failed
      ? '你的短剧剧本生成失败了。可以在任务页面查看原因并重新运行。'
      : cancelled
        ? '任务已取消。'
        : '你的短剧剧本已经生成好了。'
    : failed
      ? 'Your short-drama script could not be finished. Open the task to see why and run it again.'
      : cancelled
        ? 'The task was cancelled.'
        : 'Your short-drama script is ready.';
  const open = zh ? '打开任务' : 'Open the task';
  const text = [lead, '', ...facts.map(([k, v]) => `${k}: ${v}`), '', `${open}: ${url}`, ''].join('\n');
  const html = `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(lead)}</p>
<table cellpadding="4">${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<p><a href="${escapeHtml(url)}">${escapeHtml(open)}</a></p>
</body></html>`;
  const short = zh
    ? `${subject}${failed && reason ? `（${cut(reason, 60)}）` : ''} ${url}`
    : `${subject}${failed && reason ? ` (${cut(reason, 60)})` : ''} ${url}`;
  return { subject, text, html, short };
}

/** What a browser push notification shows (the service worker reads these three fields). */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
}

export function renderPushMessage(p: TaskEventPayload, locale: MessageLocale): PushMessage {
  const reason = p.data.task.error?.message;
  const body =
    p.data.task.status === 'failed' && reason
      ? cut(clean(reason), 120)
      : locale === 'zh'
        ? '点击查看任务'
        : 'Open the task';
  return { title: cut(renderTaskMessage(p, locale).subject, 100), body, url: p.data.url };
}
