// Finding known names in text: one regex over every form (longest first), mapped back to the
// canonical name. Chinese forms match anywhere; English forms on word boundaries.
import type { Language } from '../schema';
import { escapeRegExp } from '../text/text';

export interface NameRef {
  name: string;
  aliases: string[];
}

export interface Mention {
  name: string;
  form: string;
  index: number;
  end: number;
}

export interface NameMatcher {
  readonly empty: boolean;
  /** The first-person narrator's name: 我 / I as a speaker or subject means them (null: none). */
  readonly narrator: string | null;
  /** Every canonical name, in the order of the cast. */
  readonly names: readonly string[];
  /** Who the text calls she (f) or he (m), where it says so clearly (novelMatcher). */
  readonly genders: ReadonlyMap<string, Gender>;
  /** Every mention in the text, left to right, non-overlapping, longest form first. */
  all(text: string): Mention[];
  /** The mention starting exactly at `index` (after optional spaces and a leading "the"). */
  at(text: string, index: number): Mention | null;
  canonical(form: string): string | undefined;
}

const formPattern = (form: string, language: Language): string => {
  const body = form
    .split(/\s+/)
    .map((w) => escapeRegExp(w))
    .join('\\s+');
  if (language === 'en') return `(?<![A-Za-z])${body}(?![a-z])`;
  // 阿Q must not match inside 阿Quei
  return /[A-Za-z]$/.test(form) ? `${body}(?![a-z])` : body;
};

export function buildMatcher(refs: readonly NameRef[], language: Language, narrator?: string): NameMatcher {
  const byForm = new Map<string, string>();
  for (const r of refs) {
    for (const f of [r.name, ...r.aliases]) if (f && !byForm.has(f)) byForm.set(f, r.name);
  }
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const source = forms.map((f) => formPattern(f, language)).join('|');
  const global = forms.length ? new RegExp(source, 'g') : null;
  const sticky = forms.length ? new RegExp(source, 'y') : null;
  const norm = (s: string) => s.replace(/\s+/g, ' ');
  const toMention = (form: string, index: number): Mention => ({
    name: byForm.get(norm(form)) ?? norm(form),
    form: norm(form),
    index,
    end: index + form.length,
  });
  return {
    empty: forms.length === 0,
    narrator: narrator ?? null,
    names: refs.map((r) => r.name),
    genders: new Map(),
    all(text) {
      if (!global) return [];
      return [...text.matchAll(global)].map((m) => toMention(m[0], m.index));
    },
    at(text, index) {
      if (!sticky) return null;
      const skip = text.slice(index).match(language === 'en' ? /^\s*(?:the\s+)?/i : /^[\s，,]*/);
      const from = index + (skip?.[0].length ?? 0);
      sticky.lastIndex = from;
      const m = sticky.exec(text);
      return m ? toMention(m[0], from) : null;
    },
    canonical: (form) => byForm.get(norm(form)),
  };
}

export type Gender = 'f' | 'm';

const PRONOUN_GENDER: Record<string, Gender> = {
  she: 'f',
  her: 'f',
  herself: 'f',
  he: 'm',
  him: 'm',
  his: 'm',
  himself: 'm',
  她: 'f',
  伊: 'f',
  他: 'm',
};

/** The gender a pronoun (she, 他) stands for, if it says one. */
export const genderOf = (pronoun: string | undefined): Gender | undefined =>
  pronoun ? PRONOUN_GENDER[pronoun.toLowerCase()] : undefined;

/**
 * Genders from the text: the first pronoun after a name in its sentence, before any other name
 * (Alice … she, the King … his). A name needs three such pronouns, two to one, to get one.
 */
export function withGenders(matcher: NameMatcher, text: string, language: Language): NameMatcher {
  const votes = new Map<string, { f: number; m: number }>();
  const mentions = matcher.all(text);
  const pronoun = language === 'zh' ? /(她|伊|他)(?!们)/ : /\b(she|her|herself|he|him|his|himself)\b/i;
  mentions.forEach((m, i) => {
    const next = mentions[i + 1]?.index ?? text.length;
    const window = text.slice(m.end, Math.min(next, m.end + (language === 'zh' ? 30 : 120)));
    const sentence = window.split(language === 'zh' ? /[。！？“”]/ : /[.!?“”"]/)[0] ?? '';
    const g = genderOf(sentence.match(pronoun)?.[1]);
    if (!g) return;
    const v = votes.get(m.name) ?? { f: 0, m: 0 };
    v[g]++;
    votes.set(m.name, v);
  });
  const genders = new Map<string, Gender>();
  for (const [name, v] of votes) {
    if (v.f >= 3 && v.f >= 2 * v.m) genders.set(name, 'f');
    else if (v.m >= 3 && v.m >= 2 * v.f) genders.set(name, 'm');
  }
  return { ...matcher, genders };
}

/** The matcher a whole novel is read with: its cast, its narrator, the genders its text gives. */
export function novelMatcher(
  cast: readonly NameRef[],
  text: string,
  language: Language,
  narrator?: string,
): NameMatcher {
  return withGenders(buildMatcher(cast, language, narrator), text, language);
}

export interface ClauseSubject {
  /** The name a clause opens with, or null when it opens with a pronoun. */
  name: string | null;
  pronoun: boolean;
}

const ZH_LEAD = /^[\s“”"‘’]*(?:然而|但是|可是|于是|而且|况且|因为|所以|虽然|只有|而|但|却|便|就|又|也|那|这|连)?/;
const EN_LEAD = /^[\s“”"‘’(_]*(?:(?:and|but|so|then|when|while|as|though|yet|till|until|here|there|now)\s+)?/i;
const ZH_PRONOUN_START = /^(?:他|她|伊)(?!们)/;
const EN_PRONOUN_START = /^(?:she|he)\b/i;

/** The subjects clauses open with (阿Q…, 而阿Q…, 他…, and the Queen…), in order. */
export function clauseSubjects(text: string, matcher: NameMatcher, language: Language): ClauseSubject[] {
  const out: ClauseSubject[] = [];
  const split = language === 'zh' ? /[，。！？；：…]+/ : /[,.;:!?—]+/;
  for (const clause of text.split(split)) {
    const lead = clause.match(language === 'zh' ? ZH_LEAD : EN_LEAD)?.[0].length ?? 0;
    const rest = clause.slice(lead);
    const m = matcher.at(clause, lead);
    if (m && clause.slice(m.index).startsWith(m.form.split(' ')[0] ?? m.form))
      out.push({ name: m.name, pronoun: false });
    else if ((language === 'zh' ? ZH_PRONOUN_START : EN_PRONOUN_START).test(rest))
      out.push({ name: null, pronoun: true });
  }
  return out;
}
