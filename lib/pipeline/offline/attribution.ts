// Who says a quote: speech-verb patterns in the narration right after the quote (“…”王胡说 /
// “…” said Alice) or right before it (赵太爷抢进几步说：“…” / the Rabbit said to itself, “…”).
import type { Language } from '../schema';
import { clauseSubjects, type NameMatcher } from './names';

export interface Attribution {
  /** A name, or null when the subject is a crowd (他们, they) or unknown. */
  name: string | null;
  /** The subject was a pronoun (他, she): the caller resolves it to the last named character. */
  pronoun: boolean;
  /** Which pronoun (她, 他, 伊, she, he), when one was written: it narrows who it can be. */
  pronounWord?: string | undefined;
  thought: boolean;
  parenthetical?: string;
  /** The narration with the attribution clause removed. */
  rest: string;
}

// 道 only as a verb (not 知道/难道/味道); 喝 only as 喝道/吆喝 (not 喝了一口酒)
const ZH_SPEECH = '说道|问道|笑道|嚷道|叫道|骂道|喝道|答道|说|(?<![知难味晓街轨频])道|问|嚷|叫|骂|喊|笑|答|吆喝';
const ZH_THOUGHT = '心里想|想道|心想|暗想|想';
const ZH_VERB = new RegExp(`(${ZH_THOUGHT}|${ZH_SPEECH})`);
/** 说： / 冷笑了一声： / 喊声： — a speech verb, perhaps with 了一声 or 声, before the colon. */
const ZH_VERB_TAIL = '[了着]?(?:一声|一句|起来|声)?';
const ZH_VERB_AT_END = new RegExp(`[，,]?[^，,。！？]{0,12}?(${ZH_THOUGHT}|${ZH_SPEECH})${ZH_VERB_TAIL}[：:，,]\\s*$`);
const ZH_PRONOUN = /^(他们|她们|大家|众人|人们|有人|别人)|^(他|她|伊)/;
const ZH_RAW = new RegExp(`^([\\u4e00-\\u9fffA-Z]{2,3}?)(?=${ZH_SPEECH}|想)`);
const ZH_MANNER = /^[也又便就却更还只都]+|[的地着]+$/g;

const EN_SPEECH =
  'said|says|say|saying|cried|asked|replied|answered|shouted|exclaimed|whispered|added|continued|began|remarked|repeated|screamed|shrieked|roared|muttered|murmured|called|interrupted|observed|sighed|growled|inquired|pleaded|sobbed|panted|yelled|declared|explained|insisted|suggested|grunted|snapped|retorted|persisted|went on|thought|wondered';
const EN_THOUGHT = /^(thought|wondered)$/;
const EN_PRONOUN = /^(she|he|it)$/i;
/** Subjects that are nobody in the cast: a crowd, or a first-person narrator. */
const EN_PLURAL = /^(they|we|everybody|all|I)$/;
const NAMEISH = '(?:the\\s+)?([A-Z][a-z]+(?:\\s+[A-Z][a-z]+)?|she|he|it|they|I|we)';
/** "said the Hatter" / "the Hatter said" / "she said", optionally with an adverb. */
const EN_AFTER = new RegExp(
  `^[\\s,;:—–-]*(?:(?:(${EN_SPEECH})\\s+${NAMEISH})|(?:${NAMEISH}\\s+(?:(\\w+ly)\\s+)?(${EN_SPEECH})))(?:,?\\s+(\\w+ly)\\b)?(\\s+to\\s+(?:her|him|it|them)sel(?:f|ves))?`,
);
const EN_BEFORE_TAIL = new RegExp(`(?:[,:]|\\b(?:${EN_SPEECH}))\\s*$`);

function zhManner(s: string): string | undefined {
  const m = s.replace(ZH_MANNER, '');
  return m.length >= 2 && m.length <= 7 && !/[，。！？：；“”]/.test(m) ? m : undefined;
}

interface Subject {
  name: string | null;
  pronoun: boolean;
  end: number;
  word?: string;
}

/** The subject a zh clause starts with: a known name, a pronoun, an omitted subject, or raw text. */
function zhSubject(clause: string, matcher: NameMatcher, allowRaw: boolean): Subject {
  const me = clause.match(/^[\s，,]*我(?!们)/);
  if (me && matcher.narrator) return { name: matcher.narrator, pronoun: false, end: me[0].length };
  const m = matcher.at(clause, 0);
  if (m) return { name: m.name, pronoun: false, end: m.end };
  const lead = clause.length - clause.replace(/^[\s，,]+/, '').length;
  const s = clause.slice(lead);
  const p = s.match(ZH_PRONOUN);
  if (p) return { name: null, pronoun: !p[1], end: lead + (p[0] ?? '').length, word: p[2] };
  // 便回答说 / 又说: the subject is the one just mentioned
  if (/^[也又便就却更还只都再]/.test(s)) return { name: null, pronoun: true, end: lead };
  const raw = allowRaw ? s.match(ZH_RAW) : null;
  if (raw?.[1]) return { name: raw[1], pronoun: false, end: lead + raw[1].length };
  return { name: null, pronoun: false, end: lead };
}

/** Attribution from the narration right after a quote. */
export function attributeAfter(
  after: string,
  language: Language,
  matcher: NameMatcher,
  opts: { paragraphStart: boolean; allowRaw: boolean },
): Attribution | null {
  if (language === 'zh') {
    const sentence = after.match(/^[^。！？!?“「]*[。！？!?]?/)?.[0] ?? '';
    if (!sentence.trim()) return null;
    let subject = zhSubject(sentence, matcher, opts.allowRaw);
    const verb = sentence.slice(subject.end).match(ZH_VERB);
    if (verb && subject.name === null && !subject.pronoun) {
      // 那光头的老头子看定了阿Q的脸，说 — the first name before the verb
      const first = matcher.all(sentence.slice(0, subject.end + (verb.index ?? 0)))[0];
      if (first) subject = { name: first.name, pronoun: false, end: first.end };
    }
    const named = subject.name !== null && subject.end > 0;
    // 想了一通，这才…说: the last verb decides between speech and thought
    const verbs = [...sentence.slice(subject.end).matchAll(new RegExp(ZH_VERB.source, 'g'))];
    const lastVerb = verbs[verbs.length - 1]?.[1] ?? '';
    // “阿Q！”秀才只得直呼其名了。 — a name right after a quote that opens the paragraph
    // “把钥匙给我。”赵小虎站了起来 — a name opening the narration right after a quote that
    // opens the paragraph is its speaker, however long the sentence
    const opensWithName =
      named && /^[\s，,]*$/.test(sentence.slice(0, Math.max(0, subject.end - (subject.name?.length ?? 0))));
    // 远远地听得小尼姑的带哭的声音 — a voice heard is its owner's
    const voice = !verb && /声音|喊声|叫声|哭声/.test(sentence) ? matcher.all(sentence)[0] : undefined;
    if (voice) return { name: voice.name, pronoun: false, thought: false, rest: after };
    if (!verb && !(named && opts.paragraphStart && (sentence.length <= 16 || opensWithName))) return null;
    if (verb && !named && !subject.pronoun && (verb.index ?? 0) > 12) return null;
    const between = verb ? sentence.slice(subject.end).slice(0, sentence.slice(subject.end).search(ZH_VERB)) : '';
    return {
      name: subject.name,
      pronoun: subject.pronoun,
      pronounWord: subject.word,
      thought: new RegExp(`^(${ZH_THOUGHT})$`).test(lastVerb),
      parenthetical: named ? zhManner(between.replace(/^[\s，,]+/, '')) : undefined,
      // without a speech verb the sentence is an action of the speaker's, kept as narration
      rest: verb ? after.slice(sentence.length) : after,
    };
  }
  const m = after.match(EN_AFTER);
  if (!m) {
    // "quite a chorus of voices asked": someone speaks, but no one we know
    const clause = after.match(/^[^.!?;“"]*/)?.[0] ?? '';
    return new RegExp(`\\b(${EN_SPEECH})\\b`).test(clause) && clause.length < 60
      ? { name: null, pronoun: false, thought: false, rest: after.slice(clause.length) }
      : null;
  }
  const who = (m[2] ?? m[3] ?? '').replace(/\s+/g, ' ');
  const verb = m[1] ?? m[5] ?? '';
  const known = matcher.at(after, m[0].indexOf(who));
  const me = who === 'I' && matcher.narrator ? matcher.narrator : null;
  const pronoun = !known && EN_PRONOUN.test(who);
  const crowd = !known && !me && EN_PLURAL.test(who);
  return {
    // an unknown capitalised subject is kept only when no cast was given
    name: known ? known.name : (me ?? (!pronoun && !crowd && opts.allowRaw ? who : null)),
    pronoun,
    pronounWord: pronoun ? who.toLowerCase() : undefined,
    thought: EN_THOUGHT.test(verb),
    parenthetical: m[4] ?? m[6],
    rest: after.slice(m[0].length),
  };
}

/** Attribution from the narration right before a quote (its last sentence ends with ： or ,). */
export function attributeBefore(
  before: string,
  language: Language,
  matcher: NameMatcher,
  opts: { allowRaw: boolean },
): Attribution | null {
  if (language === 'zh') {
    const tail = before.match(ZH_VERB_AT_END);
    if (!tail) return null;
    const start = Math.max(...['。', '！', '？', '；', '”'].map((p) => before.lastIndexOf(p))) + 1;
    const sentence = before.slice(start);
    // the clause's subject when it opens the sentence (他…说：), else the first name in it
    const subject = zhSubject(sentence, matcher, opts.allowRaw);
    // 就在这时，岸上传来阿秀的喊声： — an omitted subject gives way to a name in the sentence
    const omitted = subject.pronoun && !/^[\s，,]*[他她伊]/.test(sentence);
    const first = subject.name || (subject.pronoun && !omitted) ? null : matcher.all(sentence)[0];
    // 冷笑了一声： / 喊声： is an action worth keeping whole; a bare 说： is only attribution
    const whole = /(?:一声|声|起来)[：:，,]\s*$/.test(before);
    return {
      name: subject.name ?? first?.name ?? null,
      pronoun: subject.pronoun && !first,
      pronounWord: subject.word,
      thought: new RegExp(`^(${ZH_THOUGHT})$`).test(tail[1] ?? ''),
      // keep the action (抢进几步), drop only the verb and its colon
      rest: whole
        ? before.replace(/[：:，,]\s*$/, '')
        : before.replace(new RegExp(`[，,]?(?:${ZH_THOUGHT}|${ZH_SPEECH})${ZH_VERB_TAIL}[：:，,]\\s*$`), ''),
    };
  }
  if (!EN_BEFORE_TAIL.test(before)) return null;
  const start = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? ')) + 1;
  const sentence = before.slice(start);
  const verbs = [...sentence.matchAll(new RegExp(`\\b(${EN_SPEECH})\\b`, 'g'))];
  const verb = verbs[verbs.length - 1];
  if (!verb) return null;
  // a name right next to the verb ("the Rabbit say to itself,", "said the Mouse,"), else the
  // sentence's subject, else a pronoun
  const at = verb.index ?? 0;
  const next = matcher.at(sentence, at + (verb[1] ?? '').length);
  const adjacentAfter =
    next && /^\s*(?:the\s+)?$/.test(sentence.slice(at + (verb[1] ?? '').length, next.index)) ? next : null;
  const beforeVerb = matcher
    .all(sentence.slice(0, at))
    .filter((x) => /^\s*(?:\w+ly\s+)?$/.test(sentence.slice(x.end, at)));
  const subject = clauseSubjects(sentence, matcher, language)[0];
  // "I said," / "said I," in a first-person story is the narrator
  const me = matcher.narrator && /\bI\s+(?:\w+ly\s+)?$/.test(sentence.slice(0, at)) ? matcher.narrator : null;
  const name = adjacentAfter?.name ?? beforeVerb[beforeVerb.length - 1]?.name ?? me ?? subject?.name ?? null;
  return {
    name,
    pronoun: !name && Boolean(subject?.pronoun || /\b(?:she|he)\b/i.test(sentence)),
    pronounWord: sentence.match(/\b(she|he)\b/i)?.[1]?.toLowerCase(),
    thought: EN_THOUGHT.test(verb[1] ?? ''),
    // a bare "Alice said:" is all attribution; a longer sentence is narration worth keeping
    rest: sentence.length < 40 ? before.slice(0, start) : before,
  };
}
