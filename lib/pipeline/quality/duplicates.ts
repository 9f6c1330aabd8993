// Near-duplicate episodes: Jaccard similarity of their shingles (3 characters for zh, 3 words for
// en), plus repeated titles and 卡点 — what padding an outline by copying leaves behind.
import type { Episode, Language } from '../schema';
import { qualityMessages } from './messages';
import type { QualityIssue } from './schema';
import { normalForm } from './tokens';

export const NEAR_DUPLICATE = { warn: 0.5, fail: 0.8 } as const;

function shingles(e: Episode, language: Language): Set<string> {
  const text = e.scenes.flatMap((s) => s.lines.map((l) => l.text)).join('\n');
  const out = new Set<string>();
  if (language === 'zh') {
    const chars = [...text.replace(/\s+/g, '')];
    for (let i = 0; i + 2 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  } else {
    const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
    for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (big.has(x)) n++;
  return n / (a.size + b.size - n);
}

/** Issues for repeated episodes, and the number of near-duplicate pairs. */
export function findDuplicates(episodes: Episode[], language: Language): { pairs: number; issues: QualityIssue[] } {
  const m = qualityMessages(language);
  const sets = episodes.map((e) => shingles(e, language));
  const issues: QualityIssue[] = [];
  let pairs = 0;
  for (let j = 1; j < episodes.length; j++) {
    const e = episodes[j]!;
    for (let i = 0; i < j; i++) {
      const other = episodes[i]!;
      const before = issues.length;
      const sim = jaccard(sets[i]!, sets[j]!);
      if (sim >= NEAR_DUPLICATE.warn) {
        const level = sim >= NEAR_DUPLICATE.fail ? 'fail' : 'warn';
        issues.push({ measure: 'duplicates', level, episode: e.number, message: m.duplicate(other.number, sim) });
      }
      if (normalForm(e.title, language) === normalForm(other.title, language))
        issues.push({ measure: 'duplicates', level: 'warn', episode: e.number, message: m.sameTitle(other.number) });
      if (e.hook.trim() && normalForm(e.hook, language) === normalForm(other.hook, language))
        issues.push({ measure: 'duplicates', level: 'warn', episode: e.number, message: m.sameHook(other.number) });
      if (issues.length > before) pairs++;
    }
  }
  return { pairs, issues };
}
