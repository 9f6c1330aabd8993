// npm run bench:quality — the quality report's figures for every test novel in tests/fixtures
// (Alice, 阿Q正传, and any other *.zh.txt / *.en.txt there), made by the offline engine and by the
// LLM pipeline against the fake model. Prints a markdown table (docs/quality.md keeps one).
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { capsFor } from '../lib/llm/catalog';
import { createSdk, type LlmSettings } from '../lib/llm/client';
import { createLlmGenerator } from '../lib/pipeline/llm';
import { createOfflineGenerator } from '../lib/pipeline/offline';
import { fakeContext } from '../lib/pipeline/offline/test-support';
import { MEASURE_KEYS, type QualityReport, withQuality } from '../lib/pipeline/quality';
import type { Language, ScriptResult } from '../lib/pipeline/schema';
import type { ScriptGenerator } from '../lib/pipeline/types';
import { startFakeOpenAI } from '../tests/fake-openai/server';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'tests/fixtures');
const novels = readdirSync(fixtures)
  .filter((f) => /\.(zh|en)\.txt$/.test(f))
  .sort()
  .map((f) => ({ file: f, language: f.slice(-6, -4) as Language, text: readFileSync(path.join(fixtures, f), 'utf8') }));

const fake = await startFakeOpenAI();
const settings: LlmSettings = {
  apiKey: 'test',
  baseURL: fake.url,
  callTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  maxRetries: 2,
  retryBaseMs: 100,
  concurrency: 3,
};
const llm = createLlmGenerator({
  settings,
  sdk: createSdk(settings),
  model: (name) => ({
    name,
    ...capsFor(name, { [name]: { structured: 'json_object', context: 64_000, max_output: 8192 } }),
  }),
});
const engines: [string, ScriptGenerator, string | undefined][] = [
  ['offline', createOfflineGenerator(), undefined],
  ['LLM (fake model)', llm, 'fake-chat'],
];

const cell = (q: QualityReport, key: (typeof MEASURE_KEYS)[number]): string => {
  const m = q.measures.find((x) => x.key === key);
  if (!m) return '–';
  const figure = m.unit === 'share' ? `${Math.round(m.value * 100)}%` : String(m.value);
  return m.level === 'ok' ? figure : `${figure} ${m.level}`;
};

let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
} catch {
  // not a git checkout: the table still prints, without the commit
}
const rows: string[] = [];
for (const novel of novels) {
  for (const [label, engine, model] of engines) {
    fake.reset();
    const t0 = performance.now();
    const script: ScriptResult = await engine.generate(
      { title: novel.file.replace(/\.(zh|en)\.txt$/, ''), text: novel.text },
      { language: novel.language, model },
      fakeContext(),
    );
    const t1 = performance.now();
    const q = (await withQuality(script, novel.text)).quality;
    const t2 = performance.now();
    if (!q) throw new Error(`no report for ${novel.file}: ${script.warnings.at(-1)}`);
    const units = q.episodes.map((e) => e.units);
    rows.push(
      `| ${novel.file} | ${label} | ${script.episodes.length} | ${Math.min(...units)}–${Math.max(...units)} | ${MEASURE_KEYS.map((k) => cell(q, k)).join(' | ')} | **${q.level}** | ${Math.round(t2 - t1)} ms |`,
    );
    console.error(`${novel.file} · ${label}: script ${Math.round(t1 - t0)} ms, report ${Math.round(t2 - t1)} ms`);
  }
}
await fake.close();

// The report's cost on a long novel: 阿Q正传 twenty times over (chapters renumbered), offline.
const aq = novels.find((n) => n.file.startsWith('a-q'));
let long = '';
if (aq) {
  const digits = '一二三四五六七八九';
  const text = Array.from({ length: 20 }, (_, k) =>
    aq.text.replace(/第([一二三四五六七八九])章/g, (_m, n: string) => `第${k * 9 + digits.indexOf(n) + 1}章`),
  ).join('\n\n');
  const script = await createOfflineGenerator().generate(
    { title: 'long', text },
    { language: 'zh', episodes: 60 },
    fakeContext(),
  );
  const t0 = performance.now();
  const q = (await withQuality(script, text)).quality;
  long = `Report on a long novel (阿Q正传 ×20: ${text.length} characters, ${q?.chapters.length} chapters, ${script.episodes.length} offline episodes): ${Math.round(performance.now() - t0)} ms.`;
}
console.log(`Commit ${commit}. Figures: share measures in %, counts as numbers; the level is shown when not ok.\n`);
console.log(`| novel | engine | episodes | length (字/words) | ${MEASURE_KEYS.join(' | ')} | level | report time |`);
console.log(`|${'---|'.repeat(MEASURE_KEYS.length + 6)}`);
for (const r of rows) console.log(r);
if (long) console.log(`\n${long}`);
