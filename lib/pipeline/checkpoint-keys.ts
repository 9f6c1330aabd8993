// Checkpoint keys of both engines: the one place that knows their format. Stored keys never
// change meaning (a re-run resumes from what an older version saved):
//   llm:<piece>          { value, usage } — a finished piece (chunk summary, bible, outline, episode)
//   llm:episode:N        { partial: { number, title, scenes } } while episode N still streams
//   offline:episode:N    the finished Episode itself

export const LLM_CHECKPOINT_PREFIX = 'llm:';
export const OFFLINE_EPISODE_PREFIX = 'offline:episode:';
const LLM_EPISODE_PREFIX = `${LLM_CHECKPOINT_PREFIX}episode:`;

/** The prefixes under which episodes are stored, for a read that wants only those rows. */
export const EPISODE_KEY_PREFIXES: readonly string[] = [LLM_EPISODE_PREFIX, OFFLINE_EPISODE_PREFIX];

export type EngineName = 'llm' | 'offline';

export function episodeKey(engine: EngineName, number: number): string {
  return `${engine === 'llm' ? LLM_EPISODE_PREFIX : OFFLINE_EPISODE_PREFIX}${number}`;
}

const EPISODE_KEY = /^(llm|offline):episode:([1-9]\d{0,5})$/;

/** Which engine's episode a key holds, and its number; null for any other key. */
export function parseEpisodeKey(key: string): { engine: EngineName; number: number } | null {
  const m = EPISODE_KEY.exec(key);
  return m ? { engine: m[1] as EngineName, number: Number(m[2]) } : null;
}
