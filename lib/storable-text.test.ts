import { describe, expect, it } from 'vitest';
import { cleanText, isStorable, StreamCleaner, sliceCodePoints } from './storable-text';

describe('storable text', () => {
  it('finds NUL and unpaired surrogates, and accepts emoji', () => {
    expect(isStorable('a😀b')).toBe(true);
    expect(isStorable('a\u0000b')).toBe(false);
    expect(isStorable('a\ud800b')).toBe(false);
    expect(isStorable('a\udc00')).toBe(false);
  });

  it('cleans NUL away and replaces lone surrogates', () => {
    expect(cleanText('a\u0000b\ud800c😀')).toBe('ab\ufffdc😀');
    expect(isStorable(cleanText('\udfff\u0000\ud83d'))).toBe(true);
  });

  it('a stream keeps an emoji split across two pieces, and cleans the rest', () => {
    const c = new StreamCleaner();
    const pieces = ['ab\ud83d', '\ude00c\u0000', '\udc00d\ud83d'].map((p) => c.push(p));
    expect(pieces).toEqual(['ab', '😀c', '\ufffdd']);
    expect(c.end()).toBe('\ufffd');
  });

  it('cuts by code points, keeping an emoji at the cut whole', () => {
    const title = `${'x'.repeat(79)}😀tail`;
    expect(sliceCodePoints(title, 80)).toBe(`${'x'.repeat(79)}😀`);
    expect(sliceCodePoints(title, 79)).toBe('x'.repeat(79));
    expect(sliceCodePoints('😀😀😀', 2)).toBe('😀😀');
    expect(sliceCodePoints('a\ud800b', 2)).toBe('a\ud800');
    expect(sliceCodePoints('short', 80)).toBe('short');
  });
});
