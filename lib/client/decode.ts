// Reads an uploaded .txt: UTF-8 when the bytes are valid UTF-8 (with or without BOM), UTF-16 with
// a BOM, else GB18030 (a superset of GBK and GB2312, what most Chinese novels downloaded as .txt
// use) or Big5 (traditional Chinese), whichever reads as ordinary Chinese. The dashboard's upload
// and the CLI both read files through this.
export type NovelEncoding = 'UTF-8' | 'UTF-16' | 'GB18030' | 'Big5';

/** Characters frequent in any Chinese prose, in simplified and traditional forms. A wrong legacy
 * decoding produces rare characters instead, so their share tells GB18030 from Big5. */
const COMMON = new Set(
  '的一是不了人我在有他她这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自之年过過发發后後作里裡么麼去家道看天还還好起只心样樣没沒，。：「」“”？！',
);

function commonShare(text: string): number {
  let n = 0;
  let total = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') return -1; // not this encoding at all
    if (ch.charCodeAt(0) < 0x80) continue;
    total++;
    if (COMMON.has(ch)) n++;
  }
  return total === 0 ? 0 : n / total;
}

export function decodeNovel(bytes: Uint8Array): { text: string; encoding: NovelEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  try {
    // ignoreBOM: false (the default) drops a UTF-8 BOM.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    const gb = new TextDecoder('gb18030').decode(bytes);
    const big5 = new TextDecoder('big5').decode(bytes);
    return commonShare(big5) > commonShare(gb) ? { text: big5, encoding: 'Big5' } : { text: gb, encoding: 'GB18030' };
  }
}
