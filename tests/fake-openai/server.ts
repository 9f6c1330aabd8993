// A fake OpenAI-compatible server on loopback, speaking the real wire format: POST
// /v1/chat/completions, non-streaming and streaming (SSE `data:` lines, usage in the last chunk,
// `[DONE]`), `reasoning_content` for reasoning models, and per-request faults (faults.ts). Its
// answers come from brain.ts, which derives them from the prompt, so results can be checked.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { estimateTokens } from '../../lib/llm/tokens';
import { answerFor, stepOf } from './brain';
import { type Fault, FaultQueue } from './faults';

export interface FakeRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name?: string } };
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
}

export interface FakeStats {
  calls: number;
  byStep: Record<string, number>;
  /** Requests whose client went away before the answer ended: when, and which step. */
  aborted: { step: string; at: number }[];
  prompt_tokens: number;
  completion_tokens: number;
  /** Prompt tokens per pipeline step, to see where a run's input goes. */
  promptByStep: Record<string, number>;
  /** Completion tokens per pipeline step. */
  completionByStep: Record<string, number>;
  /** Every answered request: its step, first user message (what the model was shown) and answer size. */
  requests: { step: string; user: string; completion: number; at: number }[];
}

export interface FakeOpenAI {
  url: string;
  port: number;
  faults: FaultQueue;
  stats: FakeStats;
  /** Requests in flight right now. */
  inFlight(): number;
  /** Resolves when a request for `step` has started. */
  waitForRequest(step: string, ms?: number): Promise<void>;
  /** Resolves when an answer for `step` is streaming: its first content chunk is on the wire (to cancel mid-call). */
  waitForStreaming(step: string, ms?: number): Promise<void>;
  /** Resolves when a request for `step` was closed by its client before its answer ended. */
  waitForAbort(step: string, ms?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOptions {
  apiKey?: string;
  /** Model names served; others get 404 model_not_found. Reasoning models contain "reasoner". */
  models?: string[];
  /** false: GET /models answers 404, as on servers without a model listing. */
  listModels?: boolean;
  /** Characters per streamed chunk, and the pause between chunks. */
  chunkChars?: number;
  chunkDelayMs?: number;
  /** Pace every stream at this many completion tokens a second (a real model's decode speed). */
  tokensPerSecond?: number;
}

const emptyStats = (): FakeStats => ({
  calls: 0,
  byStep: {},
  aborted: [],
  prompt_tokens: 0,
  completion_tokens: 0,
  promptByStep: {},
  completionByStep: {},
  requests: [],
});

function errorBody(status: number, message: string) {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return JSON.stringify({ error: { message, type, code: type } });
}

export async function startFakeOpenAI(opts: FakeOptions = {}): Promise<FakeOpenAI> {
  const apiKey = opts.apiKey ?? 'test';
  const models = new Set(opts.models ?? ['fake-chat', 'fake-json', 'fake-text', 'fake-reasoner']);
  const faults = new FaultQueue();
  let stats = emptyStats();
  const sockets = new Set<Socket>();
  type Moment = 'request' | 'streaming' | 'aborted';
  const waiters: { moment: Moment; step: string; resolve: () => void }[] = [];
  const reached = (moment: Moment, step: string) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w?.moment !== moment || w.step !== step) continue;
      w.resolve();
      waiters.splice(i, 1);
    }
  };
  const waitFor = (moment: Moment, step: string, ms = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${step} ${moment} within ${ms} ms`)), ms);
      waiters.push({
        moment,
        step,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  let active = 0;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString();
    });
    req.on('end', () => {
      void handle(req, res, raw);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    if (req.method === 'GET' && req.url?.endsWith('/models') && opts.listModels !== false) {
      // The model listing the start-up check reads (lib/llm/probe.ts); off to mimic servers without one.
      const authorized = req.headers.authorization === `Bearer ${apiKey}`;
      const body = authorized
        ? JSON.stringify({ object: 'list', data: [...models].map((id) => ({ id, object: 'model', owned_by: 'fake' })) })
        : errorBody(401, 'Incorrect API key provided.');
      res.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(errorBody(404, 'not found'));
      return;
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(errorBody(401, 'Incorrect API key provided.'));
      return;
    }
    let body: FakeRequest;
    try {
      body = JSON.parse(raw) as FakeRequest;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(errorBody(400, 'invalid JSON body'));
      return;
    }
    if (!models.has(body.model)) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(errorBody(404, `The model \`${body.model}\` does not exist or you do not have access to it.`));
      return;
    }
    const step = stepOf(body);
    stats.calls++;
    stats.byStep[step] = (stats.byStep[step] ?? 0) + 1;
    reached('request', step);
    const fault = faults.take(step, body.model);
    let finished = false;
    active++;
    res.on('close', () => {
      active--;
      if (finished) return;
      stats.aborted.push({ step, at: Date.now() });
      reached('aborted', step);
    });
    const done = () => {
      finished = true;
    };
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      done();
      res.writeHead(fault.status, headers).end(errorBody(fault.status, fault.message ?? `fault ${fault.status}`));
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'reset') {
      done();
      req.socket.destroy();
      return;
    }
    const answer = answerFor(step, body, fault?.kind ?? null);
    if (fault?.kind === 'bad_chars') answer.content = answer.content.replace('":"', '":"\u0000\udc00');
    const reasoning = body.model.includes('reasoner') ? answer.reasoning : '';
    const promptTokens = estimateTokens(body.messages.map((m) => m.content).join('\n'));
    const completionTokens = estimateTokens(answer.content) + estimateTokens(reasoning);
    stats.prompt_tokens += promptTokens;
    stats.promptByStep[step] = (stats.promptByStep[step] ?? 0) + promptTokens;
    stats.completion_tokens += completionTokens;
    stats.completionByStep[step] = (stats.completionByStep[step] ?? 0) + completionTokens;
    stats.requests.push({
      step,
      user: String(body.messages.find((m) => m.role === 'user')?.content ?? ''),
      completion: completionTokens,
      at: Date.now(),
    });
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: estimateTokens(reasoning) },
    };
    const id = `chatcmpl-${stats.calls}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      done();
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: answer.content,
                ...(reasoning ? { reasoning_content: reasoning } : {}),
              },
              finish_reason: answer.finishReason,
            },
          ],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
    if (fault?.kind === 'hang_stream') {
      const t = setInterval(() => res.write(': keep-alive\n\n'), 100);
      res.on('close', () => clearInterval(t));
      return;
    }
    const size = opts.chunkChars ?? 40;
    const delay = fault?.kind === 'slow' ? fault.delayMs : (opts.chunkDelayMs ?? 0);
    // paced by tokens: the stream is due at start + tokens sent / rate, whatever the chunk sizes
    const started = Date.now();
    let sent = 0;
    const pause = (piece = '') => {
      let wait = delay;
      if (opts.tokensPerSecond) {
        sent += estimateTokens(piece);
        wait = Math.max(wait, started + (sent * 1000) / opts.tokensPerSecond - Date.now());
      }
      return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
    };
    chunk({ role: 'assistant', content: '' });
    for (let i = 0; i < reasoning.length; i += size) {
      if (res.destroyed) return;
      chunk({ reasoning_content: reasoning.slice(i, i + size), content: null });
      await pause(reasoning.slice(i, i + size));
    }
    for (let i = 0; i < answer.content.length; i += size) {
      if (res.destroyed) return;
      if (fault?.kind === 'reset_mid_stream' && i >= size * 2) {
        req.socket.destroy();
        return;
      }
      chunk({ content: answer.content.slice(i, i + size) });
      if (i === 0) reached('streaming', step);
      await pause(answer.content.slice(i, i + size));
    }
    if (res.destroyed) return;
    chunk({}, answer.finishReason);
    if (body.stream_options?.include_usage) {
      send({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage });
    }
    done();
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    faults,
    get stats() {
      return stats;
    },
    inFlight: () => active,
    waitForRequest: (step, ms) => waitFor('request', step, ms),
    waitForStreaming: (step, ms) => waitFor('streaming', step, ms),
    waitForAbort: (step, ms) => waitFor('aborted', step, ms),
    reset() {
      stats = emptyStats();
      faults.clear();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  } as FakeOpenAI;
}

export type { Fault };
