// One episode, start to finish: written from its beat sheet, its 卡点 asked for alone when
// missing, checked, and — with review on — judged by the critic and rewritten at most once (the
// rewrite is kept only when it has no more faults). What stays wrong is reported in the warnings
// (saved with the episode's checkpoint).
import type { UsageMeter } from '../../llm/usage';
import { episodeText } from '../export/txt';
import type { LengthRange } from '../length';
import type { SourceIndex } from '../quality';
import type { Episode } from '../schema';
import type { Bible } from './bible';
import type { Event } from './notes';
import { invented, reviewEpisode } from './review';
import type { Run } from './run';
import { Critique } from './schemas';
import { askEpisode, askHook, type EpisodeJob, episodeInput, renderSheet, toEpisode } from './write';

export interface EpisodeContext {
  byId: ReadonlyMap<string, Event>;
  bible: Bible;
  index: SourceIndex | undefined;
  range: LengthRange;
  inSource(name: string): boolean;
}

async function critic(run: Run, ep: Episode, job: EpisodeJob, found: string, meter: UsageMeter) {
  return run.slots.run(2, () =>
    run.session.ask(
      {
        step: 'critic',
        ...run.prompts.critic({
          number: ep.number,
          sheet: renderSheet(job.sheet),
          episode: episodeText(ep, run.output),
          found,
        }),
        format: { kind: 'json', schema: Critique },
        maxRepairs: 1,
        maxTokens: 600,
        temperature: 0.2,
      },
      meter,
    ),
  );
}

export async function makeEpisode(run: Run, job: EpisodeJob, c: EpisodeContext, meter: UsageMeter): Promise<Episode> {
  const n = job.sheet.number;
  const { input, output } = episodeInput(run, job, c.byId, c.bible);
  const priority = n === 1 ? 1 : 3;
  const draft = await askEpisode(run, job, run.prompts.episode(input), output, c.bible, meter, priority);
  const hook = draft.hook || (await askHook(run, job, draft.scenes, meter));
  let ep = toEpisode(job, draft, hook, c.bible);
  const events = job.sheet.events.map((id) => c.byId.get(id)?.text).filter((t): t is string => !!t);
  const ctx = { language: run.output, bible: c.bible, source: c.index, range: c.range, events };
  let review = reviewEpisode(ep, ctx);
  if (run.review) {
    const rm = meter.scope('review');
    const verdict = await critic(run, ep, job, review.faults.map((f) => f.message).join('\n'), rm);
    const weak = Object.values(verdict.scores).some((s) => s <= 2);
    if (review.faults.length || weak || verdict.fixes.length) {
      const fixes = [...new Set([...review.faults.map((f) => f.message), ...verdict.fixes])].join('\n');
      const prompt = run.prompts.episode({ ...input, draft: episodeText(ep, run.output), fixes });
      const again = await askEpisode(run, job, prompt, output, c.bible, rm, 2);
      const redone = toEpisode(job, again, again.hook || hook, c.bible);
      const after = reviewEpisode(redone, ctx);
      if (after.faults.length <= review.faults.length) {
        ep = redone;
        review = after;
      }
    }
  }
  const zh = run.output === 'zh';
  const said = new Set<string>();
  for (const f of review.faults) {
    if (f.measure === 'cliffhanger') run.warn('hookMissing', n);
    else if (f.measure === 'invented_speakers') {
      const who = invented(ep, c.bible, c.inSource);
      if (who.length) run.warn('inventedSpeaker', n, who.join(zh ? '、' : ', '));
    } else if (f.measure === 'coverage') {
      if (!said.has('coverage')) run.warn('eventsMissing', n, review.missedEvents, events.length);
      said.add('coverage');
    } else run.warn('issue', n, f.message);
  }
  return ep;
}
