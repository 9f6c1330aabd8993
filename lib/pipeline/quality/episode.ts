// Deterministic checks of one episode: scenes 3–5, length against the 1–3 minute target, an
// opening hook and a staged 【卡点】, language, speakers, verbatim quotes, grounding in the source
// and (when given) the events it should stage. The LLM critic runs these per episode; the report
// runs them on every episode and adds the whole-script measures.
import { type LengthRange, lengthUnits } from '../length';
import type { Character, Episode, Language, Scene, ScriptLine } from '../schema';
import { cjkRatio, detectLanguage } from '../text/text';
import { castOf, judgeSpeaker, type SpeakerVerdict } from './cast';
import { excerpt, qualityMessages } from './messages';
import type { QualityIssue } from './schema';
import { isVerbatim, MIN_TOKENS, matchPiece, noteContainment, type SourceIndex } from './source-index';
import { normalForm, pieces, type Token, tokenSet } from './tokens';

export interface EpisodeCheckContext {
  language: Language;
  cast: Character[];
  /** The source, indexed; absent when the script is in another language than the source. */
  source?: SourceIndex | undefined;
  range: LengthRange;
  /** The episode before, whose 卡点 this one may open on. */
  previous?: Episode | undefined;
  /** Events (short texts) this episode is meant to stage, e.g. from its beat sheet. */
  events?: string[] | undefined;
}

export interface EpisodeFigures {
  issues: QualityIssue[];
  scenes: number;
  units: number;
  spoken: number;
  attributed: number;
  speakers: { name: string; verdict: SpeakerVerdict; scene: number }[];
  quotes: number;
  verbatim: number;
  judged: number;
  grounded: number;
  /** Source sentence ids some line of this episode was matched to. */
  covered: Set<number>;
  opening: boolean;
  cliffhanger: boolean;
  scenesInLanguage: number;
}

const GROUNDED = 0.5;
const QUOTED = 0.6;
const SPOKEN = new Set<ScriptLine['type']>(['dialogue', 'os', 'vo']);
const CUE: Record<Language, RegExp> = {
  zh: /[！？!?]|突然|忽然|竟|猛地|不好|救命|怎么|为什么|难道|死|杀|血|哭|吼|喊/,
  en: /[!?]|\b(suddenly|scream|shout|cry|cried|dead|die|kill|blood|why|what|how|never|help)\b/i,
};

const sceneText = (s: Scene): string => s.lines.map((l) => l.text).join('\n');

/** Whether every clause of `part` occurs in `whole` (quote marks and spacing aside). */
function isVerbatimIn(whole: string, part: string, language: Language): boolean {
  const w = normalForm(whole, language);
  const clauses = normalForm(part, language)
    .split(/[，,。！？!?；;：:…—.-]+/)
    .filter((c) => c.trim().length > 0);
  return clauses.length > 0 && clauses.every((c) => w.includes(c.trim()));
}

/** The share of a text's informative tokens found in a set (0 when it has too few to judge). */
function containedIn(text: string, pool: Set<Token>, language: Language): number {
  const t = tokenSet(text, language);
  if (t.size < MIN_TOKENS[language]) return 0;
  let n = 0;
  for (const x of t) if (pool.has(x)) n++;
  return n / t.size;
}

export function inspectEpisode(episode: Episode, ctx: EpisodeCheckContext): EpisodeFigures {
  const { language, source } = ctx;
  const m = qualityMessages(language);
  const issues: QualityIssue[] = [];
  const at = (scene?: number) => ({ episode: episode.number, ...(scene ? { scene } : {}) });
  const cast = castOf(ctx.cast, language);
  const f: EpisodeFigures = {
    issues,
    scenes: episode.scenes.length,
    units: 0,
    spoken: 0,
    attributed: 0,
    speakers: [],
    quotes: 0,
    verbatim: 0,
    judged: 0,
    grounded: 0,
    covered: new Set(),
    opening: false,
    cliffhanger: false,
    scenesInLanguage: 0,
  };

  if (f.scenes < 3 || f.scenes > 5)
    issues.push({ measure: 'scenes', level: 'warn', ...at(), message: m.sceneCount(f.scenes) });

  const whole = episode.scenes.map(sceneText).join('\n');
  f.units = lengthUnits(whole, language);
  if (f.units < ctx.range.min || f.units > ctx.range.max)
    issues.push({
      measure: 'length',
      level: 'warn',
      ...at(),
      message: m.length(f.units, ctx.range.min, ctx.range.max),
    });

  // language: the episode as a whole, then scene by scene
  const episodeOff = detectLanguage(`${episode.title}\n${whole}`) !== language;
  if (episodeOff) issues.push({ measure: 'language', level: 'fail', ...at(), message: m.wrongLanguage });
  for (const s of episode.scenes) {
    const text = sceneText(s);
    const letters = text.match(/[A-Za-z\u3400-\u9fff]/g)?.length ?? 0;
    const ratio = cjkRatio(text);
    const off = letters >= 10 && (language === 'zh' ? ratio < 0.5 : ratio > 0.2);
    if (!off) f.scenesInLanguage++;
    else if (!episodeOff)
      issues.push({ measure: 'language', level: 'warn', ...at(s.number), message: m.mixedLanguage });
  }

  // speakers, grounding and quotes, line by line
  const seen = new Map<string, SpeakerVerdict>();
  for (const s of episode.scenes) {
    let unattributed = 0;
    let judged = 0;
    let grounded = 0;
    let misquoted = 0;
    let notedScene = 0;
    for (const l of s.lines) {
      if (SPOKEN.has(l.type) && l.character) {
        let verdict = seen.get(l.character);
        if (verdict === undefined) {
          verdict = judgeSpeaker(l.character, cast, source);
          seen.set(l.character, verdict);
          f.speakers.push({ name: l.character, verdict, scene: s.number });
        }
        if (verdict !== 'narrator') {
          f.spoken++;
          if (verdict === 'cast' || verdict === 'invented_cast') f.attributed++;
          else unattributed++;
        }
      }
      if (!source || l.type === 'transition') continue;
      const matches = pieces(l.text, language)
        .map((p) => ({ ...matchPiece(source, p), note: noteContainment(source, p) }))
        .filter((x) => x.size >= MIN_TOKENS[language]);
      if (matches.length === 0) continue;
      judged++;
      // a line taken from a footnote is not story, however well it matches the note
      const fromNote = matches.some((x) => x.note >= QUOTED && x.note > x.containment);
      if (fromNote && notedScene++ === 0)
        issues.push({ measure: 'grounding', level: 'warn', ...at(s.number), message: m.fromNote(excerpt(l.text, 40)) });
      const supported = fromNote ? [] : matches.filter((x) => x.containment >= GROUNDED);
      if (supported.length > 0) grounded++;
      for (const x of supported) for (const id of x.best) f.covered.add(id);
      if (SPOKEN.has(l.type) && matches.every((x) => x.containment >= QUOTED)) {
        f.quotes++;
        if (isVerbatim(source, l.text)) f.verbatim++;
        else if (misquoted++ === 0)
          issues.push({ measure: 'quotes', level: 'warn', ...at(s.number), message: m.misquote(excerpt(l.text, 40)) });
      }
    }
    f.judged += judged;
    f.grounded += grounded;
    if (unattributed > 0)
      issues.push({ measure: 'attribution', level: 'warn', ...at(s.number), message: m.unattributed(unattributed) });
    if (judged >= 4 && grounded / judged < 0.3)
      issues.push({
        measure: 'grounding',
        level: 'warn',
        ...at(s.number),
        message: m.ungrounded(judged - grounded, judged),
      });
  }
  for (const sp of f.speakers) {
    const say = sp.verdict === 'invented' ? m.invented : sp.verdict === 'invented_cast' ? m.inventedCast : undefined;
    if (say)
      issues.push({ measure: 'invented_speakers', level: 'warn', ...at(sp.scene), message: say(excerpt(sp.name, 20)) });
  }

  // opening hook: conflict or a question in the first lines, or a pick-up of the last 卡点
  const first = episode.scenes[0];
  const head = (first?.lines ?? []).slice(0, 3).map((l) => l.text);
  const prevHook = ctx.previous?.hook.trim() ?? '';
  f.opening =
    head.some((t) => CUE[language].test(t)) ||
    (prevHook !== '' && containedIn(prevHook, tokenSet(head.join('\n'), language), language) >= 0.5);
  if (!f.opening) issues.push({ measure: 'opening_hook', level: 'warn', ...at(1), message: m.noOpening });

  // 卡点: present, and staged in the last scene
  // a 卡点 may be written as a cue ("阿Q：天门两块！"): what is staged is the words
  // (a name of up to 24 characters with no sentence punctuation, an optional （os）/(VO), a colon)
  const hook = episode.hook.trim().replace(/^[^：:\n。！？.!?“”"]{1,24}(?:（[^）]*）|\([^)]*\))?\s*[：:]\s*/, '');
  const last = episode.scenes[episode.scenes.length - 1];
  if (!hook) issues.push({ measure: 'cliffhanger', level: 'fail', ...at(), message: m.noHook });
  else if (last) {
    const lastText = sceneText(last);
    f.cliffhanger =
      isVerbatimIn(lastText, hook, language) || containedIn(hook, tokenSet(lastText, language), language) >= 0.5;
    if (!f.cliffhanger)
      issues.push({
        measure: 'cliffhanger',
        level: 'warn',
        ...at(last.number),
        message: m.hookNotStaged(excerpt(hook, 40)),
      });
  }

  // events the episode was meant to stage
  if (ctx.events?.length) {
    const pools = episode.scenes.map((s) => tokenSet(sceneText(s), language));
    for (const event of ctx.events) {
      const best = Math.max(0, ...pools.map((p) => containedIn(event, p, language)));
      if (best < 0.4 && tokenSet(event, language).size >= MIN_TOKENS[language])
        issues.push({ measure: 'coverage', level: 'warn', ...at(), message: m.eventMissing(excerpt(event, 40)) });
    }
  }
  return f;
}

/** The issues of one episode (see inspectEpisode for the figures behind them). */
export const checkEpisode = (episode: Episode, ctx: EpisodeCheckContext): QualityIssue[] =>
  inspectEpisode(episode, ctx).issues;
