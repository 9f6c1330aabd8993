// Status messages in the task's language (zh for Chinese novels, en otherwise).

import type { Language } from '../pipeline/schema';
import { detectLanguage as detectByRatio } from '../pipeline/text/text';

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

/** The engines' own rule (lib/pipeline/offline/text.ts), on a sample: a 1M-character novel is
 * decided by its first 20,000 characters. */
export const detectLanguage = (text: string): Language => detectByRatio(text.slice(0, 20_000));
