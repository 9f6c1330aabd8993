// Asking for a value, not text: JSON steps validated by a zod schema, text steps by a parser.
// The request uses the model's best structured mode (strict json_schema → json_object → schema in
// the prompt), falls back a mode when the server rejects it, continues answers cut off by the
// token limit, and asks again with the validation error — all bounded.
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { type ChatResult, chat } from './call';
import type { StructuredMode } from './catalog';
import type { LlmSettings } from './client';
import { LlmError } from './errors';
import { extractJson, stripThinking } from './extract';
import type { ModelInfo } from './models';
import type { UsageMeter } from './usage';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The words around machine parts of a conversation, in the task's language (see lib/pipeline/prompts). */
export interface Phrases {
  /** Introduces the JSON Schema appended to the system prompt when the server cannot enforce it. */
  schemaIntro: string;
  /** Sent after an answer that failed validation. */
  repair(error: string): string;
  /** Sent after an answer cut off by the token limit. */
  continueCut: string;
}

export interface AskSpec<T> {
  /** Step name: the json_schema name, and how logs and the fake server tell steps apart. */
  step: string;
  system: string;
  user: string;
  format: { kind: 'json'; schema: z.ZodType<T> } | { kind: 'text'; parse(text: string): Parsed<T> };
  /** Checks beyond the schema (every chapter covered…): an error message, or null when fine. */
  check?(value: T): string | null;
  /** When only `check` still fails after the repairs, return the schema-valid value (the caller fixes it). */
  lenient?: boolean;
  maxTokens?: number;
  temperature?: number;
  maxRepairs?: number;
  maxContinuations?: number;
  /** The answer so far, while it streams. */
  onContent?(content: string): void;
}

const DOWNGRADE: Record<StructuredMode, StructuredMode | null> = {
  json_schema: 'json_object',
  json_object: 'text',
  text: null,
};

/** JSON Schema of a zod schema, without keywords strict mode rejects. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const raw = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$schema') continue;
      if ((k === 'minimum' || k === 'maximum') && Math.abs(x as number) >= Number.MAX_SAFE_INTEGER) continue;
      out[k] = clean(x);
    }
    return out;
  };
  return clean(raw) as Record<string, unknown>;
}

export class LlmSession {
  private mode: StructuredMode;

  constructor(
    private readonly sdk: OpenAI,
    private readonly settings: LlmSettings,
    readonly model: ModelInfo,
    private readonly phrases: Phrases,
    private readonly signal: AbortSignal,
    private readonly onActivity: () => void = () => undefined,
  ) {
    this.mode = model.structured;
  }

  async ask<T>(spec: AskSpec<T>, meter: UsageMeter): Promise<T> {
    const maxRepairs = spec.maxRepairs ?? 2;
    const maxContinuations = spec.maxContinuations ?? 2;
    const history: ChatCompletionMessageParam[] = [];
    for (let repair = 0; ; repair++) {
      const answer = await this.answer(spec, history, maxContinuations, meter);
      const parsed = this.parse(spec, answer);
      const error = parsed.ok ? (spec.check?.(parsed.value) ?? null) : parsed.error;
      if (parsed.ok && error === null) return parsed.value;
      if (repair >= maxRepairs && parsed.ok && spec.lenient) return parsed.value;
      if (repair >= maxRepairs) {
        throw new LlmError(
          'model_output_invalid',
          `Model "${this.model.name}" gave no usable answer for step ${spec.step} after ${repair + 1} tries: ${error}`,
          true,
        );
      }
      history.push(
        { role: 'assistant', content: answer || '(empty)' },
        { role: 'user', content: this.phrases.repair(error ?? 'invalid') },
      );
    }
  }

  private parse<T>(spec: AskSpec<T>, answer: string): Parsed<T> {
    if (spec.format.kind === 'text') return spec.format.parse(stripThinking(answer));
    const json = extractJson(answer);
    if (!json.ok) return json;
    const checked = spec.format.schema.safeParse(json.value);
    if (checked.success) return { ok: true, value: checked.data };
    const issues = checked.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `the JSON does not match the schema — ${issues.join('; ')}` };
  }

  /** One answer, continued while the token limit cuts it off. */
  private async answer<T>(
    spec: AskSpec<T>,
    history: ChatCompletionMessageParam[],
    maxContinuations: number,
    meter: UsageMeter,
  ): Promise<string> {
    let text = '';
    const turns: ChatCompletionMessageParam[] = [];
    for (let cont = 0; ; cont++) {
      const res = await this.call(spec, [...history, ...turns], cont > 0, meter, text);
      text += res.content;
      if (res.finishReason !== 'length') return text;
      if (cont >= maxContinuations) {
        throw new LlmError(
          'model_output_truncated',
          `Model "${this.model.name}" kept hitting its output limit in step ${spec.step}.`,
          false,
        );
      }
      turns.splice(
        0,
        turns.length,
        { role: 'assistant', content: text },
        { role: 'user', content: this.phrases.continueCut },
      );
    }
  }

  private async call<T>(
    spec: AskSpec<T>,
    extra: ChatCompletionMessageParam[],
    continuing: boolean,
    meter: UsageMeter,
    before: string,
  ): Promise<ChatResult> {
    for (;;) {
      const json = spec.format.kind === 'json' ? spec.format.schema : null;
      const mode = json ? this.mode : 'text';
      let system = spec.system;
      if (json && mode !== 'json_schema') {
        system += `\n\n${this.phrases.schemaIntro}\n${JSON.stringify(jsonSchemaOf(json))}`;
      }
      const responseFormat =
        !json || continuing || mode === 'text'
          ? undefined
          : mode === 'json_object'
            ? ({ type: 'json_object' } as const)
            : ({
                type: 'json_schema',
                json_schema: { name: spec.step, strict: true, schema: jsonSchemaOf(json) },
              } as const);
      try {
        return await chat(
          this.sdk,
          this.settings,
          {
            model: this.model,
            messages: [{ role: 'system', content: system }, { role: 'user', content: spec.user }, ...extra],
            responseFormat,
            maxTokens: spec.maxTokens,
            temperature: spec.temperature,
          },
          {
            signal: this.signal,
            onActivity: this.onActivity,
            onUsage: (u) => meter.record(u),
            onContent: spec.onContent ? (_d, c) => spec.onContent?.(before + c) : undefined,
          },
        );
      } catch (err) {
        const next = DOWNGRADE[this.mode];
        const rejected =
          err instanceof LlmError && err.code === 'model_bad_request' && /response_format|json/i.test(err.detail ?? '');
        if (!json || !rejected || !next) throw err;
        this.mode = next;
      }
    }
  }
}
