import { describe, expect, it } from 'vitest';
import { decodeNovel } from './decode';

/** Bytes of `text` in a legacy double-byte encoding, from the decoder's own table (Node has no encoder). */
function encodeLegacy(label: 'big5' | 'gb18030', text: string): Uint8Array {
  const decoder = new TextDecoder(label);
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  const out: number[] = [];
  for (const ch of text) {
    if (ch <= '\u007f') out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`${label} cannot encode ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

const TRADITIONAL =
  '第一章　序\n我要給阿Q做正傳，已經不止一兩年了。但一面要做，一面又往回想，這足見我不是一個「立言」的人。';
const SIMPLIFIED =
  '第一章　序\n我要给阿Q做正传，已经不止一两年了。但一面要做，一面又往回想，这足见我不是一个“立言”的人。';

describe('decodeNovel', () => {
  it('reads UTF-8, with or without BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF阿Q正传');
    expect(decodeNovel(bytes)).toEqual({ text: '阿Q正传', encoding: 'UTF-8' });
  });

  it('falls back to GB18030 for GBK bytes', () => {
    // 阿Q in GBK: B0 A2 51
    expect(decodeNovel(new Uint8Array([0xb0, 0xa2, 0x51]))).toEqual({ text: '阿Q', encoding: 'GB18030' });
    expect(decodeNovel(encodeLegacy('gb18030', SIMPLIFIED))).toEqual({ text: SIMPLIFIED, encoding: 'GB18030' });
  });

  it('reads Big5 (traditional Chinese) and tells it from GB18030', () => {
    const bytes = encodeLegacy('big5', TRADITIONAL);
    // the same bytes read as GB18030 are valid but garbled: the wrong reading must lose
    expect(new TextDecoder('gb18030').decode(bytes)).not.toBe(TRADITIONAL);
    expect(decodeNovel(bytes)).toEqual({ text: TRADITIONAL, encoding: 'Big5' });
  });

  it('reads UTF-16 with a BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x3f, 0x96, 0x51, 0x00]);
    expect(decodeNovel(le)).toEqual({ text: '阿Q', encoding: 'UTF-16' });
  });
});

describe('decodeNovel with Big5', () => {
  // 第一章 阿Q正傳 / 阿Q說：“我們先前比你闊多啦！”趙太爺罵道：“你也配姓趙！”他們都笑了。 in Big5
  const big5 = new Uint8Array([
    178, 196, 164, 64, 179, 185, 32, 170, 252, 81, 165, 191, 182, 199, 10, 170, 252, 81, 187, 161, 161, 71, 161, 167,
    167, 218, 173, 204, 165, 253, 171, 101, 164, 241, 167, 65, 193, 239, 166, 104, 176, 213, 161, 73, 161, 168, 187,
    175, 164, 211, 183, 221, 189, 124, 185, 68, 161, 71, 161, 167, 167, 65, 164, 93, 176, 116, 169, 109, 187, 175, 161,
    73, 161, 168, 165, 76, 173, 204, 179, 163, 175, 186, 164, 70, 161, 67,
  ]);

  it('reads Traditional Chinese in Big5', () => {
    expect(decodeNovel(big5)).toEqual({
      text: '第一章 阿Q正傳\n阿Q說：“我們先前比你闊多啦！”趙太爺罵道：“你也配姓趙！”他們都笑了。',
      encoding: 'Big5',
    });
  });

  it('keeps GB18030 for Simplified Chinese that Big5 would also accept', () => {
    const gbk = new Uint8Array([0xb5, 0xda, 0xd2, 0xbb, 0xd5, 0xc2, 0x20, 0xcb, 0xfb, 0xc3, 0xc7, 0xcb, 0xb5]);
    expect(decodeNovel(gbk)).toEqual({ text: '第一章 他们说', encoding: 'GB18030' });
  });
});
