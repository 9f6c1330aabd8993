import { describe, expect, it } from 'vitest';
import { decodeNovel } from './decode';

const hex = (h: string) => new Uint8Array(h.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? []);

describe('decodeNovel', () => {
  it('reads UTF-8, with or without BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF阿Q正传');
    expect(decodeNovel(bytes)).toEqual({ text: '阿Q正传', encoding: 'UTF-8' });
  });

  it('reads UTF-16 with its BOM, emoji included', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x3f, 0xd8, 0x00, 0xde, 0x3f, 0x96]); // 😀阿 … as UTF-16LE
    expect(decodeNovel(le).encoding).toBe('UTF-16');
  });

  it('falls back to GB18030 for GBK bytes', () => {
    // 阿Q in GBK: B0 A2 51
    expect(decodeNovel(new Uint8Array([0xb0, 0xa2, 0x51]))).toEqual({ text: '阿Q', encoding: 'GB18030' });
    // 他说：“这个人们” in GBK
    expect(decodeNovel(hex('cbfbcbb5a3baa1b0d5e2b8f6c8cbc3c7a1b1'))).toEqual({
      text: '他说：“这个人们”',
      encoding: 'GB18030',
    });
  });

  it('reads Big5 (traditional Chinese) when it reads as ordinary prose', () => {
    // 阿Q正傳，他說：「這個人們」 in Big5
    expect(decodeNovel(hex('aafc51a5bfb6c7a141a54cbba1a147a175b36fadd3a448adcca176'))).toEqual({
      text: '阿Q正傳，他說：「這個人們」',
      encoding: 'Big5',
    });
  });
});
