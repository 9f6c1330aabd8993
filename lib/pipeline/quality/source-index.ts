// The source as the checks need it: its sentences with their chapter and paragraph, an inverted
// index from token to sentence for overlap queries, and a normal form for verbatim lookups.
import type { Language } from '../schema';
import type { Chapter } from '../text/chapters';
import { splitParagraphs, splitSentences } from '../text/text';
import { normalForm, pieces, type Token, tokenSet } from './tokens';

export interface SourceSentence {
  chapter: number;
  /** Index of the chapter's event (a run of paragraphs) the sentence belongs to. */
  event: number;
  tokens: Set<Token>;
}

export interface SourceIndex {
  language: Language;
  sentences: SourceSentence[];
  /** token → ids of the sentences holding it (tokens held by too many sentences are dropped). */
  postings: Map<Token, number[]>;
  /** Every token of the source, including the common ones left out of postings. */
  known: Set<Token>;
  /** The whole source in normal form, for verbatim checks. */
  normal: string;
  /** The raw source, for name lookups. */
  text: string;
  /** Events per chapter number. */
  events: Map<number, number>;
  narrator?: string | undefined;
  /** Tokens of each footnote / annotation: context, never story. */
  notes: Set<Token>[];
  /** Scratch counts per sentence for matchPiece (reset after each query). */
  hits: Int32Array;
}

/** Size of one event: about a minute of the episode's length unit (300 字, 150 words)… doubled. */
const EVENT_UNITS: Record<Language, number> = { zh: 600, en: 300 };
const MAX_EVENTS_PER_CHAPTER = 8;

export interface SourceInput {
  text: string;
  chapters: Chapter[];
  language: Language;
  narrator?: string | undefined;
  notes?: { text: string }[] | undefined;
}

export function indexSource(source: SourceInput): SourceIndex {
  const { language } = source;
  const sentences: SourceSentence[] = [];
  const events = new Map<number, number>();
  for (const ch of source.chapters) {
    const paragraphs = splitParagraphs(ch.text, language);
    const units = paragraphs.reduce((n, p) => n + unitsOf(p.text, language), 0);
    const count = Math.max(1, Math.min(MAX_EVENTS_PER_CHAPTER, Math.round(units / EVENT_UNITS[language])));
    events.set(ch.number, count);
    let seen = 0;
    for (const p of paragraphs) {
      const event = Math.min(count - 1, Math.floor((seen / Math.max(1, units)) * count));
      seen += unitsOf(p.text, language);
      for (const s of splitSentences(p.text, language)) {
        for (const piece of pieces(s, language)) {
          const t = tokenSet(piece, language);
          if (t.size > 0) sentences.push({ chapter: ch.number, event, tokens: t });
        }
      }
    }
  }
  const postings = new Map<Token, number[]>();
  const known = new Set<Token>();
  sentences.forEach((s, id) => {
    for (const t of s.tokens) {
      known.add(t);
      const list = postings.get(t);
      if (list) list.push(id);
      else postings.set(t, [id]);
    }
  });
  // a token in more than 3% of the sentences says little about which sentence a line comes from
  const cap = Math.max(40, sentences.length * 0.03);
  for (const [t, list] of postings) if (list.length > cap) postings.delete(t);
  return {
    language,
    sentences,
    postings,
    known,
    normal: normalForm(source.text, language),
    text: source.text,
    events,
    narrator: source.narrator,
    hits: new Int32Array(sentences.length),
    notes: (source.notes ?? []).map((n) => tokenSet(n.text, language)).filter((t) => t.size >= MIN_TOKENS[language]),
  };
}

/** The largest share of a piece's tokens found in one footnote (0 when the source has none). */
export function noteContainment(index: SourceIndex, piece: string): number {
  if (index.notes.length === 0) return 0;
  const t = tokenSet(piece, index.language);
  if (t.size === 0) return 0;
  let best = 0;
  for (const note of index.notes) {
    let n = 0;
    for (const x of t) if (note.has(x)) n++;
    best = Math.max(best, n / t.size);
  }
  return best;
}

function unitsOf(text: string, language: Language): number {
  return language === 'zh' ? text.replace(/\s+/g, '').length : (text.match(/\S+/g)?.length ?? 0);
}

/** Fewest informative tokens a piece needs before its overlap means anything. */
export const MIN_TOKENS: Record<Language, number> = { zh: 4, en: 2 };

export interface Match {
  /** Ids of the source sentences sharing the most informative tokens with the piece. */
  best: number[];
  /** Share of the piece's informative tokens found in the best sentence (0–1). */
  containment: number;
  /** Informative tokens of the piece (rare enough to be indexed, or unknown to the source). */
  size: number;
}

/** The source sentences a piece of script most resembles. */
export function matchPiece(index: SourceIndex, piece: string): Match {
  const query = [...tokenSet(piece, index.language)].filter((t) => index.postings.has(t) || !index.known.has(t));
  const { hits } = index;
  const touched: number[] = [];
  for (const t of query)
    for (const id of index.postings.get(t) ?? []) {
      if (hits[id] === 0) touched.push(id);
      hits[id] = (hits[id] ?? 0) + 1;
    }
  let top = 0;
  let best: number[] = [];
  for (const id of touched) {
    const n = hits[id] ?? 0;
    hits[id] = 0;
    if (n > top) {
      top = n;
      best = [id];
    } else if (n === top) best.push(id);
  }
  return { best, containment: query.length ? top / query.length : 0, size: query.length };
}

/**
 * Whether the text occurs word for word in the source, clause by clause: a quotation the source
 * interrupts with "said Alice" / 他想 is still verbatim when its clauses are. A trailing … allows
 * a cut quotation.
 */
export function isVerbatim(index: SourceIndex, text: string): boolean {
  const zh = index.language === 'zh';
  const clauses = normalForm(text, index.language)
    .split(zh ? /[，,。！？!?；;：:…—.-]+/ : /[,.!?;:…—–-]+/) // NFKC made … into ...
    .map((c) => c.trim())
    .filter((c) => (zh ? c.length >= 2 : /[a-z0-9]/.test(c)));
  return clauses.length > 0 && clauses.every((c) => index.normal.includes(c));
}

/** Whether a name (or one of its aliases) is written in the source. */
export function inSource(index: SourceIndex, names: string[]): boolean {
  return names.some((raw) => {
    const name = index.language === 'en' ? raw.replace(/^the\s+/i, '') : raw;
    if (!name.trim()) return false;
    if (index.language === 'zh') return index.text.includes(name);
    return new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(index.text);
  });
}
