// First-person narration: does 我 / I dominate the narration (the text outside quotes), and what
// is the narrator called — a name the narration gives (我叫林晓 / my name is Kit), one the title
// gives (林晓自述 / The Diary of Kit Marlow), or a role name (叙述者 / Narrator).
import type { Language } from '../schema';

export interface Narrator {
  name: string;
  from: 'text' | 'title' | 'role';
}

/** Narration only: quoted speech removed (“…” 「…」 "…"), since characters say 我 / I all the time. */
export function narrationOf(text: string, language: Language): string {
  const zh = text.replace(/“[^“”]*”|「[^「」]*」|『[^『』]*』/g, ' ');
  return language === 'zh' ? zh : zh.replace(/"[^"\n]*"/g, ' ');
}

export interface PersonCounts {
  first: number;
  third: number;
  /** Narration size: CJK characters (zh) or words (en). */
  size: number;
}

export function personCounts(text: string, language: Language): PersonCounts {
  const n = narrationOf(text, language);
  if (language === 'zh')
    return {
      first: n.match(/我(?!们)/g)?.length ?? 0,
      third: n.match(/[他她](?!们)/g)?.length ?? 0,
      size: n.match(/[\u4e00-\u9fff]/g)?.length ?? 0,
    };
  return {
    first: n.match(/\b(?:I|me|my|myself)\b/g)?.length ?? 0,
    third: n.match(/\b(?:he|she|him|his|her|herself|himself)\b/gi)?.length ?? 0,
    size: n.match(/[A-Za-z’']+/g)?.length ?? 0,
  };
}

/** 我 / I dominates the narration: frequent, and at least half as common as 他/她 / he/she. */
export function isFirstPerson(c: PersonCounts, language: Language): boolean {
  const density = language === 'zh' ? 4 / 1000 : 6 / 1000;
  return c.first >= 8 && c.first >= c.size * density && c.first >= c.third * 0.5;
}

const ZH_NOT_NAME = /^[他她你它我这那谁的是了也都]|[的了吗呢啊吧着过]$/;
const ZH_NAME_PATTERNS = [
  /我(?:的名字)?叫(?:做)?([\u4e00-\u9fff]{2,3})(?=[，。、！；：\s]|$)/,
  /我名叫([\u4e00-\u9fff]{2,3})(?=[，。、！；：\s]|$)/,
  /(?:人们|大家|别人|他们|村里人|同学们)?都叫我[“「]?([\u4e00-\u9fff]{2,3})[”」]?(?=[，。、！；：\s]|$)/,
  /我姓([\u4e00-\u9fff])，名([\u4e00-\u9fff]{1,2})/,
];
const EN_WORD = /^(?:The|A|An|It|That|This|He|She|They|We|You|Not|Sure|Afraid|Glad|Sorry|Here|There|Now|Very|Quite)$/;
const EN_NAME = '([A-Z][a-z]+(?:\\s+[A-Z][a-z]+)?)';
const EN_NAME_PATTERNS = [
  new RegExp(`\\b[Mm]y name (?:is|was) ${EN_NAME}`),
  new RegExp(`\\b(?:[Cc]all me|called me|named me|christened me) ${EN_NAME}`),
  new RegExp(`\\bI, ${EN_NAME},`),
];

function nameInText(narration: string, language: Language): string | null {
  if (language === 'zh') {
    for (const re of ZH_NAME_PATTERNS) {
      const m = narration.match(re);
      const name = m?.[2] ? `${m[1]}${m[2]}` : m?.[1];
      if (name && !ZH_NOT_NAME.test(name)) return name;
    }
    return null;
  }
  for (const re of EN_NAME_PATTERNS) {
    const m = narration.match(re);
    const name = m?.[1];
    if (name && !EN_WORD.test(name.split(' ')[0] ?? '')) return name;
  }
  return null;
}

const ZH_TITLE = /^(?:我[是叫])?([\u4e00-\u9fff]{2,4}?)(?:自述|自传|日记|手记|的自白|的回忆|的故事|回忆录)$/;
const EN_TITLE =
  /^(?:The\s+)?(?:Diary|Memoirs?|Confessions?|Journal|Autobiography|Story|Narrative|Recollections)\s+of\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)$/;

function nameInTitle(title: string | undefined, language: Language): string | null {
  const t = (title ?? '').trim().replace(/^[《“"]|[》”"]$/g, '');
  if (!t) return null;
  const m = language === 'zh' ? t.match(ZH_TITLE) : t.match(EN_TITLE);
  return m?.[1] ?? null;
}

export const NARRATOR_ROLE: Record<Language, string> = { zh: '叙述者', en: 'Narrator' };

/** What the narrator says aloud: quotes tagged 我说 / I said (“我叫林满。”我说). */
function narratorSpeech(story: string, language: Language): string {
  const re =
    language === 'zh'
      ? /“([^“”]*)”[\s，,]*我(?:说|问|答|道|喊|笑道)|我(?:说|问|答|道|喊)[：:]\s*“([^“”]*)”/g
      : /[“"]([^“”"]*)[”"][\s,]*(?:I said|said I|I answered|I replied)|\bI (?:said|answered|replied)[,:]\s*[“"]([^“”"]*)[”"]/g;
  return [...story.matchAll(re)].map((m) => m[1] ?? m[2] ?? '').join('\n');
}

/** The first-person narrator of a story text, or undefined when the narration is not first-person. */
export function findNarrator(story: string, language: Language, title?: string): Narrator | undefined {
  if (!isFirstPerson(personCounts(story, language), language)) return undefined;
  const fromText =
    nameInText(narrationOf(story, language), language) ?? nameInText(narratorSpeech(story, language), language);
  if (fromText) return { name: fromText, from: 'text' };
  const fromTitle = nameInTitle(title, language);
  if (fromTitle) return { name: fromTitle, from: 'title' };
  return { name: NARRATOR_ROLE[language], from: 'role' };
}
