// Text that leaves or enters through a channel: mail headers, SMS and the delivery log cannot
// carry NUL or other controls (Postgres text refuses NUL outright), nor lone surrogates; and a cut
// must never split an emoji.

/** Replaces NUL and other controls with a space and lone surrogates with U+FFFD. */
export function clean(s: string): string {
  let out = '';
  for (const ch of s.toWellFormed()) {
    const c = ch.codePointAt(0) ?? 0;
    out += c < 0x20 || c === 0x7f ? ' ' : ch;
  }
  return out;
}

/** The first `n` characters (code points), never half of a surrogate pair. */
export function cut(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : s;
}
