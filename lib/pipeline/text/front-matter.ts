// The text before the first chapter heading: a title page and a table of contents are set aside,
// a preface (a 序 / Preface heading, or the first lines of prose) becomes a prologue chapter.
import type { Language } from '../schema';

export interface Preamble {
  /** Title lines, author, edition: kept out of the story. */
  frontMatter: string;
  /** A 目录 / Contents line and the entries under it. */
  toc: string;
  /** The preface from its heading (or first prose line) on; '' when there is none. */
  preface: string;
  /** The preface's own heading line (序, Preface), '' when it has none. */
  prefaceHeading: string;
}

const PREFACE =
  /^[\s\u3000]*(序言|序章|序|自序|代序|前言|引子|楔子|小引|题记|引言|写在前面|Preface|PREFACE|Foreword|FOREWORD|Introduction|INTRODUCTION|Prologue|PROLOGUE|Author['’]s Note|AUTHOR['’]S NOTE|Proem)[\s\u3000]*[:：.]?[\s\u3000]*$/;
const TOC =
  /^[\s\u3000]*(目[\s\u3000]*录|目[\s\u3000]*次|Contents|CONTENTS|Table of Contents|TABLE OF CONTENTS)[\s\u3000]*$/;

/** A line of prose: sentences, not a title, an author line or a heading. */
export function isProse(line: string, language: Language): boolean {
  const t = line.trim();
  if (language === 'zh') {
    const cjk = t.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    return cjk >= 12 && /[，。！？；…]/.test(t);
  }
  const words = t.match(/[A-Za-z’']+/g)?.length ?? 0;
  return words >= 8 && /[.!?;,:]["”’]?$|[,;] /.test(t);
}

/** Read the preamble line by line: front matter, then an optional TOC, then the preface. */
export function readPreamble(preamble: string, language: Language): Preamble {
  const lines = preamble.split('\n');
  const front: string[] = [];
  const toc: string[] = [];
  let inToc = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = line.match(PREFACE);
    if (heading || isProse(line, language)) {
      const rest = lines.slice(heading ? i + 1 : i).join('\n');
      return { frontMatter: front.join('\n'), toc: toc.join('\n'), preface: rest, prefaceHeading: heading ? line : '' };
    }
    if (TOC.test(line)) inToc = true;
    (inToc ? toc : front).push(line);
  }
  return { frontMatter: front.join('\n'), toc: toc.join('\n'), preface: '', prefaceHeading: '' };
}

/** A preface heading's label without spaces (序, Preface), or the default prologue label. */
export function prologueLabel(heading: string, language: Language): string {
  const m = heading.match(PREFACE);
  return m?.[1] ?? (language === 'zh' ? '序章' : 'Prologue');
}
