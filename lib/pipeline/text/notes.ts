// Footnotes and annotations: note sections (注释 / Notes), note lines that start with a marker
// that the text references (①, ⑴, [1], 〔1〕, 注1：), inline translator's notes （译者注：…） and
// the reference markers themselves. They leave the story text and become context-only notes.

export type NoteKind = 'footnote' | 'annotation' | 'translator';

export interface SourceNote {
  /** The marker the story text refers to it by (①, [1]), or null for an unnumbered note. */
  marker: string | null;
  /** The note as written, marker included. */
  text: string;
  /** The chapter whose text refers to it (or holds it), 1-based; null when unknown. */
  chapter: number | null;
  kind: NoteKind;
}

export interface ChapterNotes {
  /** The chapter body without its notes and reference markers. */
  text: string;
  notes: SourceNote[];
  /** Everything removed that is not a note: markers and notes-section headings. */
  removed: string[];
}

const CIRCLED = '\\u2460-\\u249b\\u3251-\\u325f\\u32b1-\\u32bf';
/** Markers that are never story text: circled and parenthesised numbers (①, ⑴, ⒈). */
const ALWAYS_MARKER = new RegExp(`[${CIRCLED}]`, 'g');
/** Bracketed numbers are markers only when a note carries the same one. */
const BRACKET_MARKER = /\[(?:注)?\d{1,3}\]|〔(?:注)?\d{1,3}〕|【注?\d{1,3}】|[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g;
const LEAD_MARKER = new RegExp(
  `^[\\s\\u3000]*(?:注\\s*)?([${CIRCLED}]|\\[(?:注)?\\d{1,3}\\]|〔(?:注)?\\d{1,3}〕|【注?\\d{1,3}】|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\\(\\d{1,3}\\))`,
);
/** 注1： / 注①： — a numbered annotation line. */
const ZHU_NUMBERED = /^[\s\u3000]*注\s*(\d{1,3})[：:.、]/;
/** A line that is a note by itself: 注：… / 译者注：… / Translator's note: … */
const LABELLED =
  /^[\s\u3000]*(?:\[|【|〔)?(译者注|译注|原注|编者注|编注|作者注|注|Translator['’]s [Nn]ote|TN|Note|Editor['’]s [Nn]ote)[：:.]/;
const SECTION =
  /^[\s\u3000]*(?:【|〔|\[)?(?:注释|注解|注|附注|译注|译者注|尾注|脚注|Notes|NOTES|Footnotes|FOOTNOTES|Endnotes|ENDNOTES|Translator['’]s Notes?|TRANSLATOR['’]S NOTES?)(?:】|〕|\])?[：:]?[\s\u3000]*$/;
/** Inline notes in brackets: （译者注：…） (Translator's note: …) 【注：…】 [TN: …] */
const INLINE =
  /[（(【〔[][\s\u3000]*(?:译者注|译注|原注|编者注|编注|作者注|注|Translator['’]s [Nn]ote|TN|Note|Editor['’]s [Nn]ote)[：:.][^）)】〕\]]{0,400}[）)】〕\]]/g;

const kindOf = (label: string): NoteKind =>
  /译|Translator|TN/.test(label)
    ? 'translator'
    : /^\[|^〔|^【|^[\u2460-\u249b]|^\d|^\(/.test(label)
      ? 'footnote'
      : 'annotation';

const normMarker = (m: string): string => m.replace(/^注\s*/, '').replace(/[[\]〔〕【】()注\s]/g, '');

interface Block {
  text: string;
  blank: boolean;
}

/** Lines (zh) or blank-line paragraphs (en) with the blank lines between them kept. */
function blocks(text: string, joinLines: boolean): Block[] {
  const out: Block[] = [];
  for (const line of text.split('\n')) {
    const blank = line.trim() === '';
    const prev = out[out.length - 1];
    if (prev && joinLines && !blank && !prev.blank && !LEAD_MARKER.test(line) && !LABELLED.test(line))
      prev.text += `\n${line}`;
    else if (prev && blank && prev.blank) prev.text += `\n${line}`;
    else out.push({ text: line, blank });
  }
  return out;
}

/** Markers (normalised: ①, 1) that the text of a whole novel refers to somewhere inline. */
export function referencedMarkers(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const body = line.replace(LEAD_MARKER, '');
    for (const m of body.matchAll(ALWAYS_MARKER)) out.add(m[0]);
    for (const m of body.matchAll(BRACKET_MARKER)) out.add(normMarker(m[0]));
  }
  return out;
}

export interface NovelMarkers {
  /** Markers the text refers to inline (referencedMarkers). */
  referenced: ReadonlySet<string>;
  /** Markers that start a note line somewhere (noteLineMarkers). */
  noted: ReadonlySet<string>;
}

/**
 * Notes out of one chapter body. A line that starts with a marker is a note only when the novel
 * refers to that marker inline (else it may be a numbered list in the story); a bracketed marker
 * in the story goes only when some note carries it.
 */
export function extractNotes(
  body: string,
  chapter: number,
  markers: NovelMarkers,
  language: 'zh' | 'en',
): ChapterNotes {
  const notes: SourceNote[] = [];
  const removed: string[] = [];
  const story: string[] = [];
  let inSection = false;
  for (const b of blocks(body, language === 'en')) {
    if (b.blank) {
      story.push(b.text);
      continue;
    }
    if (SECTION.test(b.text)) {
      inSection = true;
      removed.push(b.text);
      continue;
    }
    const lead = b.text.match(LEAD_MARKER);
    const zhu = b.text.match(ZHU_NUMBERED);
    const labelled = b.text.match(LABELLED);
    const marker = lead?.[1] ? normMarker(lead[1]) : zhu?.[1] ? zhu[1] : null;
    const isNote = inSection || labelled || (marker !== null && (markers.referenced.has(marker) || Boolean(zhu)));
    if (!isNote) {
      story.push(b.text);
      continue;
    }
    const last = notes[notes.length - 1];
    if (inSection && !marker && !labelled && last) last.text += `\n${b.text}`;
    else
      notes.push({
        marker,
        text: b.text.trim(),
        chapter,
        kind: labelled ? kindOf(labelled[1] ?? '') : kindOf(lead?.[1] ?? (zhu ? '1' : '')),
      });
  }
  let text = story.join('\n');
  text = text.replace(INLINE, (m) => {
    const label =
      m.match(/(译者注|译注|原注|编者注|编注|作者注|注|Translator['’]s [Nn]ote|TN|Note|Editor['’]s [Nn]ote)/)?.[1] ??
      '';
    notes.push({ marker: null, text: m, chapter, kind: kindOf(label) === 'translator' ? 'translator' : 'annotation' });
    return '';
  });
  text = text.replace(ALWAYS_MARKER, (m) => {
    removed.push(m);
    return '';
  });
  text = text.replace(BRACKET_MARKER, (m) => {
    if (!markers.noted.has(normMarker(m))) return m;
    removed.push(m);
    return '';
  });
  return { text, notes, removed };
}

/**
 * Markers that start a note line anywhere in the text and are referenced inline (so references
 * in other chapters go too); a line-leading [1] nothing refers to is a list item, not a note.
 */
export function noteLineMarkers(text: string, referenced: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const lead = line.match(LEAD_MARKER);
    if (lead?.[1] && referenced.has(normMarker(lead[1]))) out.add(normMarker(lead[1]));
    const zhu = line.match(ZHU_NUMBERED);
    if (zhu?.[1]) out.add(zhu[1]);
  }
  return out;
}
