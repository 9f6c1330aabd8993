// The character bible: candidate names, merged aliases, mentions and speaking lines, ranked into
// protagonist / supporting / minor with a description built from facts.
import type { Language } from '../schema';
import { type Chapter, splitChapters } from '../text/chapters';
import { byScoreThenName, clip, detectLanguage } from '../text/text';
import { extractDialogueWith } from './dialogue';
import { describeCharacter, type Role } from './messages';
import { buildMatcher, type NameRef } from './names';
import { enCandidates } from './names-en';
import { ZH_TITLES, zhCandidates } from './names-zh';

export interface CharacterProfile {
  name: string;
  aliases: string[];
  role: Role;
  description: string;
  mentions: number;
  /** Dialogue and os lines attributed to the character. */
  lines: number;
  firstChapter: number;
  quote: string | null;
}

const MAX_SPEAKING = 20;
const MAX_SILENT = 4;
/** Mentions a character who never speaks needs to be in the bible. */
const MIN_SILENT: Record<Language, number> = { zh: 6, en: 10 };
/** "at Gullhaven station", "left Gullhaven": a capitalised word used as a place, not a person. */
const EN_PLACE_BEFORE = /\b(?:at|in|into|near|across|through|left|reached)\s+(?:the\s+)?$/;
const EN_PLACE_AFTER =
  /^\s+(?:station|harbou?r|street|road|lane|village|town|city|church|bay|hill|castle|hall|house|bridge|river)\b/i;
const EN_ACTS = /^[’']?s?\s+(?:was|had|did|went|came|looked|seemed|ran|began|took|got|would|could|is|has|\w+ed)\b/;

interface Group {
  forms: string[];
  mentions: Map<string, number>;
  bare: Set<string>;
}

class Groups {
  private parent = new Map<string, string>();
  add(form: string): void {
    if (!this.parent.has(form)) this.parent.set(form, form);
  }
  find(form: string): string {
    let f = form;
    while (this.parent.get(f) !== f) f = this.parent.get(f) ?? f;
    return f;
  }
  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return;
    // the smaller form becomes the root, so the result does not depend on the order of unions
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent.set(hi, lo);
  }
  sets(): string[][] {
    const by = new Map<string, string[]>();
    for (const f of [...this.parent.keys()].sort()) by.set(this.find(f), [...(by.get(this.find(f)) ?? []), f]);
    return [...by.values()];
  }
}

/** zh alias rules: a shared Latin letter (阿Q/老Q/阿Quei), 老X/阿X/小X with one core, bare titles. */
function mergeZh(groups: Groups, forms: string[], count: (f: string) => number, bare: Set<string>): void {
  const latinKey = (f: string) => f.match(/[A-Z]/)?.[0];
  // the core must be distinctive: one character or a Latin word, not a title (小尼姑 ≠ 老尼姑)
  const core = (f: string) => (/^[阿老小](?:[\u4e00-\u9fff]|[A-Z][a-z]*)$/.test(f) ? f.slice(1) : null);
  for (const a of forms) {
    for (const b of forms) {
      if (a >= b) continue;
      const la = latinKey(a);
      if (la && la === latinKey(b) && /^[阿老小]/.test(a) && /^[阿老小]/.test(b)) groups.union(a, b);
      else if (core(a) && core(a) === core(b)) groups.union(a, b);
    }
  }
  // a bare title (秀才) is the titled name that holds nearly all its uses (赵秀才)
  for (const t of bare) {
    const titled = forms.filter((f) => f !== t && f.endsWith(t) && !bare.has(f));
    const total = titled.reduce((s, f) => s + count(f), 0);
    const top = titled.sort((x, y) => count(y) - count(x) || (x < y ? -1 : 1))[0];
    if (top && count(top) >= 2 && count(top) >= total * 0.8) groups.union(t, top);
  }
}

/** en alias rules: a single word is the multi-word name it starts or ends (Rabbit → White Rabbit). */
function mergeEn(groups: Groups, forms: string[], count: (f: string) => number): void {
  for (const w of forms.filter((f) => !f.includes(' '))) {
    const longer = forms
      .filter((f) => f.includes(' ') && count(f) >= 2)
      .filter((f) => f.endsWith(` ${w}`) || f.startsWith(`${w} `))
      .sort((x, y) => count(y) - count(x) || (x < y ? -1 : 1));
    const total = longer.reduce((s, f) => s + count(f), 0);
    if (longer[0] && count(longer[0]) >= total * 0.8) groups.union(w, longer[0]);
  }
}

function canonical(g: Group, language: Language): string {
  const score = (f: string) => g.mentions.get(f) ?? 0;
  const pool = g.forms.filter((f) => !g.bare.has(f));
  const options = pool.length ? pool : g.forms;
  if (language === 'en') {
    const multi = options.filter((f) => f.includes(' ') && score(f) >= 3).sort(byScoreThenName(score, (f) => f));
    if (multi[0]) return multi[0];
  }
  return [...options].sort(byScoreThenName(score, (f) => f))[0] ?? g.forms[0] ?? '';
}

function roleOf(rank: number, score: number, top: number, lines: number): Role {
  if (rank === 0) return 'protagonist';
  return score >= top * 0.08 && lines >= 2 ? 'supporting' : 'minor';
}

/**
 * Who speaks and who recurs. `language` is the text's language (detected when omitted);
 * `outputLanguage` is the language of the descriptions.
 */
export function findCharacters(
  source: readonly Chapter[] | string,
  language?: Language,
  outputLanguage?: Language,
): CharacterProfile[] {
  const chapters = typeof source === 'string' ? splitChapters(source, language) : source;
  const text = chapters.map((c) => c.text).join('\n\n');
  const lang = language ?? detectLanguage(text);
  const zh = lang === 'zh' ? zhCandidates(text) : [];
  const forms = lang === 'zh' ? zh.map((c) => c.form) : enCandidates(text).map((c) => c.form);
  const bare = new Set(zh.filter((c) => c.kind === 'bare-title').map((c) => c.form));
  for (const t of ZH_TITLES) if (!forms.includes(t)) bare.delete(t);
  // mentions per form, each occurrence counted once (longest form wins)
  const formMatcher = buildMatcher(
    forms.map((f) => ({ name: f, aliases: [] })),
    lang,
  );
  const perChapter = chapters.map((c) => formMatcher.all(c.text));
  const counts = new Map<string, number>();
  for (const ms of perChapter) for (const m of ms) counts.set(m.form, (counts.get(m.form) ?? 0) + 1);
  const count = (f: string) => counts.get(f) ?? 0;
  const kept = forms.filter((f) => count(f) >= 2);
  const groups = new Groups();
  for (const f of kept) groups.add(f);
  if (lang === 'zh') mergeZh(groups, kept, count, bare);
  else mergeEn(groups, kept, count);
  const refs: NameRef[] = groups.sets().map((set) => {
    const g: Group = { forms: set, mentions: new Map(set.map((f) => [f, count(f)])), bare };
    const name = canonical(g, lang);
    return { name, aliases: set.filter((f) => f !== name) };
  });
  // speaking lines, first appearance and a short quote, with every candidate as a possible speaker
  const matcher = buildMatcher(refs, lang);
  const stats = new Map(
    refs.map((r) => [r.name, { mentions: 0, lines: 0, acts: 0, places: 0, first: 0, quote: null as string | null }]),
  );
  chapters.forEach((c, k) => {
    for (const m of matcher.all(c.text)) {
      const s = stats.get(m.name);
      if (!s) continue;
      s.mentions++;
      if (EN_ACTS.test(c.text.slice(m.end, m.end + 24))) s.acts++;
      if (
        lang === 'en' &&
        (EN_PLACE_BEFORE.test(c.text.slice(Math.max(0, m.index - 20), m.index)) ||
          EN_PLACE_AFTER.test(c.text.slice(m.end, m.end + 20)))
      )
        s.places++;
      if (!s.first) s.first = c.number || k + 1;
    }
    for (const b of extractDialogueWith(c.text, lang, matcher).beats) {
      const s = b.character ? stats.get(b.character) : undefined;
      if (!s || b.type === 'action') continue;
      s.lines++;
      if (!s.first) s.first = c.number || k + 1;
      const long = lang === 'zh' ? b.text.length >= 4 : b.text.split(' ').length >= 3;
      if (!s.quote && long) s.quote = clip(b.text, lang === 'zh' ? 40 : 100);
    }
  });
  const score = (r: NameRef) => (stats.get(r.name)?.mentions ?? 0) + 2 * (stats.get(r.name)?.lines ?? 0);
  const ranked = refs.sort(byScoreThenName(score, (r) => r.name));
  const isPlace = (r: NameRef) => (stats.get(r.name)?.places ?? 0) * 2 >= (stats.get(r.name)?.mentions ?? 1);
  const speaking = ranked.filter(
    (r) => (stats.get(r.name)?.lines ?? 0) > 0 && (stats.get(r.name)?.mentions ?? 0) >= 2 && !isPlace(r),
  );
  // a silent English name must also act (Bill was…, Dinah had…), or it is a thing (Soup)
  const silent = ranked.filter((r) => {
    const s = stats.get(r.name);
    return s && s.lines === 0 && s.mentions >= MIN_SILENT[lang] && (lang === 'zh' || s.acts >= 2) && !isPlace(r);
  });
  const chosen = new Set([...speaking.slice(0, MAX_SPEAKING), ...silent.slice(0, MAX_SILENT)]);
  const final = ranked.filter((r) => chosen.has(r));
  const top = final[0] ? score(final[0]) : 0;
  const out = outputLanguage ?? lang;
  return final.map((r, rank) => {
    const s = stats.get(r.name) ?? { mentions: 0, lines: 0, acts: 0, places: 0, first: 1, quote: null };
    const role = roleOf(rank, score(r), top, s.lines);
    const aliases = [...r.aliases].sort((a, b) => count(b) - count(a) || (a < b ? -1 : 1));
    const facts = {
      name: r.name,
      role,
      firstChapter: s.first || 1,
      mentions: s.mentions,
      lines: s.lines,
      quote: s.quote,
      aliases,
    };
    return { ...facts, description: describeCharacter(out, facts) };
  });
}
