import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareText } from '../text/prepare';
import { findCharacters } from './characters';
import { extractDialogueWith } from './dialogue';
import { buildMatcher } from './names';
import { withNarrator } from './narrator';
import { type SpeakerLabel, scoreSample } from './speaker-sample';
import { ALICE } from './test-support';

const sample = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../tests/fixtures/alice-speakers.json', import.meta.url)), 'utf8'),
) as { lines: SpeakerLabel[] };

describe('speaker attribution on the hand-labelled Alice sample', () => {
  const prepared = prepareText(ALICE(), { language: 'en' });
  const cast = withNarrator(findCharacters(prepared.chapters, 'en'), prepared, 'en');
  const matcher = buildMatcher(cast, 'en', prepared.narrator?.name);
  const beatsOf = (n: number) => {
    const chapter = prepared.chapters.find((c) => c.number === n);
    return chapter ? extractDialogueWith(chapter.text, 'en', matcher).beats : [];
  };
  const score = scoreSample(sample.lines, beatsOf);

  it('labels at least 300 spoken lines, and finds nearly all of them in the extracted dialogue', () => {
    expect(sample.lines.length).toBeGreaterThanOrEqual(300);
    expect(score.matched / score.labels).toBeGreaterThanOrEqual(0.95);
  });

  it('attributes at least 90 % of the labelled lines to a speaker', () => {
    expect(score.attributed / score.matched).toBeGreaterThanOrEqual(0.9);
  });

  it('names the wrong speaker for at most 5 % of them', () => {
    expect(score.wrong / score.matched, JSON.stringify(score.misses, null, 1)).toBeLessThanOrEqual(0.05);
  });
});
