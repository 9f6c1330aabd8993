// The report's sentences, in the script's language.
import { cleanText, sliceCodePoints } from '../../storable-text';
import type { Language } from '../schema';

/**
 * A short quotation of script text for a message: storable in jsonb (no NUL, no lone surrogate),
 * on one line, cut at whole code points (never half an emoji), … when cut.
 */
export function excerpt(text: string, max = 40): string {
  const flat = cleanText(text).replace(/\s+/g, ' ').trim();
  const cut = sliceCodePoints(flat, max);
  return cut.length < flat.length ? `${cut}…` : cut;
}

const zh = {
  sceneCount: (n: number) => `本集 ${n} 场，应为 3–5 场`,
  length: (units: number, min: number, max: number) => `本集约 ${units} 字，应在 ${min}–${max} 字（1–3 分钟）之间`,
  noOpening: '开场没有钩子：前几行没有冲突、悬念或承接上一集卡点',
  noHook: '没有【卡点】',
  hookNotStaged: (hook: string) => `【卡点】"${hook}"没有在最后一场中演出`,
  wrongLanguage: '整集使用了与剧本不同的语言',
  mixedLanguage: '本场混用了另一种语言',
  unattributed: (n: number) => `${n} 句台词没有归属到人物表中的角色`,
  invented: (name: string) => `"${name}"既不在原文中，也不在人物表中`,
  inventedCast: (name: string) => `"${name}"在人物表中，但原文中从未出现`,
  misquote: (line: string) => `台词与原文相近但并非原话："${line}"`,
  ungrounded: (n: number, of: number) => `${of} 行中有 ${n} 行在原文中找不到依据`,
  fromNote: (line: string) => `这一行取自原文的注释，不是故事："${line}"`,
  eventMissing: (event: string) => `本集应演出的事件没有出现："${event}"`,
  chapterMissing: (title: string) => `"${title}"的内容没有出现在任何一场中`,
  chapterThin: (title: string, covered: number, events: number) =>
    `"${title}"只有 ${covered}/${events} 个事件出现在剧本中`,
  duplicate: (other: number, similarity: number) => `与第${other}集高度相似（${Math.round(similarity * 100)}%）`,
  sameTitle: (other: number) => `与第${other}集标题相同`,
  sameHook: (other: number) => `与第${other}集卡点相同`,
  otherLanguage: '剧本语言与原文不同，覆盖率、引文和依据三项无法按原文核对',
  summary: {
    coverage: (covered: number, events: number, chapters: number) =>
      `原文 ${chapters} 章共 ${events} 个事件，${covered} 个出现在剧本中`,
    attribution: (n: number, of: number) => `${of} 句台词中 ${n} 句归属到人物表中的角色`,
    invented_speakers: (n: number) => (n === 0 ? '没有凭空出现的说话人' : `${n} 个说话人既不在原文也不在人物表中`),
    quotes: (n: number, of: number) => `${of} 句引用原文的台词中 ${n} 句与原文一字不差`,
    grounding: (n: number, of: number) => `${of} 行中 ${n} 行能在原文中找到依据`,
    scenes: (n: number, of: number) => `${of} 集中 ${n} 集为 3–5 场`,
    length: (n: number, of: number, min: number, max: number) => `${of} 集中 ${n} 集长度在 ${min}–${max} 字之间`,
    opening_hook: (n: number, of: number) => `${of} 集中 ${n} 集有开场钩子`,
    cliffhanger: (n: number, of: number) => `${of} 集中 ${n} 集的【卡点】在最后一场中演出`,
    duplicates: (n: number) => (n === 0 ? '没有重复的剧集' : `${n} 对剧集高度相似或重复`),
    language: (n: number, of: number) => `${of} 场中 ${n} 场使用剧本语言`,
  },
};

const en: typeof zh = {
  sceneCount: (n) => `${n} scenes; an episode needs 3–5`,
  length: (units, min, max) => `about ${units} words; an episode should run ${min}–${max} words (1–3 minutes)`,
  noOpening: 'no opening hook: the first lines hold no conflict, question or pick-up of the last cliffhanger',
  noHook: 'no cliffhanger (卡点)',
  hookNotStaged: (hook) => `the cliffhanger "${hook}" is not staged in the last scene`,
  wrongLanguage: 'the episode is written in another language than the script',
  mixedLanguage: 'the scene mixes in another language',
  unattributed: (n) => `${n} spoken lines are not given to a cast member`,
  invented: (name) => `"${name}" is neither in the source nor in the cast`,
  inventedCast: (name) => `"${name}" is in the cast but never appears in the source`,
  misquote: (line) => `close to the source but not its words: "${line}"`,
  ungrounded: (n, of) => `${n} of ${of} lines have no support in the source`,
  fromNote: (line) => `this line comes from a footnote, not the story: "${line}"`,
  eventMissing: (event) => `an event this episode should stage is missing: "${event}"`,
  chapterMissing: (title) => `nothing of chapter ${title} appears in any scene`,
  chapterThin: (title, covered, events) => `only ${covered}/${events} events of "${title}" appear in the script`,
  duplicate: (other, similarity) => `nearly the same as episode ${other} (${Math.round(similarity * 100)}%)`,
  sameTitle: (other) => `same title as episode ${other}`,
  sameHook: (other) => `same cliffhanger as episode ${other}`,
  otherLanguage:
    'the script is in another language than the source: coverage, quotes and grounding cannot be checked against it',
  summary: {
    coverage: (covered, events, chapters) =>
      `${covered} of ${events} events in ${chapters} chapters appear in the script`,
    attribution: (n, of) => `${n} of ${of} spoken lines are given to a cast member`,
    invented_speakers: (n) =>
      n === 0 ? 'no invented speakers' : `${n} speakers are neither in the source nor in the cast`,
    quotes: (n, of) => `${n} of ${of} lines quoting the source are word for word`,
    grounding: (n, of) => `${n} of ${of} lines are supported by the source`,
    scenes: (n, of) => `${n} of ${of} episodes have 3–5 scenes`,
    length: (n, of, min, max) => `${n} of ${of} episodes run ${min}–${max} words`,
    opening_hook: (n, of) => `${n} of ${of} episodes open on a hook`,
    cliffhanger: (n, of) => `${n} of ${of} episodes stage their cliffhanger in the last scene`,
    duplicates: (n) => (n === 0 ? 'no repeated episodes' : `${n} pairs of episodes are near-duplicates`),
    language: (n, of) => `${n} of ${of} scenes are in the script's language`,
  },
};

export type QualityMessages = typeof zh;
export const qualityMessages = (language: Language): QualityMessages => (language === 'zh' ? zh : en);
