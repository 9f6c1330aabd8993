// The 卡点 of an episode: taken from the end of its source span by a cliffhanger heuristic — a
// question, a threat, a reveal or an interrupted action scores, and the later the better. Notes
// never reach here (prepareText moved them out of the story), so a footnote is never a hook.
import type { Language, Scene } from '../schema';
import { clip, type Paragraph, splitSentences, stripMarkup } from '../text/text';
import { labels } from './messages';

const CUES: Record<Language, { re: RegExp; score: number }[]> = {
  zh: [
    { re: /[？?]/, score: 3 },
    { re: /杀|死|血|刀|枪|危险|小心|不好|糟了|完了|快走|快跑|救命|追|逃|别过来|下场|出事|威胁|拿来|给我/, score: 3 },
    { re: /原来|竟然|居然|其实|真相|秘密|发现|才知道|竟是|认出|果然|假的/, score: 2.5 },
    { re: /(?:——|……|…|—)[”」]?$|忽然|突然|猛地|就在这时|正要|刚要|还没来得及|朝我走|一步一步/, score: 2 },
    { re: /[！!]/, score: 1 },
  ],
  en: [
    { re: /\?/, score: 3 },
    {
      re: /\b(?:kill|killed|die|dead|death|blood|knife|gun|danger|dangerous|beware|hurry|help|threat|trust|afraid|scream|off with)\b/i,
      score: 3,
    },
    { re: /\b(?:secret|truth|realized|discovered|actually|revealed|no other than|recogni[sz]ed)\b/i, score: 2.5 },
    {
      re: /(?:—|…|\.\.\.)["”’]?$|\b(?:suddenly|at that moment|just then|just as|creaked open|before .{0,20}could)\b/i,
      score: 2,
    },
    { re: /!/, score: 1 },
  ],
};

interface Candidate {
  text: string;
  /** 0 at the start of the episode's tail, 1 at its very end. */
  position: number;
}

function score(c: Candidate, language: Language): number {
  const min = language === 'zh' ? 4 : 3;
  const size = language === 'zh' ? c.text.length : c.text.split(/\s+/).length;
  if (size < min) return -10;
  return CUES[language].reduce((s, cue) => (cue.re.test(c.text) ? s + cue.score : s), 0) + 2 * c.position;
}

/**
 * The hook: the best-scoring spoken line (with its speaker) or narration sentence among the last
 * quarter of the episode (at least its last three paragraphs).
 */
export function hookOf(scenes: Scene[], paragraphs: Paragraph[], language: Language, output: Language): string {
  const max = language === 'zh' ? 100 : 200;
  const unknown = labels(output).unknownSpeaker;
  const lines = scenes.flatMap((s) => s.lines).filter((l) => l.type === 'dialogue' || l.type === 'os');
  const from = Math.floor(lines.length * 0.75);
  const spoken: Candidate[] = lines.slice(from).map((l, i, all) => ({
    text:
      l.type === 'dialogue' && l.character && l.character !== unknown
        ? language === 'zh'
          ? `${l.character}：“${l.text}”`
          : `${l.character}: “${l.text}”`
        : l.text,
    position: all.length <= 1 ? 1 : i / (all.length - 1),
  }));
  const tail = paragraphs.slice(-Math.max(3, Math.ceil(paragraphs.length * 0.25)));
  const narration: Candidate[] = tail.flatMap((p, pi) => {
    const sentences = splitSentences(stripMarkup(p.text), language).filter((s) => !/[“”"「」]/.test(s));
    return sentences.map((s, si) => ({
      text: s,
      position: tail.length <= 1 ? 1 : (pi + (si + 1) / (sentences.length + 1)) / tail.length,
    }));
  });
  let best: Candidate | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const c of [...spoken, ...narration]) {
    const s = score(c, language);
    if (s >= bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return clip(best?.text ?? '', max);
}
