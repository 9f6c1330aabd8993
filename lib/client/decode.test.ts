import { describe, expect, it } from 'vitest';
import { decodeNovel } from './decode';

describe('decodeNovel', () => {
  it('reads UTF-8, with or without BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF阿Q正传');
    expect(decodeNovel(bytes)).toEqual({ text: '阿Q正传', encoding: 'UTF-8' });
  });

  it('falls back to GB18030 for GBK bytes', () => {
    // 阿Q in GBK: B0 A2 51
    expect(decodeNovel(new Uint8Array([0xb0, 0xa2, 0x51]))).toEqual({ text: '阿Q', encoding: 'GB18030' });
  });
});
