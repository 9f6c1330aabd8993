// Dialogue extraction: quoted speech with its speaker, inner thoughts as os, narration as short
// action lines. Speaker: the nearest speech-verb pattern, else the paragraph's speaker, else the
// turn-taking of the conversation (the one before the last speaker), else the last speaker.
import type { Language } from '../schema';
import { ACTION_MAX, clip, shorten, splitParagraphs, splitSentences, stripMarkup } from '../text/text';
import { type Attribution, attributeAfter, attributeBefore } from './attribution';
import { buildMatcher, clauseSubjects, genderOf, type NameMatcher, type NameRef } from './names';

export interface Beat {
  type: 'action' | 'dialogue' | 'os';
  /** Speaker for dialogue and os; null when unknown. Always null for action. */
  character: string | null;
  text: string;
  parenthetical?: string;
  /** Index of the source paragraph within the text given to extractDialogue. */
  paragraph: number;
  /** For narration: up to three sentences of it, for an episode too short with one. */
  fuller?: string;
}

interface Quote {
  start: number;
  end: number;
  inner: string;
}

const DIALOGUE_MAX = 200;

function quoteRegex(text: string, language: Language): RegExp {
  if (language === 'zh') return /“([^“”]*)(?:”|$)|「([^「」]*)(?:」|$)/g;
  if (text.includes('“')) return /“([^“”]*)(?:”|$)/g;
  if ((text.match(/"/g)?.length ?? 0) >= 2) return /"([^"]*)(?:"|$)/g;
  return /(?<![A-Za-z])‘((?:[^‘’]|’(?=[a-z]))*)(?:’(?![a-z])|$)/g;
}

/** Speech, not a scare quote: it carries punctuation, opens the paragraph, or follows a colon. */
function isSpeech(q: Quote, para: string, language: Language): boolean {
  const inner = q.inner.trim();
  if (!inner) return false;
  const before = para.slice(0, q.start).trimEnd();
  if (!before || /[：:]$/.test(before)) return true;
  if (language === 'zh') return /[，。！？…!?—]/.test(inner);
  return /[,.!?…—;:-]$/.test(inner) || inner.split(/\s+/).length >= 6;
}

interface State {
  lastMention: string | null;
  /** Names mentioned lately, the latest first: a she / 她 takes the latest that can be a she. */
  recent: string[];
  /** A paragraph that ends with 说： / said: hands its speaker to the next paragraph's quote. */
  pending: Attribution | null;
  speakers: (string | null)[];
  lastParagraphHadDialogue: boolean;
}

const newState = (): State => ({
  lastMention: null,
  recent: [],
  pending: null,
  speakers: [],
  lastParagraphHadDialogue: false,
});

function remember(state: State, name: string): void {
  state.recent = [name, ...state.recent.filter((n) => n !== name)].slice(0, 6);
}

function mention(state: State, name: string): void {
  state.lastMention = name;
  remember(state, name);
}

/** The character a pronoun means: the latest mentioned whose known gender does not contradict it. */
function resolve(state: State, matcher: NameMatcher, word: string | undefined): string | null {
  const g = genderOf(word);
  if (!g) return state.lastMention;
  return state.recent.find((n) => (matcher.genders.get(n) ?? g) === g) ?? state.lastMention;
}

/**
 * 尼姑 right after 小尼姑 is the 小尼姑: a name that ends other cast names (老尼姑, 小尼姑) means
 * the one of them mentioned last, when one was.
 */
function narrowBare(name: string, state: State, matcher: NameMatcher): string {
  const longer = matcher.names.filter((n) => n !== name && n.endsWith(name));
  return (longer.length && state.recent.find((r) => longer.includes(r))) || name;
}

function fallbackSpeaker(state: State): string | null {
  const [a, b] = [state.speakers[state.speakers.length - 1], state.speakers[state.speakers.length - 2]];
  if (state.lastParagraphHadDialogue && a && b && a !== b) return b;
  for (let i = state.speakers.length - 1; i >= 0; i--) if (state.speakers[i]) return state.speakers[i] ?? null;
  return null;
}

const meaningful = (s: string, language: Language): boolean =>
  language === 'zh' ? (s.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 6 : (s.match(/[A-Za-z]+/g)?.length ?? 0) >= 5;

function actionText(s: string, language: Language, sentences = 1): string {
  const t = stripMarkup(s)
    .replace(/^[\s,;:.!?—–\-)(，；：、。！？”’"]+/, '')
    .replace(/[\s,;:—–\-(，；：、]+$/, '');
  const short =
    sentences === 1
      ? shorten(t, language)
      : clip(
          splitSentences(t, language)
            .slice(0, sentences)
            .join(language === 'zh' ? '' : ' '),
          ACTION_MAX[language] * sentences,
        );
  return language === 'en' ? short.charAt(0).toUpperCase() + short.slice(1) : short;
}

function lastSentenceEnd(text: string, language: Language): number {
  const ends = language === 'zh' ? ['。', '！', '？'] : ['. ', '! ', '? '];
  return Math.max(0, ...ends.map((e) => text.lastIndexOf(e) + 1));
}

/** Interior narration: thinking, feeling, remembering — never filmable as △. */
const INTERIOR: Record<Language, RegExp> = {
  zh: /想|觉得|感到|记得|知道|明白|以为|仿佛|似乎|心里|心中|后悔|害怕|怕|希望|忘不了|才懂/,
  en: /\b(?:thought|felt|knew|remembered|wondered|wished|feared|hoped|realized|believed|suppose|think|know)\b/,
};

const FIRST_PERSON: Record<Language, RegExp> = { zh: /我(?!们)/, en: /\b(?:I|me|my|myself)\b/ };

/** Whether a narration text speaks in the first person (我 / I). */
export const isFirstPersonText = (text: string, language: Language): boolean => FIRST_PERSON[language].test(text);

/**
 * A narration beat: an action line (△), or — in a first-person story, when the line says 我 / I —
 * the narrator's OS, since "△我想起…" cannot be filmed.
 */
export function narrationBeat(raw: string, index: number, language: Language, matcher: NameMatcher): Beat {
  const text = actionText(raw, language);
  const more = actionText(raw, language, 3);
  const fuller = more.length > text.length ? { fuller: more } : {};
  // 陈伯一把拉住我的胳膊 is someone else's action, filmable; 我心里一沉 is the narrator's
  const other = matcher.at(text, 0);
  const filmable = other && other.name !== matcher.narrator && !INTERIOR[language].test(text);
  if (matcher.narrator && isFirstPersonText(text, language) && !filmable)
    return { type: 'os', character: matcher.narrator, text, paragraph: index, ...fuller };
  return { type: 'action', character: null, text, paragraph: index, ...fuller };
}

function speechText(parts: string[], language: Language): string {
  const joined = stripMarkup(parts.map((p) => p.trim()).join(language === 'zh' ? '' : ' '));
  const fixed = language === 'zh' ? joined.replace(/[，,]$/, '。') : joined.replace(/,$/, '.');
  return clip(fixed, DIALOGUE_MAX);
}

/** zh thoughts without quotes: 他想：这是错的，可笑！ Returns the os beat and the narration before it. */
function unquotedThought(narration: string, matcher: NameMatcher, state: State): { beat: Beat; head: string } | null {
  const m = narration.match(/(?:心里想|想道|心想|想)[：:]([^“”。！？]+[。！？]?)/);
  if (!m?.[1] || m[1].length < 4) return null;
  const head = narration.slice(0, m.index);
  const start = Math.max(head.lastIndexOf('。'), head.lastIndexOf('！'), head.lastIndexOf('？')) + 1;
  const clause = head.slice(start);
  const raw = matcher.empty && /^[\u4e00-\u9fffA-Z]{2,3}$/.test(clause) ? clause : undefined;
  // the thinker opens the clause right before 想; a pronoun there is the nearest named subject
  const subjects = clauseSubjects(clause, matcher, 'zh');
  const last = subjects[subjects.length - 1];
  const named = [...subjects].reverse().find((s) => s.name)?.name;
  const me = matcher.narrator && /我(?!们)[^，。！？]{0,6}$/.test(clause) ? matcher.narrator : null;
  const who = me ?? last?.name ?? raw ?? (last?.pronoun ? (named ?? state.lastMention) : (named ?? null));
  return { beat: { type: 'os', character: who, text: clip(m[1], DIALOGUE_MAX), paragraph: 0 }, head };
}

function paragraphBeats(para: string, index: number, language: Language, matcher: NameMatcher, state: State): Beat[] {
  const allowRaw = matcher.empty;
  const quotes: Quote[] = [];
  for (const m of para.matchAll(quoteRegex(para, language))) {
    const q = { start: m.index, end: m.index + m[0].length, inner: m[1] ?? m[2] ?? '' };
    if (isSpeech(q, para, language)) quotes.push(q);
  }
  // a pronoun refers to the latest clause subject that is a name (阿Q…，他… → 阿Q)
  const narrationMentions = (s: string) => {
    // every name, in order, is a candidate for a she / he; the clause subjects decide a bare 他
    for (const m of matcher.all(s)) if (m.name !== matcher.narrator) remember(state, m.name);
    const subjects = clauseSubjects(s, matcher, language);
    // 他 / she never means a first-person narrator, who is 我 / I
    for (const sub of subjects) if (sub.name && sub.name !== matcher.narrator) mention(state, sub.name);
    if (subjects.length === 0) {
      const first = matcher.all(s).find((m) => m.name !== matcher.narrator);
      if (first) mention(state, first.name);
    }
  };
  const pending = state.pending;
  state.pending = null;
  if (quotes.length === 0) {
    state.lastParagraphHadDialogue = false;
    const lead = attributeBefore(para, language, matcher, { allowRaw });
    if (lead && /[：:]\s*$/.test(para)) {
      if (lead.pronoun) lead.name = resolve(state, matcher, lead.pronounWord);
      state.pending = lead;
      para = lead.rest;
    }
    narrationMentions(para);
    const thought = language === 'zh' ? unquotedThought(para, matcher, state) : null;
    const narration = thought ? thought.head : para;
    const beats: Beat[] = [];
    if (meaningful(narration, language)) beats.push(narrationBeat(narration, index, language, matcher));
    if (thought) beats.push({ ...thought.beat, paragraph: index });
    return beats;
  }
  // attribution of each quote from the narration around it
  const attributions: (Attribution | null)[] = [];
  const narration: string[] = [];
  quotes.forEach((q, i) => {
    const before = para.slice(i === 0 ? 0 : (quotes[i - 1]?.end ?? 0), q.start);
    const after = para.slice(q.end, quotes[i + 1]?.start ?? para.length);
    const b = attributeBefore(before, language, matcher, { allowRaw });
    // 赵德贵摆摆手。他…说：“…” — the sentences before the attribution name who 他 is
    if (i === 0 && b?.pronoun) narrationMentions(before.slice(0, lastSentenceEnd(before, language)));
    if (b?.pronoun) b.name = resolve(state, matcher, b.pronounWord);
    if (i === 0) narrationMentions(before);
    const a = attributeAfter(after, language, matcher, { paragraphStart: i === 0 && !before.trim(), allowRaw });
    if (a?.pronoun) a.name = resolve(state, matcher, a.pronounWord);
    const pick = (language === 'zh' && b && /[：:]\s*$/.test(before) ? b : (a ?? b)) ?? (i === 0 ? pending : null);
    attributions.push(pick);
    if (i === 0) narration.push(b ? b.rest : before);
    narration.push(a ? a.rest : after);
    if (pick?.name) pick.name = narrowBare(pick.name, state, matcher);
    if (pick?.name && pick.name !== matcher.narrator) mention(state, pick.name);
    narrationMentions(a ? a.rest : after);
  });
  // a paragraph is one speaker: an attributed quote (a name, or an unknown crowd) lends its
  // speaker to the others; a paragraph with none follows the conversation
  const known = attributions.find((a) => a?.name) ?? attributions.find((a) => a);
  const fallback = known ? null : fallbackSpeaker(state);
  const beats: Beat[] = [];
  const lead = narration[0] ?? '';
  if (meaningful(lead, language)) beats.push(narrationBeat(lead, index, language, matcher));
  // consecutive quotes of one speaker in a paragraph become one line
  const lines: { beat: Beat; parts: string[] }[] = [];
  quotes.forEach((q, i) => {
    const a = attributions[i];
    const who = a ? a.name : known ? known.name : fallback;
    const type = a?.thought || (!a && known?.thought) ? 'os' : 'dialogue';
    const prev = lines[lines.length - 1];
    if (prev && prev.beat.character === who && prev.beat.type === type) prev.parts.push(q.inner);
    else {
      const beat: Beat = { type, character: who, text: '', paragraph: index };
      if (a?.parenthetical) beat.parenthetical = a.parenthetical;
      lines.push({ beat, parts: [q.inner] });
    }
  });
  for (const l of lines) beats.push({ ...l.beat, text: speechText(l.parts, language) });
  const tail = narration.slice(1).find((n) => meaningful(n, language));
  if (tail && !meaningful(lead, language)) beats.push(narrationBeat(tail, index, language, matcher));
  for (const b of beats) if (b.type === 'dialogue') state.speakers.push(b.character);
  state.lastParagraphHadDialogue = beats.some((b) => b.type === 'dialogue');
  return beats.filter((b) => b.text.length > 0);
}

/**
 * Beats of a text (a chapter, or a snippet), in order. With `characters`, speakers are limited to
 * them (unknown speakers are null); without, a capitalised name after a speech verb (en) or a
 * short subject right before one (zh) is taken as it is.
 */
export function extractDialogue(text: string, language: Language, characters: readonly NameRef[] = []): Beat[] {
  const matcher = buildMatcher(characters, language);
  const state = newState();
  return splitParagraphs(text, language).flatMap((p, i) => paragraphBeats(p.text, i, language, matcher, state));
}

/** The same, with a prepared matcher (the engine reuses one per novel). */
export function extractDialogueWith(
  text: string,
  language: Language,
  matcher: NameMatcher,
): { beats: Beat[]; paragraphs: number } {
  const state = newState();
  const paragraphs = splitParagraphs(text, language);
  return {
    beats: paragraphs.flatMap((p, i) => paragraphBeats(p.text, i, language, matcher, state)),
    paragraphs: paragraphs.length,
  };
}
