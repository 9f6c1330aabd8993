// One chat completion: streamed (or not), abortable by the task's signal, bounded by a hard
// wall-clock deadline and an idle timeout (keep-alive lines are not signs of life; content and
// reasoning tokens are), retried with lib/retry's backoff on 429 / 5xx / timeouts / resets.
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { metrics } from '../metrics/registry';
import { retry } from '../retry/backoff';
import { cleanText, StreamCleaner } from '../storable-text';
import type { LlmSettings } from './client';
import { LlmError, toLlmError } from './errors';
import type { ModelInfo } from './models';
import { checkSpend, recordSpend } from './spend';
import { estimateTokens } from './tokens';
import { type CallUsage, costOf, readUsage } from './usage';

export interface ChatRequest {
  model: ModelInfo;
  messages: ChatCompletionMessageParam[];
  responseFormat?: ChatCompletionCreateParamsBase['response_format'];
  maxTokens?: number | undefined;
  temperature?: number | undefined;
}

export interface ChatResult {
  content: string;
  reasoning: string;
  finishReason: string | null;
  usage: CallUsage;
}

export interface CallHooks {
  signal: AbortSignal;
  /** Every content delta, with the content so far (for showing work as it grows). */
  onContent?(delta: string, content: string): void;
  /** Any token, reasoning included: the call is alive. */
  onActivity?(): void;
  /** Each finished call's usage (including calls that are then retried for bad output). */
  onUsage?(usage: CallUsage): void;
}

/** What a cancelled call throws: the signal's reason when it is an Error (the worker's AbortedError). */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

function body(req: ChatRequest, stream: boolean): ChatCompletionCreateParamsBase {
  const m = req.model;
  const params: Record<string, unknown> = { model: m.name, messages: req.messages, stream };
  if (stream && m.stream_usage) params.stream_options = { include_usage: true };
  if (req.responseFormat) params.response_format = req.responseFormat;
  if (req.maxTokens) params[m.max_tokens_param] = Math.min(req.maxTokens, m.max_output);
  if (req.temperature !== undefined && m.temperature) params.temperature = req.temperature;
  return params as unknown as ChatCompletionCreateParamsBase;
}

type Delta = { content?: string | null; reasoning_content?: string | null; reasoning?: string | null };

/** One attempt. Throws LlmError (timeouts, HTTP errors) or the abort reason. */
async function attempt(sdk: OpenAI, s: LlmSettings, req: ChatRequest, hooks: CallHooks): Promise<ChatResult> {
  const { signal } = hooks;
  const ctl = new AbortController();
  let timedOut: 'deadline' | 'idle' | null = null;
  const onAbort = () => ctl.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const deadline = setTimeout(() => {
    timedOut = 'deadline';
    ctl.abort();
  }, s.callTimeoutMs);
  let idle: NodeJS.Timeout | undefined;
  const alive = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = 'idle';
      ctl.abort();
    }, s.idleTimeoutMs);
  };
  alive();
  let content = '';
  let reasoning = '';
  // What the model sends may hold NUL or unpaired surrogates, which jsonb refuses: every write of
  // it downstream (progress, checkpoints, results) would fail. Cleaned here, once, for all of them.
  const text = new StreamCleaner();
  let finishReason: string | null = null;
  let usage: CallUsage | null = null;
  // A provider bills a prompt it has begun to answer, and every token it sent, even when the
  // answer is then cut off. So a call that the provider accepted (200) and that then broke, or that
  // we cut off ourselves (a cancel, a timeout) once it was sent, is charged: its usage when that
  // came, else an estimate of the prompt and of what arrived, so the caps see it. A call the
  // provider refused (an error status) is not charged.
  let sent = false;
  let accepted = false;
  const chargeCutOff = async () => {
    if (usage) await recordSpend(req.model, usage);
    else if (accepted || (sent && (signal.aborted || timedOut)))
      await recordSpend(req.model, estimatedUsage(req, content + text.end(), reasoning));
  };
  const failure = () => {
    if (signal.aborted) return abortReason(signal);
    const what = timedOut === 'deadline' ? `${s.callTimeoutMs} ms in total` : `${s.idleTimeoutMs} ms without a token`;
    return new LlmError('model_timeout', `Model "${req.model.name}" did not answer in time (${what}).`, true);
  };
  try {
    const opts = { signal: ctl.signal, maxRetries: 0, timeout: s.callTimeoutMs };
    sent = !ctl.signal.aborted;
    if (req.model.stream) {
      const stream = await sdk.chat.completions.create({ ...body(req, true), stream: true }, opts);
      accepted = true;
      for await (const chunk of stream) {
        const choice = chunk.choices?.[0];
        const delta = (choice?.delta ?? {}) as Delta;
        const think = delta.reasoning_content ?? delta.reasoning;
        if (think) reasoning += think;
        const piece = delta.content ? text.push(delta.content) : '';
        if (piece) {
          content += piece;
          hooks.onContent?.(piece, content);
        }
        if (think || delta.content) {
          alive();
          hooks.onActivity?.();
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        usage = readUsage(chunk.usage) ?? usage;
      }
    } else {
      const res = await sdk.chat.completions.create({ ...body(req, false), stream: false }, opts);
      const choice = res.choices?.[0];
      const msg = (choice?.message ?? {}) as Delta;
      content = cleanText(msg.content ?? '');
      reasoning = msg.reasoning_content ?? msg.reasoning ?? '';
      finishReason = choice?.finish_reason ?? null;
      usage = readUsage(res.usage);
      if (content) hooks.onContent?.(content, content);
    }
  } catch (err) {
    await chargeCutOff();
    if (signal.aborted || timedOut) throw failure();
    throw toLlmError(err, req.model.name, s.baseURL);
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
    signal.removeEventListener('abort', onAbort);
  }
  // An abort mid-stream ends `for await` silently: a cancelled call must not look like a short answer.
  if (signal.aborted || timedOut) {
    await chargeCutOff();
    throw failure();
  }
  content += text.end();
  reasoning = cleanText(reasoning);
  const used = usage ?? estimatedUsage(req, content, reasoning);
  await recordSpend(req.model, used);
  hooks.onUsage?.(used);
  return { content, reasoning, finishReason, usage: used };
}

/** A call's usage when the provider sent none: the prompt as sent and the answer as received. */
function estimatedUsage(req: ChatRequest, content: string, reasoning: string): CallUsage {
  return {
    prompt_tokens: estimateTokens(req.messages.map((m) => String(m.content ?? '')).join('\n')),
    cached_tokens: 0,
    completion_tokens: estimateTokens(content + reasoning),
    reasoning_tokens: estimateTokens(reasoning),
    estimated: true,
  };
}

/** Waits longer than a call may take are left to the task's retry, not slept through here. */
const waitable = (s: LlmSettings, e: LlmError) => (e.retryAfterMs ?? 0) <= Math.max(s.callTimeoutMs, 60_000);

/**
 * A chat completion with bounded retries for transient failures (lib/retry's policy: doubling
 * waits with equal jitter, at least what Retry-After asks); permanent ones throw at once.
 */
export async function chat(sdk: OpenAI, s: LlmSettings, req: ChatRequest, hooks: CallHooks): Promise<ChatResult> {
  let attempts = 0;
  try {
    return await retry(
      async () => {
        attempts++;
        await checkSpend(req.model); // before every call, retries included
        try {
          const result = await attempt(sdk, s, req, hooks);
          countCall(req.model, result.usage);
          return result;
        } catch (err) {
          if (hooks.signal.aborted) throw abortReason(hooks.signal);
          const e = toLlmError(err, req.model.name);
          countCall(req.model, null, e.code);
          throw e;
        }
      },
      {
        baseMs: s.retryBaseMs,
        maxMs: 30_000,
        jitter: 'equal',
        retries: s.maxRetries,
        retryable: (e) => e instanceof LlmError && e.retryable && waitable(s, e),
        hintMs: (e) => (e instanceof LlmError ? e.retryAfterMs : undefined),
        signal: hooks.signal,
      },
    );
  } catch (err) {
    if (hooks.signal.aborted) throw abortReason(hooks.signal);
    if (err instanceof LlmError && err.retryable)
      throw new LlmError(err.code, `${err.message} (gave up after ${attempts} attempts)`, true, err.retryAfterMs);
    throw err;
  }
}

/** Prometheus: one attempt's outcome, and on success its tokens and cost. */
function countCall(model: ModelInfo, usage: CallUsage | null, errorCode?: string): void {
  const m = model.name;
  metrics.llmCalls.inc({ model: m, outcome: errorCode ?? 'ok' });
  if (errorCode) metrics.llmErrors.inc({ model: m, code: errorCode });
  if (!usage) return;
  metrics.llmTokens.inc({ model: m, kind: 'prompt' }, usage.prompt_tokens);
  metrics.llmTokens.inc({ model: m, kind: 'completion' }, usage.completion_tokens);
  metrics.llmTokens.inc({ model: m, kind: 'cached' }, usage.cached_tokens);
  metrics.llmTokens.inc({ model: m, kind: 'reasoning' }, usage.reasoning_tokens);
  metrics.llmCost.inc({ model: m }, costOf(usage, model.price));
}
