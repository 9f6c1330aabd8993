// Every human-facing string the offline engine produces, in zh and en: stage messages for
// progress, labels used in the script, character descriptions, warnings.
import type { Language } from '../schema';

export type StageKey = 'parse' | 'characters' | 'outline' | 'script' | 'check';

const STAGES: Record<Language, Record<StageKey, string>> = {
  zh: {
    parse: '解析章节…',
    characters: '正在生成角色设定…',
    outline: '正在生成分集大纲…',
    script: '正在撰写第{n}集…',
    check: '正在校验剧本…',
  },
  en: {
    parse: 'Splitting chapters…',
    characters: 'Building the character bible…',
    outline: 'Outlining episodes…',
    script: 'Writing episode {n}…',
    check: 'Checking the script…',
  },
};

export function stageMessage(language: Language, key: StageKey, episode?: number): string {
  return STAGES[language][key].replace('{n}', String(episode ?? ''));
}

export type Role = 'protagonist' | 'antagonist' | 'supporting' | 'minor';

const ROLE_LABEL: Record<Language, Record<Role, string>> = {
  zh: { protagonist: '主角', antagonist: '反派', supporting: '重要配角', minor: '次要角色' },
  en: {
    protagonist: 'the protagonist',
    antagonist: 'the antagonist',
    supporting: 'a supporting character',
    minor: 'a minor character',
  },
};

export interface CharacterFacts {
  name: string;
  role: Role;
  firstChapter: number;
  mentions: number;
  lines: number;
  quote: string | null;
  aliases: string[];
}

/** A deterministic description built only from facts found in the text. */
export function describeCharacter(language: Language, f: CharacterFacts): string {
  const role = ROLE_LABEL[language][f.role];
  if (language === 'zh') {
    const parts = [`${f.name}，${role}。第${f.firstChapter}章首次出场，全书提及${f.mentions}次`];
    parts.push(f.lines > 0 ? `，台词${f.lines}句。` : '，没有直接台词。');
    if (f.aliases.length) parts.push(`又称${f.aliases.join('、')}。`);
    if (f.quote) parts.push(`代表台词：“${f.quote}”`);
    return parts.join('');
  }
  const times = f.mentions === 1 ? 'once' : `${f.mentions} times`;
  const lines =
    f.lines === 0 ? 'no lines of dialogue' : f.lines === 1 ? 'one line of dialogue' : `${f.lines} lines of dialogue`;
  const parts = [`${f.name}, ${role}. First appears in chapter ${f.firstChapter}; mentioned ${times}, ${lines}.`];
  if (f.aliases.length) parts.push(`Also called ${f.aliases.join(', ')}.`);
  if (f.quote) parts.push(`Says: “${f.quote}”`);
  return parts.join(' ');
}

const LABELS = {
  zh: {
    unknownSpeaker: '某人',
    transition: '切至：',
    part: (k: number, n: number) => `（${k}/${n}）`,
    join: '·',
    logline: (who: string, summary: string) => `${who}的故事。${summary}`,
  },
  en: {
    unknownSpeaker: 'Someone',
    transition: 'CUT TO:',
    part: (k: number, n: number) => ` (${k}/${n})`,
    join: ' / ',
    logline: (who: string, summary: string) => `The story of ${who}. ${summary}`,
  },
} as const;

export const labels = (language: Language) => LABELS[language];

/** The first-person narrator's entry in the character bible. */
export function describeNarrator(language: Language, name: string, role: Role): string {
  if (language === 'zh') return `${name}，${ROLE_LABEL.zh[role]}，第一人称叙述者（原文中的“我”）。内心叙述以OS呈现。`;
  return `${name}, ${ROLE_LABEL.en[role]} and the first-person narrator (“I” in the source); inner narration is given as OS.`;
}

const ASIDE_ZH: Record<string, string> = {
  front_matter: '扉页',
  toc: '目录',
  notes: '注释',
  heading: '空标题',
  end_mark: '结尾标记',
};

const WARNINGS = {
  zh: {
    speakerMissing: (name: string) => `说话的角色“${name}”不在角色表中`,
    chapterUncovered: (n: number) => `第${n}章没有对应的分集`,
    episodeCount: (want: number, got: number) => `要求${want}集，实际生成${got}集`,
    sourceTooShort: (want: number) => `原文太短，${want}集中有的集内容重复`,
    noTranslation: '离线引擎不翻译：剧本正文保留原文语言',
    setAside: (kind: string, chars: number, excerpt: string) =>
      kind === 'notes'
        ? `原文注释（${chars}字）只作参考，未写进台词或动作：“${excerpt}”`
        : `原文${ASIDE_ZH[kind] ?? kind}（${chars}字）未改编进剧本：“${excerpt}”`,
    prologue: (title: string) => `原文正文前的“${title}”作为序章改编，没有丢弃`,
    narrator: (name: string, from: string) =>
      from === 'role'
        ? `第一人称叙述者在原文中没有名字，剧本里称为“${name}”，内心叙述为OS`
        : `第一人称叙述者“我”即${name}（名字取自${from === 'title' ? '书名' : '原文'}），内心叙述为OS`,
    dialogueCut: (episode: number, dropped: number, shortened: number) =>
      `第${episode}集为控制在3分钟内删去${dropped}句、缩短${shortened}句台词`,
  },
  en: {
    speakerMissing: (name: string) => `speaking character “${name}” is not in the character bible`,
    chapterUncovered: (n: number) => `chapter ${n} is not covered by any episode`,
    episodeCount: (want: number, got: number) => `${want} episodes requested, ${got} produced`,
    sourceTooShort: (want: number) => `the source is too short for ${want} episodes; some episodes repeat content`,
    noTranslation: 'the offline engine does not translate: the script text stays in the source language',
    setAside: (kind: string, chars: number, excerpt: string) =>
      kind === 'notes'
        ? `the source’s notes (${chars} characters) were used as context only, never as lines: “${excerpt}”`
        : `the source’s ${kind === 'front_matter' ? 'title page' : kind === 'toc' ? 'table of contents' : kind === 'end_mark' ? 'end mark' : 'empty headings'} (${chars} characters) was not adapted: “${excerpt}”`,
    prologue: (title: string) => `the text before the first chapter (“${title}”) is adapted as a prologue, not dropped`,
    narrator: (name: string, from: string) =>
      from === 'role'
        ? `the first-person narrator has no name in the source and is called “${name}”; inner narration is OS`
        : `the first-person narrator (“I”) is ${name}, a name taken from the ${from === 'title' ? 'title' : 'text'}; inner narration is OS`,
    dialogueCut: (episode: number, dropped: number, shortened: number) =>
      `episode ${episode}: ${dropped} spoken lines dropped and ${shortened} shortened to stay within 3 minutes`,
  },
} as const;

export const warningText = (language: Language) => WARNINGS[language];
