// node --import tsx bench/offline-quality.ts [--root DIR] — the offline engine's script figures on
// Alice, 阿Q正传 and the two first-person test novels: attributed share of dialogue, wrong speakers
// on the hand-labelled Alice sample, scene headings whose place is a numeral or a chapter title, △
// lines in the first person, and episode length in minutes. `--root` runs another checkout's
// engine on the same texts (how docs/quality.md's "before" column was measured).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type SpeakerLabel, scoreSample } from '../lib/pipeline/offline/speaker-sample';
import { prepareText } from '../lib/pipeline/text/prepare';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const here = path.resolve(import.meta.dirname, '..');
const root = path.resolve(arg('--root') ?? here);

interface Line {
  type: string;
  character?: string;
  text: string;
}
interface Result {
  language: 'zh' | 'en';
  characters: { name: string }[];
  source: { chapters: { title: string }[] };
  episodes: { hook: string; scenes: { location: string; lines: Line[] }[] }[];
  warnings: string[];
}

const NOVELS = [
  {
    file: 'alice-in-wonderland.en.txt',
    title: 'Alice’s Adventures in Wonderland',
    language: 'en' as const,
    labels: 'alice-speakers.json',
  },
  { file: 'a-q-zhengzhuan.zh.txt', title: '阿Q正传', language: 'zh' as const, labels: 'aq-speakers.json' },
  { file: 'qingshi-town.zh.txt', title: '青石镇的船', language: 'zh' as const },
  { file: 'lighthouse-keeper.en.txt', title: 'The Keeper’s Daughter', language: 'en' as const },
];

const units = (t: string, zh: boolean) =>
  zh ? t.replace(/\s+/g, '').length : (t.match(/[A-Za-z0-9’']+/g)?.length ?? 0);
const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);

interface Beat {
  type: string;
  character: string | null;
  text: string;
}

/** Chapters and their spoken beats as the engine at `root` reads them (prepareText when it has it). */
async function extraction(text: string, language: 'zh' | 'en', title: string) {
  const off = await import(path.join(root, 'lib/pipeline/offline/index.ts'));
  const names = await import(path.join(root, 'lib/pipeline/offline/names.ts'));
  const dialogue = await import(path.join(root, 'lib/pipeline/offline/dialogue.ts'));
  const prepPath = path.join(root, 'lib/pipeline/text/prepare.ts');
  let chapters: { number: number; text: string }[];
  let narrator: string | undefined;
  let cast = [] as { name: string; aliases: string[] }[];
  if (existsSync(prepPath)) {
    const prep = await import(prepPath);
    const withNarrator = (await import(path.join(root, 'lib/pipeline/offline/narrator.ts'))).withNarrator;
    const p = prep.prepareText(text, { title, language });
    chapters = p.chapters;
    narrator = p.narrator?.name;
    cast = withNarrator(off.findCharacters(chapters, language), p, language);
  } else {
    chapters = off.splitChapters(text, language);
    cast = off.findCharacters(chapters, language);
  }
  const whole = chapters.map((c) => c.text).join('\n');
  // this checkout reads with genders (novelMatcher); an older one has only buildMatcher
  const matcher = names.novelMatcher
    ? names.novelMatcher(cast, whole, language, narrator)
    : names.buildMatcher(cast, language, narrator);
  const beats = new Map<number, Beat[]>(
    chapters.map((c) => [c.number, dialogue.extractDialogueWith(c.text, language, matcher).beats as Beat[]]),
  );
  return { beats };
}

async function main() {
  const mod = await import(path.join(root, 'lib/pipeline/offline/index.ts'));
  const generator = mod.createOfflineGenerator();
  const ctx = {
    signal: new AbortController().signal,
    reportProgress() {},
    checkpoint: { save: async () => {}, load: async () => undefined },
  };
  const labelsOf = (file: string): SpeakerLabel[] => {
    const f = path.join(here, 'tests/fixtures', file);
    return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { lines: SpeakerLabel[] }).lines : [];
  };
  const rows: string[][] = [];
  for (const novel of NOVELS) {
    const text = readFileSync(path.join(here, 'tests/fixtures', novel.file), 'utf8');
    const r = (await generator.generate({ title: novel.title, text }, { language: novel.language }, ctx)) as Result;
    const zh = r.language === 'zh';
    const lines = r.episodes.flatMap((e) => e.scenes.flatMap((s) => s.lines));
    const { beats } = await extraction(text, novel.language, novel.title);
    const spoken = [...beats.values()].flat().filter((b) => b.type === 'dialogue');
    const attributed = spoken.filter((b) => b.character);
    const titles = new Set(r.source.chapters.map((c) => c.title));
    const scenes = r.episodes.flatMap((e) => e.scenes);
    const badPlaces = scenes.filter(
      (s) =>
        titles.has(s.location) ||
        /^(?:[0-9０-９〇零一二三四五六七八九十百千IVXLC]+\.?|Part \d+|第\d+部分)$/.test(s.location),
    );
    const firstPerson = lines.filter(
      (l) => l.type === 'action' && (zh ? /我(?!们)/.test(l.text) : /\b(?:I|me|my|myself)\b/.test(l.text)),
    );
    const minutes = r.episodes
      .map((e) => e.scenes.flatMap((s) => s.lines).reduce((n, l) => n + units(l.text, zh), 0) / (zh ? 300 : 150))
      .sort((a, b) => a - b);
    const inRange = minutes.filter((m) => m >= 1 && m <= 3).length;
    // what this checkout's prepareText finds in the text, checked against either engine's script
    const prep = prepareText(text, { title: novel.title, language: novel.language });
    const staged = lines.map((l) => l.text).join('\n');
    const snippet = (t: string) =>
      t.replace(/^\s*(?:[\u2460-\u249b]|\[\d+\]|[（([]?[^：:]{0,16}[：:])\s*/, '').slice(0, 8);
    const notesStaged = prep.notes.filter((n) => staged.includes(snippet(n.text))).length;
    const prologue = prep.chapters.find((c) => c.kind === 'prologue');
    // the ending: the first words of the last paragraph (the closing line, however short)
    const lastText = (prep.chapters[prep.chapters.length - 1]?.text.trim() ?? '').split(/\n\s*/).pop() ?? '';
    const kept = [
      prologue ? (staged.includes(prologue.text.slice(0, 8)) ? 'preface ✓' : 'preface ✗') : '',
      staged.includes(lastText.slice(0, 8)) ? 'ending ✓' : 'ending ✗',
    ]
      .filter(Boolean)
      .join(', ');
    const narrator = prep.narrator ? (r.characters.some((c) => c.name === prep.narrator?.name) ? '✓' : '✗') : '–';
    let wrong = '–';
    if (novel.labels) {
      const sc = scoreSample(labelsOf(novel.labels), (n) => beats.get(n) ?? []);
      wrong = `${pct(sc.wrong, sc.matched)} of ${sc.matched} (unattributed ${pct(sc.matched - sc.attributed, sc.matched)})`;
    }
    rows.push([
      novel.title,
      String(r.episodes.length),
      pct(attributed.length, spoken.length),
      wrong,
      `${badPlaces.length} / ${scenes.length}`,
      `${firstPerson.length} / ${lines.filter((l) => l.type === 'action').length}`,
      `${minutes[0]?.toFixed(1)}–${minutes[minutes.length - 1]?.toFixed(1)} (${inRange}/${minutes.length} in 1–3)`,
      narrator,
      `${notesStaged} / ${prep.notes.length}`,
      kept,
      String(r.warnings.length),
    ]);
  }
  const head = [
    'novel',
    'episodes',
    'spoken lines attributed',
    'wrong speaker (labelled sample)',
    'bad places',
    '△ first person',
    'minutes per episode',
    'narrator in cast',
    'notes staged',
    'kept',
    'warnings',
  ];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

await main();
