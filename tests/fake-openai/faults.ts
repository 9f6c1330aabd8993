// Per-request faults of the fake OpenAI server, queued by tests: each fault applies to the next
// request it matches (by step and/or model), `times` times.

export type FaultKind =
  /** Answer with this HTTP status and an OpenAI-style error body (Retry-After when given). */
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Send the SSE headers and keep-alive comments forever, never a token. */
  | { kind: 'hang_stream' }
  /** Destroy the socket without an answer. */
  | { kind: 'reset' }
  /** Stream a few tokens, then destroy the socket. */
  | { kind: 'reset_mid_stream' }
  /** The answer with its JSON broken (a brace missing, prose around it). */
  | { kind: 'malformed' }
  /** The answer inside ```json fences with prose before and after. */
  | { kind: 'fenced' }
  /** An empty answer (finish_reason stop). */
  | { kind: 'empty' }
  /** The first half of the answer with finish_reason length; a continuation gets the rest. */
  | { kind: 'truncate' }
  /** Stream slowly: this many ms between chunks. */
  | { kind: 'slow'; delayMs: number }
  // Semantic faults: a well-formed answer that is wrong the way real models are wrong.
  /** notes: the last chapter of the chunk has no entry. */
  | { kind: 'omit_chapter' }
  /** plan: fewer beat sheets than episodes asked for. */
  | { kind: 'few_episodes' }
  /** plan: a character the novel does not have; episode: a line spoken by one. */
  | { kind: 'invent_character' }
  /** episode: scenes that stage none of the events it was given. */
  | { kind: 'ignore_events' }
  /** episode: no 【卡点】 line. */
  | { kind: 'drop_hook' }
  /** episode: only two scenes. */
  | { kind: 'two_scenes' }
  /** episode: written in the other language. */
  | { kind: 'wrong_language' }
  /** A NUL and an unpaired low surrogate at the start of the first string value (jsonb refuses both). */
  | { kind: 'bad_chars' };

/** The faults that change what the answer says rather than how it arrives. */
export const SEMANTIC = new Set([
  'omit_chapter',
  'few_episodes',
  'invent_character',
  'ignore_events',
  'drop_hook',
  'two_scenes',
  'wrong_language',
]);

/** `after`: let this many matching requests through first (fail the 8th episode, not the 1st). */
export type Fault = FaultKind & { step?: string; model?: string; times?: number; after?: number };

export class FaultQueue {
  private queue: (Fault & { left: number; skip: number })[] = [];

  add(...faults: Fault[]): void {
    for (const f of faults) this.queue.push({ ...f, left: f.times ?? 1, skip: f.after ?? 0 });
  }

  clear(): void {
    this.queue = [];
  }

  /** The first queued fault matching this request, consumed once. */
  take(step: string, model: string): FaultKind | null {
    const i = this.queue.findIndex((f) => (!f.step || f.step === step) && (!f.model || f.model === model));
    if (i < 0) return null;
    const f = this.queue[i];
    if (!f) return null;
    if (f.skip > 0) {
      f.skip--;
      return null;
    }
    f.left--;
    if (f.left <= 0) this.queue.splice(i, 1);
    return f;
  }

  get pending(): number {
    return this.queue.length;
  }
}
