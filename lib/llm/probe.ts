// A start-up check of the model endpoint: does OPENAI_BASE_URL answer, does the key work, does it
// serve OPENAI_MODEL? The worker runs it once when a key is set (npm start runs the worker), and
// prints one line either way. It never stops the process: a provider may be down for a minute.
import { APIError } from 'openai';
import { env } from '../env';
import { createSdk, type LlmSettings, settingsFromEnv } from './client';
import { DEFAULT_BASE_URL, toLlmError } from './errors';
import { llmConfigured, modelInfo } from './models';

export type ProbeResult =
  | { ok: true; baseURL: string; model: string; how: 'models' | 'call' }
  | { ok: false; baseURL: string; model: string; code: string; reason: string };

const PROBE_TIMEOUT_MS = 10_000;

/** Lists the models (or, where the endpoint has no listing, asks for one token) and says what failed. */
export async function probeModel(settings: LlmSettings, model: string): Promise<ProbeResult> {
  const baseURL = settings.baseURL || DEFAULT_BASE_URL;
  const sdk = createSdk({ ...settings, callTimeoutMs: PROBE_TIMEOUT_MS });
  const fail = (err: unknown): ProbeResult => {
    const e = toLlmError(err, model, settings.baseURL);
    return { ok: false, baseURL, model, code: e.code, reason: e.message };
  };
  try {
    const ids: string[] = [];
    for await (const m of sdk.models.list({ timeout: PROBE_TIMEOUT_MS, maxRetries: 0 })) ids.push(m.id);
    if (ids.includes(model)) return { ok: true, baseURL, model, how: 'models' };
    // Some providers list only part of what they serve: a one-token call decides.
  } catch (err) {
    // 404/405: this endpoint has no model listing (some local servers); anything else is the answer.
    if (!(err instanceof APIError && (err.status === 404 || err.status === 405))) return fail(err);
  }
  try {
    const caps = modelInfo(model);
    await sdk.chat.completions.create(
      { model, messages: [{ role: 'user', content: 'ping' }], [caps.max_tokens_param]: 1, stream: false },
      { timeout: PROBE_TIMEOUT_MS, maxRetries: 0 },
    );
    return { ok: true, baseURL, model, how: 'call' };
  } catch (err) {
    return fail(err);
  }
}

/** One line for the log: what was checked and, on failure, what failed and what to fix. */
export function describeProbe(r: ProbeResult): string {
  if (r.ok)
    return `[model] ${r.baseURL} serves "${r.model}" (checked by ${r.how === 'models' ? 'its model list' : 'a one-token call'})`;
  return `[model] check failed: ${r.baseURL}, model "${r.model}": ${r.code}: ${r.reason} Tasks on this model will fail until it is fixed; the offline engine still works.`;
}

/** At start of a process: probe the default model when a key is set, print one line, never throw. */
export async function probeAtStart(
  log: { log(line: string): void; warn(line: string): void } = console,
): Promise<ProbeResult | null> {
  if (!llmConfigured()) return null;
  const settings = settingsFromEnv();
  const model = env.OPENAI_MODEL ?? '';
  const result = await probeModel(settings, model).catch((err: unknown) => ({
    ok: false as const,
    baseURL: settings.baseURL || DEFAULT_BASE_URL,
    model,
    code: 'probe_failed',
    reason: err instanceof Error ? err.message : String(err),
  }));
  if (result.ok) log.log(describeProbe(result));
  else log.warn(describeProbe(result));
  return result;
}
