// The batch half of the typed client: submitBatch, getBatch, cancelBatch and waitForBatch, bound
// to the same HTTP config (retries, token, base URL) as the task calls.
import { abortReason } from '../retry/backoff';
import { BatchCreated, BatchInfo, CreateBatchBody } from '../tasks/batch-schema';
import { TimeoutError } from './errors';
import { type HttpConfig, request, sleep } from './http';
import { postSubmit, type SubmitFields } from './submit';

export interface BatchNovel {
  novelContent: string;
  title?: string;
}

/** `title` is the batch's own (default: the first novel's, "+N"). */
export type BatchSubmitOptions = SubmitFields;

export interface BatchWaitOptions {
  signal?: AbortSignal;
  /** Reject with TimeoutError after this long (the tasks keep running on the server). */
  timeoutMs?: number;
  /** How often the batch is read (default 1000 ms). */
  pollIntervalMs?: number;
}

const batchPath = (id: string, action = '') => `/api/batches/${encodeURIComponent(id)}${action}`;
export const isBatchOver = (b: BatchInfo) => b.status !== 'pending' && b.status !== 'processing';

export function batchCalls(cfg: HttpConfig, newKey: () => string) {
  const getBatch = (batchId: string, opts: { signal?: AbortSignal } = {}) =>
    request(cfg, { method: 'GET', path: batchPath(batchId), schema: BatchInfo, signal: opts.signal });

  return {
    /** Submits up to 100 novels with shared options as one batch; resolves with its id and task ids. */
    async submitBatch(novels: (string | BatchNovel)[], submit: BatchSubmitOptions = {}): Promise<BatchCreated> {
      const tasks = novels.map((n) =>
        typeof n === 'string'
          ? { novel_content: n }
          : n.title === undefined
            ? { novel_content: n.novelContent }
            : { novel_content: n.novelContent, title: n.title },
      );
      const route = { path: '/api/batches', what: 'batch', bodySchema: CreateBatchBody, schema: BatchCreated };
      return postSubmit(cfg, newKey, route, { tasks }, submit);
    },

    getBatch,

    cancelBatch(batchId: string, opts: { signal?: AbortSignal } = {}) {
      return request(cfg, {
        method: 'POST',
        path: batchPath(batchId, '/cancel'),
        schema: BatchInfo,
        signal: opts.signal,
      });
    },

    /** Re-runs the batch's failed and cancelled tasks; the others are left alone. */
    retryBatch(batchId: string, opts: { signal?: AbortSignal } = {}) {
      return request(cfg, {
        method: 'POST',
        path: batchPath(batchId, '/retry'),
        schema: BatchInfo,
        signal: opts.signal,
        retry: 'refused',
      });
    },

    /**
     * Resolves with the batch once none of its tasks waits or runs (whether they completed, failed or
     * were cancelled: see `status` and `counts`); calls onProgress on every distinct update.
     */
    async waitForBatch(
      batchId: string,
      onProgress?: (batch: BatchInfo) => void,
      opts: BatchWaitOptions = {},
    ): Promise<BatchInfo> {
      const deadline = opts.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeoutMs;
      let last = '';
      for (;;) {
        if (opts.signal?.aborted) throw abortReason(opts.signal);
        const batch = await getBatch(batchId, { signal: opts.signal });
        const key = JSON.stringify([batch.status, batch.progress, batch.counts]);
        if (key !== last) {
          last = key;
          onProgress?.(batch);
        }
        if (isBatchOver(batch)) return batch;
        if (Date.now() >= deadline) {
          throw new TimeoutError(`Batch ${batchId} did not finish within ${opts.timeoutMs} ms`, { code: 'timeout' });
        }
        await sleep(Math.min(opts.pollIntervalMs ?? 1000, Math.max(0, deadline - Date.now())), opts.signal);
      }
    },
  };
}

export type BatchCalls = ReturnType<typeof batchCalls>;
