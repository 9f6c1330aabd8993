// Name candidates for English text: capitalised words (or runs of up to three, like Mock Turtle)
// that recur in the middle of sentences and are not common words or honorifics.

/** Capitalised words that are not names even mid-sentence. */
const EN_STOP = new Set(
  `I I'm I’m I'll I’ll I've I’ve I'd I’d The A An And But Or Nor So Yet For Of To In On At By With From As If Then Than
  Oh Ah O Well Why What Who Whom Whose How When Where Which While Yes No Not Now Here There This That These Those It
  Its He She They We You Me Him Her Them Us My Your His Our Their Mine Yours Do Does Did Don Don’t Let Please Come
  Sir Madam Ma Mr Mrs Ms Dr Miss Master Mistress Lord Lady God Majesty Highness Lordship Ladyship Grace Honour Honor
  English French Latin Greek German Italian Spanish Christmas Monday Tuesday Wednesday Thursday Friday Saturday Sunday
  Said Says Chapter Contents Illustration
  Project Gutenberg Gutenberg-tm THE END Very Just Only All Some Any Every Each One Two None Nothing Everything
  Everybody Nobody Somebody Anybody Shall Will Would Could Should Can May Might Must Is Are Was Were Be Been Have Has
  Had Hush Hm Hmm Hallo Hello Alas Good Bad Poor Dear Tut Ugh Mind Look Stop Wait Off Up Down Out Over Under After
  Before Again Also Still Even Never Ever Always Perhaps Indeed Certainly Besides However Therefore Thus Soon Once
  Ahem Really Quite Sure Fine Right Wrong True False`.split(/\s+/),
);

/** Honorifics kept as part of a name (Mr. Darcy), never a name alone. */
const HONORIFIC = /^(?:Mr|Mrs|Ms|Dr|Miss|Sir|Lady|Lord|Captain|Uncle|Aunt|Father|Mother)\.?$/;

const WORD_RUN = /(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?[A-Z][a-z]+(?:[ \t]*\n?[ \t]*[A-Z][a-z]+){0,2}/g;

/** Whether the character before `index` makes it the start of a sentence. */
function sentenceInitial(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && /[ \t_]/.test(text.charAt(i))) i--;
  if (i < 0) return true;
  const ch = text.charAt(i);
  if (ch === '\n') {
    // a new paragraph (blank line) or a heading line
    let j = i - 1;
    while (j >= 0 && /[ \t\r]/.test(text.charAt(j))) j--;
    return j < 0 || text.charAt(j) === '\n' || /[.!?:”"]/.test(text.charAt(j));
  }
  return /[.!?“"‘(—:]/.test(ch);
}

/** Strip stop words from both ends of a run of capitalised words. */
function trimRun(run: string): string {
  const words = run.split(/\s+/);
  while (words.length && EN_STOP.has(words[0] ?? '')) words.shift();
  while (words.length && (EN_STOP.has(words[words.length - 1] ?? '') || HONORIFIC.test(words[words.length - 1] ?? '')))
    words.pop();
  return words.join(' ');
}

export interface EnCandidate {
  form: string;
  count: number;
  /** Occurrences not at the start of a sentence. */
  inner: number;
}

/** Capitalised names that recur mid-sentence at least twice. */
export function enCandidates(text: string): EnCandidate[] {
  const stats = new Map<string, EnCandidate>();
  for (const m of text.matchAll(WORD_RUN)) {
    const form = trimRun(m[0]);
    if (!form || form.length < 2) continue;
    const offset = m.index + m[0].indexOf(form.split(' ')[0] ?? form);
    const s = stats.get(form) ?? { form, count: 0, inner: 0 };
    s.count++;
    if (!sentenceInitial(text, offset)) s.inner++;
    stats.set(form, s);
  }
  // a run that is really "Name Name" stuck together by a line wrap keeps both words' counts
  return [...stats.values()].filter((s) => s.inner >= 2 && s.form.split(' ').every((w) => !EN_STOP.has(w)));
}
