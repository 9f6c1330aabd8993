// The offline ScriptGenerator: deterministic, rule-based, no network. Stages and progress:
//   parse 1 → characters 5 → outline 15 → script 20..95 (one report per episode) → check 97 → 99.
// It never reports 100: the worker sets 100 when it stores the result, so "100" always means
// "saved". Each finished episode is checkpointed under `offline:episode:N`; a retry loads the
// saved ones and skips them (the engine is deterministic, so the result is the same).
import { OFFLINE_EPISODE_PREFIX } from '../checkpoint-keys';
import { Episode, emptyUsage, type Language, ScriptResult } from '../schema';
import { prepareText } from '../text/prepare';
import { clip, detectLanguage, splitSentences, stripMarkup } from '../text/text';
import { AbortedError, type GenerateContext, type GenerateOptions, type ScriptGenerator } from '../types';
import { findCharacters } from './characters';
import { checkScript, type DialogueCut, preparationWarnings } from './check';
import { type LayoutContext, layoutEpisodeWithReport } from './layout';
import { labels, type StageKey, stageMessage } from './messages';
import { novelMatcher } from './names';
import { withNarrator } from './narrator';
import { planEpisodes } from './plan';

export const OFFLINE_CHECKPOINT_PREFIX = OFFLINE_EPISODE_PREFIX;
const SCRIPT_FROM = 20;
const SCRIPT_TO = 95;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function loglineOf(
  protagonist: string | undefined,
  firstChapter: string,
  language: Language,
  output: Language,
): string {
  const sentences = splitSentences(stripMarkup(firstChapter), language).filter((s) => !/^[“「"‘]/.test(s));
  const summary = sentences.slice(0, 2).join(language === 'zh' ? '' : ' ');
  const short = clip(summary, language === 'zh' ? 100 : 240);
  return protagonist ? labels(output).logline(protagonist, short) : short;
}

export function createOfflineGenerator(): ScriptGenerator {
  return {
    name: 'offline',
    async generate(input, options: GenerateOptions, ctx: GenerateContext): Promise<ScriptResult> {
      const source = detectLanguage(input.text);
      const output: Language = options.language ?? source;
      let last = 0;
      const report = async (progress: number, key: StageKey, episode?: number) => {
        if (ctx.signal.aborted) throw new AbortedError();
        last = Math.max(last, Math.min(99, Math.floor(progress)));
        await ctx.reportProgress(last, { key, message: stageMessage(output, key, episode) });
        if (ctx.signal.aborted) throw new AbortedError();
      };

      await report(1, 'parse');
      const prepared = prepareText(input.text, { title: input.title, language: source });
      const chapters = prepared.chapters;

      await report(5, 'characters');
      const characters = withNarrator(findCharacters(chapters, source, output), prepared, output);

      await report(15, 'outline');
      const plans = planEpisodes(chapters, source, options.episodes);
      const layout: LayoutContext = {
        language: source,
        output,
        characters,
        matcher: novelMatcher(characters, chapters.map((c) => c.text).join('\n'), source, prepared.narrator?.name),
        episodeLength: options.episodeLength,
      };

      const episodes: Episode[] = [];
      const dropped: DialogueCut[] = [];
      for (const plan of plans) {
        await report(
          SCRIPT_FROM + ((SCRIPT_TO - SCRIPT_FROM) * (plan.number - 1)) / plans.length,
          'script',
          plan.number,
        );
        const key = `${OFFLINE_CHECKPOINT_PREFIX}${plan.number}`;
        const saved = Episode.safeParse(await ctx.checkpoint.load(key));
        // the layout is deterministic and cheap: a saved episode is used as saved, and laying it
        // out again only recovers what condensing it cost, for the warnings
        const laid = layoutEpisodeWithReport(plan, layout);
        if (laid.droppedDialogue + laid.shortenedDialogue > 0)
          dropped.push({ episode: plan.number, dropped: laid.droppedDialogue, shortened: laid.shortenedDialogue });
        if (saved.success && saved.data.number === plan.number) {
          episodes.push(saved.data);
          continue;
        }
        await ctx.checkpoint.save(key, laid.episode);
        episodes.push(laid.episode);
        await yieldToEventLoop();
      }

      await report(97, 'check');
      const warnings = [
        ...preparationWarnings(prepared, output, dropped),
        ...checkScript({
          output,
          chapters,
          characters,
          episodes,
          requestedEpisodes: options.episodes,
          repeated: plans.filter((p) => p.repeated).length,
          untranslated: source !== output,
        }),
      ];
      const result = ScriptResult.parse({
        title: input.title.trim() || chapters[0]?.title || (output === 'zh' ? '未命名' : 'Untitled'),
        logline: loglineOf(characters[0]?.name, chapters[0]?.text ?? '', source, output),
        language: output,
        characters: characters.map((c) => ({
          name: c.name,
          aliases: c.aliases,
          role: c.role,
          description: c.description,
        })),
        episodes,
        source: {
          chapters: chapters.map((c) => ({ number: c.number, title: c.title, chars: c.text.length })),
          characters_found: characters.length,
          total_chars: input.text.length,
          set_aside: prepared.setAside.map(({ kind, chars, excerpt }) => ({ kind, chars, excerpt })),
        },
        engine: { name: 'offline', model: null },
        usage: emptyUsage(),
        warnings,
      });
      await report(99, 'check');
      return result;
    },
  };
}
