// Text preparation shared by both engines: whitespace repair, chapters, front matter (a preface
// becomes a prologue chapter, a title page and a table of contents are set aside), footnotes and
// annotations (context only, never story) and the first-person narrator. Every visible character
// of the input ends up exactly once in a chapter heading, a chapter text or a set-aside text.
import type { Language } from '../schema';
import { type Chapter, splitSections } from './chapters';
import { prologueLabel, readPreamble } from './front-matter';
import { findNarrator, type Narrator } from './narrator';
import { extractNotes, noteLineMarkers, referencedMarkers, type SourceNote } from './notes';
import { detectLanguage } from './text';
import { unwrapText } from './unwrap';

export type { Narrator } from './narrator';
export type { NoteKind, SourceNote } from './notes';

export type SetAsideKind = 'front_matter' | 'toc' | 'notes' | 'heading' | 'end_mark';

export interface SetAside {
  kind: SetAsideKind;
  /** Visible characters set aside (whitespace not counted). */
  chars: number;
  /** The start of it, for the report. */
  excerpt: string;
  /** All of it, as context for an adaptation that wants it (a model may read the notes). */
  text: string;
}

export interface PreparedText {
  language: Language;
  /** Story chapters in order; a preface is a first chapter with kind 'prologue'. */
  chapters: Chapter[];
  /** Footnotes, annotations and translator's notes: context only, never story. */
  notes: SourceNote[];
  /** What was kept out of the story text, one entry per kind ('notes' holds every note and marker). */
  setAside: SetAside[];
  /** Heading lines as written (structure, not story): one per chapter with a heading. */
  headings: string[];
  narrator?: Narrator;
}

const END_MARK = /\n[\s\u3000]*(?:THE END|The End|END|FINIS|[（(【]?(?:全文)?完[）)】]?|—+\s*完\s*—+)[\s\u3000.。]*$/;
const visible = (s: string): number => s.replace(/\s+/g, '').length;
const EXCERPT = 60;

function excerptOf(text: string): string {
  const squashed = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(squashed);
  return chars.length <= EXCERPT ? squashed : `${chars.slice(0, EXCERPT).join('')}…`;
}

function aside(kind: SetAsideKind, parts: string[]): SetAside | null {
  const text = parts.filter((p) => p.trim()).join('\n');
  const chars = visible(text);
  return chars > 0 ? { kind, chars, excerpt: excerptOf(text), text } : null;
}

export function prepareText(raw: string, opts: { title?: string; language?: Language } = {}): PreparedText {
  const language = opts.language ?? detectLanguage(raw);
  const text = unwrapText(raw, language);
  const sections = splitSections(text, language);
  const headings: string[] = [];
  const front: string[] = [];
  const toc: string[] = [];
  const removed: string[] = [];
  const ends: string[] = [];
  const bodies: { chapter: Chapter; heading: string; body: string }[] = [];

  const pre = readPreamble(text.slice(0, sections.preambleEnd), language);
  front.push(pre.frontMatter);
  toc.push(pre.toc);
  if (pre.preface.trim()) {
    const label = prologueLabel(pre.prefaceHeading, language);
    bodies.push({
      heading: pre.prefaceHeading,
      chapter: {
        number: 0,
        title: label,
        heading: label,
        text: '',
        start: 0,
        end: sections.preambleEnd,
        kind: 'prologue',
      },
      body: pre.preface,
    });
  } else front.push(pre.prefaceHeading);
  for (const t of sections.toc) toc.push(text.slice(t.start, t.end));
  const bare = sections.bare.map((b) => text.slice(b.start, b.end));
  sections.chapters.forEach((c, i) => {
    const bodyStart = sections.bodyStarts[i] ?? c.start;
    bodies.push({ chapter: c, heading: text.slice(c.start, bodyStart), body: text.slice(bodyStart, c.end) });
  });

  const referenced = referencedMarkers(text);
  const markers = { referenced, noted: noteLineMarkers(text, referenced) };
  const notes: SourceNote[] = [];
  const chapters: Chapter[] = [];
  for (const { chapter, heading, body } of bodies) {
    const number = chapters.length + 1;
    const extracted = extractNotes(body, number, markers, language);
    notes.push(...extracted.notes);
    removed.push(...extracted.removed);
    // a chapter that was only notes (a notes section after the last chapter) is no story chapter
    if (!extracted.text.trim() && chapter.kind !== 'prologue' && visible(body) > 0 && extracted.notes.length > 0) {
      removed.push(heading);
      continue;
    }
    if (heading.trim()) headings.push(heading);
    chapters.push({ ...chapter, number, text: extracted.text.trim() });
  }
  // a closing "THE END" / 完 is a mark, not a line of the story
  const last = chapters[chapters.length - 1];
  const endMark = last?.text.match(END_MARK);
  if (last && endMark && endMark.index !== undefined && endMark.index > 0) {
    ends.push(endMark[0]);
    last.text = last.text.slice(0, endMark.index).trim();
  }
  if (chapters.length === 0) chapters.push({ number: 1, title: '', heading: '', text: '', start: 0, end: text.length });
  for (const c of chapters)
    if (!c.title) c.title = c.heading || (language === 'zh' ? `第${c.number}部分` : `Part ${c.number}`);

  const setAside = [
    aside('front_matter', front),
    aside('toc', toc),
    aside('notes', [...notes.map((n) => n.text), ...removed]),
    aside('heading', bare),
    aside('end_mark', ends),
  ].filter((s): s is SetAside => s !== null);
  const narrator = findNarrator(chapters.map((c) => c.text).join('\n'), language, opts.title);
  const prepared: PreparedText = { language, chapters, notes, setAside, headings };
  if (narrator) prepared.narrator = narrator;
  return prepared;
}

/**
 * Every text prepareText kept, in the three places it can be: heading lines, chapter texts and
 * set-aside texts. Its visible characters are exactly the input's (the property tests check it).
 */
export function accountedText(p: PreparedText): string {
  return [...p.headings, ...p.chapters.map((c) => c.text), ...p.setAside.map((s) => s.text)].join('\n');
}
