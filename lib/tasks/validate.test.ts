import { describe, expect, it } from 'vitest';
import { countChars, validateNovel } from './validate';

describe('countChars', () => {
  it('counts code points: an emoji is one character, a lone surrogate one, NUL one', () => {
    expect(countChars('阿Q')).toBe(2);
    expect(countChars('😀😀')).toBe(2);
    expect(countChars('a\uD83Db')).toBe(3); // lone high surrogate
    expect(countChars('a\uDE00b')).toBe(3); // lone low surrogate
    expect(countChars('\uD83D')).toBe(1); // at the very end
    expect(countChars('a\u0000b')).toBe(3);
    expect(countChars('xxxxx😀')).toBe(6);
  });
});

describe('validateNovel', () => {
  it('refuses NUL and unpaired surrogates, accepts emoji at the limit', () => {
    expect(() => validateNovel('a\u0000b', 10)).toThrow(/NUL/);
    expect(() => validateNovel('a\uD83D', 10)).toThrow(/surrogates/);
    expect(validateNovel(`${'字'.repeat(9)}😀`, 10)).toEqual({ length: 10 });
    expect(() => validateNovel(`${'字'.repeat(10)}😀`, 10)).toThrow(/longer than 10/);
  });
});
