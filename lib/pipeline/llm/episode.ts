// One episode, start to finish: written from its beat sheet, its 卡点 asked for alone when
// missing, checked, and — with review on — judged by the critic and rewritten at most once.
// What stays wrong is reported in the warnings (saved with the episode's checkpoint).
import { episodeText } from '../export/txt';
import type { Episode } from '../schema';
import type { Bible } from './bible';
import type { Event } from './notes';
import { type CheckContext, checkEpisodeLocal, type Issue, invented } from './review';
import type { Run } from './run';
import { Critique } from './schemas';
import { askEpisode, askHook, type EpisodeJob, episodeInput, renderSheet, toEpisode } from './write';

async function critic(
  run: Run,
  ep: Episode,
  job: EpisodeJob,
  issues: Issue[],
  meter: import('../../llm/usage').UsageMeter,
) {
  return run.slots.run(2, () =>
    run.session.ask(
      {
        step: 'critic',
        ...run.prompts.critic({
          number: ep.number,
          sheet: renderSheet(job.sheet),
          episode: episodeText(ep, run.output),
          found: issues.map((i) => i.message).join('\n'),
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

export async function makeEpisode(
  run: Run,
  job: EpisodeJob,
  byId: ReadonlyMap<string, Event>,
  bible: Bible,
  meter: import('../../llm/usage').UsageMeter,
  inSource: (name: string) => boolean,
): Promise<Episode> {
  const n = job.sheet.number;
  const { input, output } = episodeInput(run, job, byId, bible);
  const priority = n === 1 ? 1 : 3;
  const draft = await askEpisode(run, job, run.prompts.episode(input), output, bible, meter, priority);
  const hook = draft.hook || (await askHook(run, job, draft.scenes, meter));
  let ep = toEpisode(job, draft, hook, bible);
  const ctx: CheckContext = {
    language: run.output,
    target: run.episodeLength,
    events: job.sheet.events.map((id) => byId.get(id)).filter((e): e is Event => !!e),
    bible,
    inSource,
  };
  let issues = checkEpisodeLocal(ep, ctx);
  if (run.review) {
    const rm = meter.scope('review');
    const verdict = await critic(run, ep, job, issues, rm);
    const weak = Object.values(verdict.scores).some((s) => s <= 2);
    if (issues.length || weak || verdict.fixes.length) {
      const fixes = [...issues.map((i) => i.message), ...verdict.fixes].join('\n');
      const prompt = run.prompts.episode({ ...input, draft: episodeText(ep, run.output), fixes });
      const again = await askEpisode(run, job, prompt, output, bible, rm, 2);
      const redone = toEpisode(job, again, again.hook || hook, bible);
      const left = checkEpisodeLocal(redone, ctx);
      if (left.length <= issues.length) {
        ep = redone;
        issues = left;
      }
    }
  }
  for (const i of issues) {
    if (i.code === 'hook') run.warn('hookMissing', n);
    else if (i.code === 'invented_speaker')
      run.warn('inventedSpeaker', n, invented(ep, ctx).join(run.output === 'zh' ? '、' : ', '));
    else run.warn('issue', n, i.message);
  }
  return ep;
}
