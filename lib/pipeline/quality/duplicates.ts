// Near-duplicate episodes: Jaccard similarity of their shingles (3 characters for zh, 3 words for
// en), plus repeated titles and 卡点 — what padding an outline by copying leaves behind.
import type { Episode, Language } from '../schema';
import { qualityMessages } from './messages';
import type { QualityIssue } from './schema';
import { normalForm } from './tokens';

export const NEAR_DUPLICATE = { warn: 0.5, fail: 0.8 } as const;

function shingles(e: Episode, language: Language): Set<number | string> {
  const text = e.scenes.flatMap((s) => s.lines.map((l) => l.text)).join('\n');
  const out = new Set<number | string>();
  if (language === 'zh') {
    // three code points packed into one number (17 bits each; rarer planes share the top value)
    const codes = [...text.replace(/\s+/g, '')].map((ch) => Math.min(ch.codePointAt(0) ?? 0, 0x1ffff));
    for (let i = 0; i + 2 < codes.length; i++)
      out.add(((codes[i] ?? 0) * 0x20000 + (codes[i + 1] ?? 0)) * 0x20000 + (codes[i + 2] ?? 0));
  } else {
    const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
    for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
  return out;
}

export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  // the similarity can be no more than |small| / |big|: skip the count when that is below any threshold
  if (small.size / big.size < NEAR_DUPLICATE.warn) return small.size / big.size;
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
