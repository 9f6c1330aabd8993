import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Language } from '../schema';
import { prepareText } from '../text/prepare';
import { findCharacters } from './characters';
import { extractDialogueWith } from './dialogue';
import { novelMatcher } from './names';
import { withNarrator } from './narrator';
import { type SpeakerLabel, scoreSample } from './speaker-sample';
import { ALICE, AQ } from './test-support';

const labels = (file: string) =>
  (
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../../tests/fixtures/${file}`, import.meta.url)), 'utf8')) as {
      lines: SpeakerLabel[];
    }
  ).lines;

/** The sample scored against the beats the engine reads, with the engine's cast and matcher. */
function score(text: string, language: Language, sample: SpeakerLabel[]) {
  const prepared = prepareText(text, { language });
  const cast = withNarrator(findCharacters(prepared.chapters, language), prepared, language);
  const whole = prepared.chapters.map((c) => c.text).join('\n');
  const matcher = novelMatcher(cast, whole, language, prepared.narrator?.name);
  return scoreSample(sample, (n) => {
    const chapter = prepared.chapters.find((c) => c.number === n);
    return chapter ? extractDialogueWith(chapter.text, language, matcher).beats : [];
  });
}

// Alice: 330 lines of chapters III, VII, VIII, IX and XI, the bar (≥ 90 % named, ≤ 5 %
// wrong). 阿Q正传: a smaller sample (68 lines of chapters 三, 四, 五, 七) with a looser bar for wrong
// speakers, since one miss there is 1.5 %.
describe.each([
  ['Alice', ALICE, 'en', 'alice-speakers.json', 300, 0.05],
  ['阿Q正传', AQ, 'zh', 'aq-speakers.json', 60, 0.08],
] as const)('speaker attribution on the hand-labelled %s sample', (_, text, language, file, size, maxWrong) => {
  const sample = labels(file);
  const s = score(text(), language, sample);

  it(`labels at least ${size} spoken lines, and finds nearly all of them in the extracted dialogue`, () => {
    expect(sample.length).toBeGreaterThanOrEqual(size);
    expect(s.matched / s.labels).toBeGreaterThanOrEqual(0.95);
  });

  it('attributes at least 90 % of the labelled lines to a speaker', () => {
    expect(s.attributed / s.matched).toBeGreaterThanOrEqual(0.9);
  });

  it(`names the wrong speaker for at most ${maxWrong * 100} % of them`, () => {
    expect(s.wrong / s.matched, JSON.stringify(s.misses, null, 1)).toBeLessThanOrEqual(maxWrong);
  });
});
