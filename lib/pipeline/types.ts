// The contract between the worker and any script engine. The pipeline knows nothing of the
// database or of tasks: it receives text and options and reports through callbacks, so the
// worker owns every state change and the engines stay testable on their own.
import type { Language, ScriptResult } from './schema';

export interface GenerateOptions {
  language: Language;
  /** Requested episode count; undefined → derived from the novel's length. */
  episodes?: number | undefined;
  /** Target length of one episode in characters (字) for zh, words for en. */
  episodeLength?: number | undefined;
  model?: string | undefined;
  style?: string | undefined;
  /** LLM engine: the critic pass and one targeted rewrite per episode (default on). */
  review?: boolean | undefined;
}

export interface Stage {
  /** Stable machine name, e.g. 'parse', 'summarize', 'outline', 'script', 'check'. */
  key: string;
  /** Human message in the task's language, e.g. 正在生成角色设定… */
  message: string;
  /** Seconds of work left, as the engine estimates it from its own pace (optional). */
  estimate?: number | undefined;
}

export interface GenerateContext {
  signal: AbortSignal;
  /** Progress 0–100 within the whole task, never decreasing; the stage names what runs now. */
  reportProgress(progress: number, stage: Stage): void | Promise<void>;
  /** Store a finished piece under a key so a retry can resume; load returns what was stored. */
  checkpoint: {
    save(key: string, value: unknown): Promise<void>;
    load(key: string): Promise<unknown | undefined>;
  };
}

export interface ScriptGenerator {
  readonly name: 'offline' | 'llm';
  generate(
    input: { title: string; text: string },
    options: GenerateOptions,
    ctx: GenerateContext,
  ): Promise<ScriptResult>;
}

/** Thrown by engines when the signal fires; the worker maps it to `cancelled`. */
export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}
