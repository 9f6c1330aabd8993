// What two texts are compared by: CJK character bigrams for zh, content words for en (lower case,
// no stopwords, a plural s dropped), and a normal form for verbatim checks.
import type { Language } from '../schema';
import { isCjk } from '../text/text';

const EN_STOP = new Set(
  `the and a an of to in on at for with from by as is was were be been are am it its it's this that these those
  he she they them his her their him i me my we us our you your not no but or so if then than there here what which
  who whom when where why how all any some one very just only also too out up down into over about would could should
  will shall can may might must do did does had has have said say says ll ve re don didn`.split(/\s+/),
);

/** A token: a CJK bigram packed into a number (no string garbage on a whole novel), or an en word. */
export type Token = number | string;

/** Informative tokens of a text: character bigrams of CJK runs (zh), content words (en). */
export function tokens(text: string, language: Language): Token[] {
  if (language === 'zh') {
    const out: number[] = [];
    let prev = -1;
    for (const ch of text) {
      const c = isCjk(ch) ? (ch.codePointAt(0) ?? -1) : -1;
      if (prev >= 0 && c >= 0) out.push(prev * 0x40000 + c);
      prev = c;
    }
    return out;
  }
  const words = text.toLowerCase().match(/[a-z]+(?:['’][a-z]+)?/g) ?? [];
  return words
    .map((w) => w.replace(/['’]s$/, '').replace(/(?<=[a-z]{3})s$/, ''))
    .filter((w) => w.length > 2 && !EN_STOP.has(w));
}

export const tokenSet = (text: string, language: Language): Set<Token> => new Set(tokens(text, language));

const QUOTES = /[“”„‟"「」『』‘’'`_﹁﹂﹃﹄]/g;

/** The form verbatim checks compare: no quote marks or emphasis, whitespace collapsed (removed for zh). */
export function normalForm(text: string, language: Language): string {
  const t = text.normalize('NFKC').replace(QUOTES, '');
  return language === 'zh' ? t.replace(/\s+/g, '') : t.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Clause-sized pieces of a line, so a line joining two quoted parts is checked part by part. */
export function pieces(text: string, language: Language): string[] {
  const parts = text.split(language === 'zh' ? /(?<=[。！？!?…；])/ : /(?<=[.!?;…])\s+/);
  return parts.map((p) => p.trim()).filter(Boolean);
}
