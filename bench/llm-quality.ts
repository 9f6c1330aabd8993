// The quality report's figures for LLM scripts written against the fake model, on the test
// novels: node --import tsx bench/llm-quality.ts [results.json]
// Without an argument it runs the pipeline here; with one, it scores results saved by another
// checkout (how the "before" rows of docs/quality.md were made: the pipeline before issue 8).
// LLM_QUALITY_FAULTS=1: each novel with a mix of semantic faults, review off and on.
import { readFileSync } from 'node:fs';
import { fakeEngine } from '../lib/pipeline/llm/test-support';
import { ALICE, AQ, fakeContext, QINGSHI } from '../lib/pipeline/offline/test-support';
import { assessScript, MEASURE_KEYS } from '../lib/pipeline/quality';
import type { ScriptResult } from '../lib/pipeline/schema';
import { prepareText } from '../lib/pipeline/text/prepare';
import { type Fault, startFakeOpenAI } from '../tests/fake-openai/server';

export const NOVELS = [
  { name: '阿Q正传', text: AQ, language: 'zh', episodes: 10 },
  { name: 'Alice', text: ALICE, language: 'en', episodes: 8 },
  { name: '青石镇的船 (first person)', text: QINGSHI, language: 'zh', episodes: 4 },
] as const;

/** The faults of the "with faults" rows: two episodes ignore their events, one invents a speaker, one drops its 卡点. */
const FAULTS: Fault[] = [
  { kind: 'ignore_events', step: 'episode', times: 2 },
  { kind: 'invent_character', step: 'episode' },
  { kind: 'drop_hook', step: 'episode' },
  { kind: 'empty', step: 'hook' },
];

async function run(faulty: boolean): Promise<Record<string, ScriptResult>> {
  const fake = await startFakeOpenAI();
  const out: Record<string, ScriptResult> = {};
  try {
    for (const n of NOVELS)
      for (const review of faulty ? [false, true] : [true]) {
        fake.reset();
        if (faulty) fake.faults.add(...FAULTS);
        const name = faulty ? `${n.name}, faults, review ${review ? 'on' : 'off'}` : n.name;
        const options = { language: n.language, episodes: n.episodes, review };
        out[name] = await fakeEngine(fake)(n.text(), options, fakeContext(), n.name);
      }
  } finally {
    await fake.close();
  }
  return out;
}

const saved = process.argv[2];
const faulty = Boolean(process.env.LLM_QUALITY_FAULTS);
const results: Record<string, ScriptResult> = saved ? JSON.parse(readFileSync(saved, 'utf8')) : await run(faulty);
const keys = MEASURE_KEYS;
console.log(`| novel | level | ${keys.join(' | ')} | warnings |`);
console.log(`|---|---|${keys.map(() => '---').join('|')}|---|`);
for (const [name, r] of Object.entries(results)) {
  const n = NOVELS.find((x) => name.startsWith(x.name));
  if (!n) continue;
  const p = prepareText(n.text(), { title: n.name, language: n.language });
  const q = assessScript(r, {
    text: n.text(),
    chapters: p.chapters,
    language: p.language,
    notes: p.notes,
    narrator: p.narrator?.name,
  });
  const cell = (k: string) => {
    const m = q.measures.find((x) => x.key === k);
    if (!m) return '—';
    const v = m.unit === 'share' ? m.value.toFixed(2) : String(m.value);
    return m.level === 'ok' ? v : `${v} (${m.level})`;
  };
  console.log(`| ${name} | ${q.level} | ${keys.map(cell).join(' | ')} | ${r.warnings.length} |`);
}
