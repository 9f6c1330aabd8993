// The script as far as it is written, for the task page while a task runs: finished episodes and
// the finished scenes of episodes still streaming, read from the task's checkpoints.
import { z } from 'zod';
import { Episode, Scene } from '../schema';
import { CHECKPOINT_PREFIX } from './store';

const EPISODE_KEY = new RegExp(`^${CHECKPOINT_PREFIX}episode:(\\d+)$`);

const Partial = z.object({
  partial: z.object({ number: z.number().int().positive(), title: z.string(), scenes: z.array(Scene) }),
});

export interface PartialEpisode {
  number: number;
  title: string;
  scenes: Scene[];
  /** False while the episode is still being written. */
  complete: boolean;
}

/** Checkpoint rows (key, value) of one task → its episodes so far, in order. */
export function partialScript(entries: readonly { key: string; value: unknown }[]): PartialEpisode[] {
  const out: PartialEpisode[] = [];
  for (const { key, value } of entries) {
    if (!EPISODE_KEY.test(key)) continue;
    const done = Episode.safeParse((value as { value?: unknown } | null)?.value);
    if (done.success) {
      out.push({ number: done.data.number, title: done.data.title, scenes: done.data.scenes, complete: true });
      continue;
    }
    const p = Partial.safeParse(value);
    if (p.success) out.push({ ...p.data.partial, complete: false });
  }
  return out.sort((a, b) => a.number - b.number);
}
