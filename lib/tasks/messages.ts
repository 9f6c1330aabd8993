// Status messages in the task's language (zh for Chinese novels, en otherwise).
import type { Language } from '../pipeline/schema';

const MESSAGES = {
  zh: {
    pending: '已提交，排队等待处理…',
    started: '开始处理…',
    retrying: (s: number) => `处理中断，将在 ${s} 秒后自动重试…`,
    requeued: '工作进程已停止，任务已重新排队…',
    completed: '剧本已生成',
    failed: '生成失败',
    cancelRequested: '正在取消…',
    cancelled: '已取消',
    retried: '已重新提交，排队等待处理…',
  },
  en: {
    pending: 'Submitted; waiting in the queue…',
    started: 'Starting…',
    retrying: (s: number) => `Interrupted; retrying automatically in ${s} s…`,
    requeued: 'The worker stopped; the task is back in the queue…',
    completed: 'Script ready',
    failed: 'Generation failed',
    cancelRequested: 'Cancelling…',
    cancelled: 'Cancelled',
    retried: 'Resubmitted; waiting in the queue…',
  },
} as const;

export type Messages = (typeof MESSAGES)[Language];

export const messagesFor = (language: Language | undefined): Messages => MESSAGES[language ?? 'zh'];

/** zh when a good share of the letters are CJK ideographs; en otherwise. */
export function detectLanguage(text: string): Language {
  const sample = text.slice(0, 20_000);
  const cjk = sample.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const latin = sample.match(/[A-Za-z]/g)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= latin ? 'zh' : 'en';
}
