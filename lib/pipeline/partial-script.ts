// The script as far as it is written, from a task's checkpoints, for both engines: the finished
// episodes and, for the LLM engine, the finished scenes of an episode still streaming, in order.
// Pure: lib/tasks reads the rows, the task page and GET /api/tasks/{id}/partial show the result.
import { z } from 'zod';
import { parseEpisodeKey } from './checkpoint-keys';
import { Episode, Scene } from './schema';

export interface PartialScriptEpisode {
  number: number;
  title: string;
  /** Known once the episode is finished; empty while it streams. */
  summary: string;
  hook: string;
  scenes: Scene[];
  /** False while the episode is still being written. */
  complete: boolean;
}

const LlmFinished = z.object({ value: Episode });
const LlmStreaming = z.object({
  partial: z.object({ number: z.number().int().positive(), title: z.string(), scenes: z.array(Scene) }),
});

function fromRow(key: string, value: unknown): PartialScriptEpisode | null {
  const at = parseEpisodeKey(key);
  if (!at) return null;
  const finished =
    (at.engine === 'llm' ? LlmFinished.safeParse(value).data?.value : Episode.safeParse(value).data) ?? null;
  if (finished) {
    if (finished.number !== at.number) return null; // stored under another episode's key: not this one
    const { number, title, summary, hook, scenes } = finished;
    return { number, title, summary, hook, scenes, complete: true };
  }
  const streaming = at.engine === 'llm' ? LlmStreaming.safeParse(value).data?.partial : undefined;
  if (!streaming || streaming.number !== at.number) return null;
  return { ...streaming, summary: '', hook: '', complete: false };
}

/** Checkpoint rows (key, value) of one task → its episodes so far, sorted by number. */
export function partialEpisodes(rows: readonly { key: string; value: unknown }[]): PartialScriptEpisode[] {
  const byNumber = new Map<number, PartialScriptEpisode>();
  for (const { key, value } of rows) {
    const ep = fromRow(key, value);
    if (!ep) continue;
    const seen = byNumber.get(ep.number);
    if (!seen || (ep.complete && !seen.complete)) byNumber.set(ep.number, ep);
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}
