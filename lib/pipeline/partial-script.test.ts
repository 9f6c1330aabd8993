import { describe, expect, it } from 'vitest';
import { EPISODE_KEY_PREFIXES, episodeKey, parseEpisodeKey } from './checkpoint-keys';
import { createOfflineGenerator } from './offline';
import { fakeContext } from './offline/test-support';
import { partialEpisodes } from './partial-script';
import type { Episode, Scene } from './schema';

const scene = (n: number, text: string): Scene => ({
  number: n,
  location: '未庄',
  time: '日',
  interior: '外',
  characters: ['阿Q'],
  lines: [{ type: 'action', text }],
});
const episode = (number: number, title: string): Episode => ({
  number,
  title,
  summary: `第${number}集梗概`,
  hook: '卡点',
  chapters: [1],
  scenes: [scene(1, '△ 阿Q走来。')],
});
const usage = { calls: 1, prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1, reasoning_tokens: 0, cost_usd: 0 };

describe('checkpoint keys', () => {
  it('keeps the stored formats', () => {
    expect(episodeKey('llm', 3)).toBe('llm:episode:3');
    expect(episodeKey('offline', 12)).toBe('offline:episode:12');
    expect(parseEpisodeKey('llm:episode:3')).toEqual({ engine: 'llm', number: 3 });
    expect(parseEpisodeKey('offline:episode:12')).toEqual({ engine: 'offline', number: 12 });
    for (const other of ['llm:bible', 'llm:outline:10', 'llm:chunk:ab12', 'offline:episode:', 'llm:episode:01', 'x'])
      expect(parseEpisodeKey(other)).toBeNull();
    expect(
      EPISODE_KEY_PREFIXES.every((p) => episodeKey('llm', 1).startsWith(p) || episodeKey('offline', 1).startsWith(p)),
    ).toBe(true);
  });
});

describe('partialEpisodes', () => {
  it('orders finished LLM episodes, a streaming one and offline episodes; ignores other pieces', () => {
    const rows = [
      { key: 'llm:episode:2', value: { partial: { number: 2, title: '第二集 😀', scenes: [scene(1, '半句\u0000')] } } },
      { key: 'llm:episode:1', value: { value: episode(1, '第一集'), usage } },
      { key: 'llm:bible', value: { value: { characters: [] }, usage } },
      { key: 'offline:episode:3', value: episode(3, 'Three') },
    ];
    const eps = partialEpisodes(rows);
    expect(eps.map((e) => [e.number, e.title, e.complete])).toEqual([
      [1, '第一集', true],
      [2, '第二集 😀', false],
      [3, 'Three', true],
    ]);
    expect(eps[0]).toMatchObject({ summary: '第1集梗概', hook: '卡点' });
    expect(eps[1]).toMatchObject({ summary: '', hook: '', scenes: [scene(1, '半句\u0000')] });
  });

  it('drops a value stored under another episode number and anything malformed', () => {
    const eps = partialEpisodes([
      { key: 'offline:episode:4', value: episode(5, 'wrong slot') },
      { key: 'llm:episode:6', value: { partial: { number: 7, title: 'x', scenes: [] } } },
      { key: 'llm:episode:8', value: { value: { number: 8 } } },
      { key: 'llm:episode:9', value: null },
    ]);
    expect(eps).toEqual([]);
  });

  it('reads back every episode the offline engine checkpoints', async () => {
    const ctx = fakeContext();
    const result = await createOfflineGenerator().generate(
      { title: '阿Q', text: '第一章\n阿Q说：“我们先前比你阔多啦！”\n\n第二章\n赵太爷骂道：“你也配姓赵！”' },
      { language: 'zh', episodes: 2 },
      ctx,
    );
    const eps = partialEpisodes([...ctx.store].map(([key, value]) => ({ key, value })));
    expect(eps.map((e) => [e.number, e.title, e.complete])).toEqual(
      result.episodes.map((e) => [e.number, e.title, true]),
    );
  });
});
