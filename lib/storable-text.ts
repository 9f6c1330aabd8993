// Text that Postgres can store: `text` refuses U+0000 and jsonb refuses both U+0000 and unpaired
// UTF-16 surrogates (node-pg would silently turn a lone surrogate into U+FFFD in a text column).
// Input fields are refused with a 4xx when they hold either; content we did not write (model
// output, provider profiles) is cleaned instead. Cutting text to a length counts code points, so
// an emoji at the cut point is kept or dropped whole, never split into a lone surrogate.
import type { z } from 'zod';

/** Whether `text` holds a NUL or an unpaired surrogate. */
export function isStorable(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** NUL removed, unpaired surrogates replaced by U+FFFD. */
export function cleanText(text: string): string {
  const noNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return noNul.toWellFormed();
}

/** Cleans streamed text piece by piece; a high surrogate ending a piece waits for its other half. */
export class StreamCleaner {
  private carry = '';

  push(piece: string): string {
    let s = this.carry + piece;
    this.carry = '';
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.carry = s.slice(-1);
      s = s.slice(0, -1);
    }
    return cleanText(s);
  }

  /** Whatever is still held back, cleaned (a high surrogate that never got its other half). */
  end(): string {
    const rest = cleanText(this.carry);
    this.carry = '';
    return rest;
  }
}

/** At most `max` code points of `text`, never half of a surrogate pair. */
export function sliceCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let units = 0;
  let points = 0;
  while (units < text.length && points < max) {
    const c = text.charCodeAt(units);
    const d = text.charCodeAt(units + 1);
    units += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    points++;
  }
  return text.slice(0, units);
}

/** A text field the database can store: refused with a 422 naming the field otherwise. */
export const storable = <T extends z.ZodType<string>>(schema: T) =>
  schema.refine(isStorable, { message: 'must not contain NUL characters (\\u0000) or unpaired UTF-16 surrogates' });
