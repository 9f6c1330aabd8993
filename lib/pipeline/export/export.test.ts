import { Fountain } from 'fountain-js';
import { describe, expect, it } from 'vitest';
import { parseEpisodeText } from '../llm/episode-text';
import { createOfflineGenerator } from '../offline';
import { ALICE, AQ, fakeContext } from '../offline/test-support';
import type { ScriptResult } from '../schema';
import { contentDisposition, exportFilename, renderExport } from '.';
import { actionLine } from './fountain';
import { episodeText } from './txt';

async function offline(title: string, text: string, episodes: number): Promise<ScriptResult> {
  return createOfflineGenerator().generate(
    { title, text },
    { language: title === 'Alice' ? 'en' : 'zh', episodes },
    fakeContext(),
  );
}

const count = (r: ScriptResult) => {
  const lines = r.episodes.flatMap((e) => e.scenes.flatMap((s) => s.lines));
  return {
    scenes: r.episodes.reduce((n, e) => n + e.scenes.length, 0),
    cues: lines.filter((l) => l.type === 'dialogue' || l.type === 'os' || l.type === 'vo').length,
  };
};

describe.each([
  ['阿Q正传', AQ, 10],
  ['Alice', ALICE, 8],
])('exports of %s (offline engine)', (title, text, episodes) => {
  it('fountain parses back with fountain-js into the same scenes, cues and dialogue lines', async () => {
    const r = await offline(title, text(), episodes);
    const { body } = renderExport(r, 'fountain');
    const tokens = new Fountain().parse(body, true).tokens;
    const want = count(r);
    expect(want.scenes).toBeGreaterThan(episodes * 2);
    expect(want.cues).toBeGreaterThan(20);
    expect(tokens.filter((t) => t.type === 'scene_heading')).toHaveLength(want.scenes);
    expect(tokens.filter((t) => t.type === 'character')).toHaveLength(want.cues);
    expect(tokens.filter((t) => t.type === 'dialogue')).toHaveLength(want.cues);
    const heading = tokens.find((t) => t.type === 'scene_heading');
    expect(heading?.text).toContain(r.episodes[0]?.scenes[0]?.location ?? '?');
  });

  it('txt uses the 短剧 layout and reads back into the same scenes and lines', async () => {
    const r = await offline(title, text(), episodes);
    const { body } = renderExport(r, 'txt');
    const zh = r.language === 'zh';
    expect(body).toContain(zh ? '第1集' : 'Episode 1:');
    expect(body).toMatch(zh ? /场1-1 .+ [日夜] [内外]/ : /Scene 1-1 (INT|EXT)\. .+ - (DAY|NIGHT)/);
    expect(body).toContain(zh ? '人物：' : 'Characters: ');
    expect(body).toContain('△');
    expect(body).toContain(zh ? `（第${episodes}集完）` : `(End of episode ${episodes})`);
    for (const e of r.episodes) {
      const back = parseEpisodeText(episodeText(e, r.language), r.language);
      expect(back.complete).toBe(true);
      expect(back.scenes.map((s) => [s.location, s.time, s.interior, s.lines.length])).toEqual(
        e.scenes.map((s) => [s.location, s.time, s.interior, s.lines.length]),
      );
      expect(back.scenes.flatMap((s) => s.lines.map((l) => l.type))).toEqual(
        e.scenes.flatMap((s) => s.lines.map((l) => l.type)),
      );
    }
  });

  it('md and json carry the whole script', async () => {
    const r = await offline(title, text(), episodes);
    const md = renderExport(r, 'md');
    expect(md.contentType).toContain('text/markdown');
    expect(md.body.match(/^### /gm)).toHaveLength(count(r).scenes);
    const json = renderExport(r, 'json');
    expect(JSON.parse(json.body)).toEqual(r);
    expect(json.filename).toBe(`${title}.json`);
  });
});

describe('fountain forcing', () => {
  it('forces action that a parser would misread and leaves ordinary English alone', () => {
    expect(actionLine('阿Q走进酒店。')).toBe('!阿Q走进酒店。');
    expect(actionLine('INT. HOUSE')).toBe('!INT. HOUSE');
    expect(actionLine('Alice opened the door.')).toBe('Alice opened the door.');
    expect(actionLine('.hidden start')).toBe('!.hidden start');
  });
});

describe('file names', () => {
  it('keeps CJK titles, drops path characters and encodes the header', () => {
    expect(exportFilename('阿Q/正传: 第一部', 'txt')).toBe('阿Q 正传 第一部.txt');
    expect(exportFilename('  ', 'md')).toBe('script.md');
    const header = contentDisposition('阿Q正传.txt');
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent('阿Q正传.txt')}`);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"/);
  });

  it('cuts a long title at 80 characters without splitting an emoji at the cut', () => {
    const title = `${'剧'.repeat(79)}😀${'尾'.repeat(10)}`; // the emoji's halves are the 80th and 81st units
    const name = exportFilename(title, 'txt');
    expect(name).toBe(`${'剧'.repeat(79)}😀.txt`);
    const header = contentDisposition(name);
    expect(decodeURIComponent(header.split("UTF-8''")[1] ?? '')).toBe(name);
    // a title that already holds a lone surrogate (an old row) still gives a header
    expect(() => contentDisposition(exportFilename('a\ud800b', 'md'))).not.toThrow();
  });
});
