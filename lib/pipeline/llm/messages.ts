// What the LLM pipeline reports in the result's warnings: everything it substituted, dropped or
// could not repair, in the task's language.
import type { Language } from '../schema';

export const LLM_WARNINGS = {
  zh: {
    chapterExcerpt: (n: number) => `第${n}章的阅读笔记两次都没有给出，改用原文开头的句子作为事件`,
    droppedQuotes: (n: number) => `阅读笔记中有${n}句引文在原文中找不到，已舍弃`,
    droppedEvents: (n: number) => `篇幅所限，规划时略去了${n}个次要事件（按重要性取舍）`,
    invented: (names: string) => `模型设定了原著中没有的人物：${names}，已从人物表中去掉`,
    inventedSpeaker: (ep: number, names: string) => `第${ep}集有原著和人物表里都没有的说话人：${names}`,
    hookMissing: (ep: number) => `第${ep}集没有写出【卡点】，补问一次后仍然没有`,
    eventsMissing: (ep: number, missed: number, of: number) => `第${ep}集没有演出节拍表里的${missed}/${of}个事件`,
    issue: (ep: number, what: string) => `第${ep}集：${what}`,
    added: (n: string) => `说话的角色“${n}”原著中有、人物表中原来没有，已补入`,
    addedDescription: '剧本中出现的原著人物（人物表中原未列出）。',
  },
  en: {
    chapterExcerpt: (n: number) =>
      `no reading notes came back for chapter ${n}, twice; its opening sentences stand in as events`,
    droppedQuotes: (n: number) => `${n} quotes in the reading notes are not in the novel and were dropped`,
    droppedEvents: (n: number) =>
      `${n} minor events were left out of planning to fit the context (least important first)`,
    invented: (names: string) => `the model set up characters the novel does not have: ${names}; left out of the cast`,
    inventedSpeaker: (ep: number, names: string) =>
      `episode ${ep} has speakers in neither the novel nor the cast: ${names}`,
    hookMissing: (ep: number) => `episode ${ep} came without a [Hook], also when asked once more`,
    eventsMissing: (ep: number, missed: number, of: number) =>
      `episode ${ep} does not stage ${missed} of the ${of} events of its beat sheet`,
    issue: (ep: number, what: string) => `episode ${ep}: ${what}`,
    added: (n: string) => `speaking character “${n}” is in the novel but was missing from the cast; added`,
    addedDescription: 'A character of the novel who speaks in the script (not in the original cast).',
  },
} as const satisfies Record<Language, unknown>;

export type LlmWarnings = (typeof LLM_WARNINGS)['zh'];
