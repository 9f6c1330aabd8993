// The LLM pipeline's costs on 阿Q正传 → 10 episodes against the fake OpenAI server, in process:
//  1. tokens spent ÷ the lower bound (the novel read once + everything written), per model
//     context, with the review on and off, split by stage;
//  2. a paced fake (40 completion tokens/s per stream, LLM_CONCURRENCY 3): wall-clock ÷ the
//     critical-path bound, and when the first finished scene is saved (what the page shows first).
// Run alone: BENCH_ONLY=llm npm run bench, or node --import tsx bench/llm.ts (a phase of npm run bench)
import { estimateTokens } from '../lib/llm/tokens';
import { type Caps, fakeEngine } from '../lib/pipeline/llm/test-support';
import { AQ, fakeContext } from '../lib/pipeline/offline/test-support';
import type { Usage } from '../lib/pipeline/schema';
import { type FakeOpenAI, startFakeOpenAI } from '../tests/fake-openai/server';

const EPISODES = 10;
class Skip extends Error {}
const RATE = Number(process.env.BENCH_LLM_RATE) || 40;
const CONCURRENCY = 3;

export interface TokenRow {
  model: string;
  review: boolean;
  calls: number;
  novel: number;
  prompt: number;
  completion: number;
  ratio: number;
  by_stage: Record<string, { prompt: number; completion: number }>;
}

export interface PacedRow {
  review: boolean;
  seconds: number;
  first_scene_s: number;
  first_scene_share: number;
  bound_s: number;
  work_bound_s: number;
  chain_bound_s: number;
  ratio: number;
}

const CONTEXTS: [string, Caps][] = [
  ['64k context', { structured: 'json_object', context: 64_000, max_output: 8192 }],
  ['16k context', { structured: 'json_schema', context: 16_000, max_output: 4096 }],
  ['8k context', { structured: 'json_object', context: 8192, max_output: 4096 }],
];

const stages = (u: Usage) =>
  Object.fromEntries(
    Object.entries(u.by_stage ?? {}).map(([k, v]) => [k, { prompt: v.prompt_tokens, completion: v.completion_tokens }]),
  );

async function tokens(fake: FakeOpenAI): Promise<TokenRow[]> {
  const rows: TokenRow[] = [];
  const novel = estimateTokens(AQ());
  for (const [label, caps] of CONTEXTS)
    for (const review of [true, false]) {
      fake.reset();
      const r = await fakeEngine(fake, caps)(AQ(), { language: 'zh', episodes: EPISODES, review });
      const u = r.usage;
      rows.push({
        model: label,
        review,
        calls: u.calls,
        novel,
        prompt: u.prompt_tokens,
        completion: u.completion_tokens,
        ratio: (u.prompt_tokens + u.completion_tokens) / (novel + u.completion_tokens),
        by_stage: stages(u),
      });
    }
  return rows;
}

const episodeOf = (user: string) => Number(/第(\d+)(?:\/\d+)?集/.exec(user)?.[1] ?? 0);

/**
 * The critical-path bound of the run the fake saw: an episode needs its arc's chapters read (its
 * chunks in parallel at best), its arc planned, then its own draft, 卡点, critic and rewrite in
 * turn. Together with the total work spread over the slots, the larger of the two is the bound.
 */
function bounds(fake: FakeOpenAI) {
  const reqs = fake.stats.requests;
  const notes = reqs
    .filter((r) => r.step === 'notes')
    .map((r) => ({
      tokens: r.completion,
      chapters: [...r.user.matchAll(/<chapter n="(\d+)"/g)].map((m) => Number(m[1])),
    }));
  const plans = reqs
    .filter((r) => r.step === 'plan')
    .map((r) => ({
      tokens: r.completion,
      episodes: [...(/<season>\n([\s\S]*?)\n<\/season>/.exec(r.user)?.[1] ?? '').matchAll(/^(\d+)/gm)].map((m) =>
        Number(m[1]),
      ),
      chapters: [...r.user.matchAll(/^#(\d+) /gm)].map((m) => Number(m[1])),
    }));
  let chain = 0;
  for (let n = 1; n <= EPISODES; n++) {
    const plan = plans.find((p) => p.episodes.includes(n));
    const read = Math.max(
      0,
      ...notes.filter((x) => x.chapters.some((c) => plan?.chapters.includes(c))).map((x) => x.tokens),
    );
    const own = reqs
      .filter((r) => ['episode', 'critic', 'hook'].includes(r.step) && episodeOf(r.user) === n)
      .reduce((s, r) => s + r.completion, 0);
    chain = Math.max(chain, read + (plan?.tokens ?? 0) + own);
  }
  const work = reqs.reduce((s, r) => s + r.completion, 0) / CONCURRENCY;
  return { work_bound_s: work / RATE, chain_bound_s: chain / RATE };
}

async function paced(review: boolean): Promise<PacedRow> {
  const fake = await startFakeOpenAI({ tokensPerSecond: RATE, chunkChars: 8 });
  try {
    const ctx = fakeContext();
    const save = ctx.checkpoint.save;
    let first = 0;
    ctx.checkpoint.save = async (key, value) => {
      const scenes = (value as { partial?: { scenes?: unknown[] } }).partial?.scenes?.length ?? 0;
      if (!first && key.startsWith('llm:episode:') && (scenes > 0 || 'value' in (value as object))) first = Date.now();
      await save(key, value);
    };
    const t0 = Date.now();
    await fakeEngine(fake, CONTEXTS[1]?.[1], {
      concurrency: CONCURRENCY,
      callTimeoutMs: 600_000,
      idleTimeoutMs: 30_000,
    })(AQ(), { language: 'zh', episodes: EPISODES, review }, ctx);
    const seconds = (Date.now() - t0) / 1000;
    if (process.env.BENCH_LLM_TRACE)
      for (const r of fake.stats.requests)
        console.log(`${((r.at - t0) / 1000).toFixed(1)} s ${r.step} ${episodeOf(r.user) || ''} ${r.completion} tok`);
    const b = bounds(fake);
    const bound = Math.max(b.work_bound_s, b.chain_bound_s);
    return {
      review,
      seconds,
      first_scene_s: (first - t0) / 1000,
      first_scene_share: (first - t0) / 1000 / seconds,
      bound_s: bound,
      ...b,
      ratio: seconds / bound,
    };
  } finally {
    await fake.close();
  }
}

export async function llmPhase(log: (s: string) => void) {
  const fake = await startFakeOpenAI();
  let rows: TokenRow[] = [];
  try {
    if (process.env.BENCH_LLM_PACED_ONLY) throw new Skip();
    log('llm: tokens per stage on 阿Q正传 → 10 episodes (64k, 16k, 8k context; review on and off)');
    rows = await tokens(fake);
  } catch (err) {
    if (!(err instanceof Skip)) throw err;
  } finally {
    await fake.close();
  }
  log(`llm: paced fake model, ${RATE} tokens/s per stream, concurrency ${CONCURRENCY} (a few minutes)`);
  const pacedRows = [await paced(true)];
  if (process.env.BENCH_LLM_PACED_NO_REVIEW) pacedRows.push(await paced(false));
  return { tokens: rows, paced: pacedRows };
}

const f = (x: number, d = 2) => x.toFixed(d);

export function llmReport(r: Awaited<ReturnType<typeof llmPhase>>): string {
  const out = [
    '### LLM pipeline: tokens (阿Q正传 → 10 episodes, fake model)',
    '',
    '| model | review | calls | novel | prompt | completion | ratio to lower bound | read p/c | plan p/c | write p/c | review p/c |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const t of r.tokens) {
    const s = (k: string) => (t.by_stage[k] ? `${t.by_stage[k].prompt}/${t.by_stage[k].completion}` : '—');
    out.push(
      `| ${t.model} | ${t.review ? 'on' : 'off'} | ${t.calls} | ${t.novel} | ${t.prompt} | ${t.completion} | **${f(t.ratio)}×** | ${s('read')} | ${s('plan')} | ${s('write')} | ${s('review')} |`,
    );
  }
  out.push(
    '',
    `### LLM pipeline: paced fake (${RATE} tok/s per stream, concurrency ${CONCURRENCY}, 16k context)`,
    '',
    '| review | total | first scene | first scene share | bound (work / chain) | total ÷ bound |',
    '|---|---|---|---|---|---|',
  );
  for (const p of r.paced)
    out.push(
      `| ${p.review ? 'on' : 'off'} | ${f(p.seconds, 1)} s | ${f(p.first_scene_s, 1)} s | **${f(p.first_scene_share * 100, 0)} %** | ${f(p.bound_s, 1)} s (${f(p.work_bound_s, 1)} / ${f(p.chain_bound_s, 1)}) | **${f(p.ratio)}×** |`,
    );
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  const r = await llmPhase((s) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1)} s] ${s}`));
  console.log(`\n${llmReport(r)}`);
}
