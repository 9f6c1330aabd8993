// Names of the measures and levels in both languages: the exports use the script's language,
// the task page the reader's. Figures are shown as a percentage (shares) or a count.
import type { Language } from '../schema';
import type { MeasureKey, QualityIssue, QualityLevel, QualityMeasure } from './schema';

export const MEASURE_LABELS: Record<Language, Record<MeasureKey, string>> = {
  zh: {
    coverage: '章节覆盖',
    attribution: '台词归属',
    invented_speakers: '凭空出现的说话人',
    quotes: '引文一字不差',
    grounding: '原文依据',
    scenes: '每集场数',
    length: '每集时长',
    opening_hook: '开场钩子',
    cliffhanger: '卡点',
    duplicates: '重复剧集',
    language: '语言一致',
  },
  en: {
    coverage: 'Chapter coverage',
    attribution: 'Attributed lines',
    invented_speakers: 'Invented speakers',
    quotes: 'Verbatim quotes',
    grounding: 'Grounded in the source',
    scenes: 'Scenes per episode',
    length: 'Episode length',
    opening_hook: 'Opening hook',
    cliffhanger: 'Cliffhanger (卡点)',
    duplicates: 'Repeated episodes',
    language: 'Language',
  },
};

export const LEVEL_LABELS: Record<Language, Record<QualityLevel, string>> = {
  zh: { ok: '合格', warn: '注意', fail: '不合格' },
  en: { ok: 'OK', warn: 'Warning', fail: 'Fail' },
};

/** 87 % for a share, 2 for a count. */
export const measureFigure = (m: QualityMeasure): string =>
  m.unit === 'share' ? `${Math.round(m.value * 100)}%` : String(m.value);

/** 第2集 场3 / Ep. 2, scene 3 / 第3章 — where an issue sits. */
export function issuePlace(i: QualityIssue, language: Language): string {
  if (language === 'zh') {
    if (i.chapter) return `原文第${i.chapter}章`;
    return [i.episode ? `第${i.episode}集` : '', i.scene ? `场${i.episode ?? ''}-${i.scene}` : '']
      .filter(Boolean)
      .join(' ');
  }
  if (i.chapter) return `Source chapter ${i.chapter}`;
  return [i.episode ? `Ep. ${i.episode}` : '', i.scene ? `scene ${i.scene}` : ''].filter(Boolean).join(', ');
}

/** The report as plain lines for a document header: the verdict, one line a measure, the issues. */
export function qualityLines(
  report: { level: QualityLevel; measures: QualityMeasure[]; issues: QualityIssue[]; issues_omitted: number },
  language: Language,
  maxIssues = 20,
): { verdict: string; measures: string[]; issues: string[] } {
  const L = LEVEL_LABELS[language];
  const colon = language === 'zh' ? '：' : ': ';
  const verdict = `${language === 'zh' ? '质量' : 'Quality'}${colon}${L[report.level]}`;
  const measures = report.measures.map(
    (m) => `${MEASURE_LABELS[language][m.key]}${colon}${measureFigure(m)} · ${L[m.level]} — ${m.summary}`,
  );
  const shown = report.issues.slice(0, maxIssues);
  const rest = report.issues.length - shown.length + report.issues_omitted;
  const issues = shown.map((i) => `[${L[i.level]}] ${issuePlace(i, language)}${colon}${i.message}`);
  if (rest > 0) issues.push(language === 'zh' ? `……另有 ${rest} 条` : `… and ${rest} more`);
  return { verdict, measures, issues };
}

const SET_ASIDE_KINDS: Record<Language, Record<string, string>> = {
  zh: { front_matter: '扉页', toc: '目录', notes: '注释', heading: '标题行' },
  en: { front_matter: 'Front matter', toc: 'Table of contents', notes: 'Notes', heading: 'Heading lines' },
};

/** What text preparation kept out of the story, one line each: "注释 · 120 字 · ①船契：…". */
export function setAsideLines(
  setAside: readonly { kind: string; chars: number; excerpt: string }[] | undefined,
  language: Language,
): string[] {
  return (setAside ?? []).map((a) => {
    const kind = SET_ASIDE_KINDS[language][a.kind] ?? a.kind;
    const size = language === 'zh' ? `${a.chars} 字` : `${a.chars} characters`;
    return `${kind} · ${size} · ${a.excerpt}`;
  });
}

export const SET_ASIDE_TITLE: Record<Language, string> = { zh: '未作为故事改编的原文', en: 'Set aside from the story' };
