// Reads an uploaded .txt: UTF-8 when the bytes are valid UTF-8 (with or without BOM), else
// GB18030 (a superset of GBK and GB2312, what most Chinese novels downloaded as .txt use).
export type NovelEncoding = 'UTF-8' | 'UTF-16' | 'GB18030';

export function decodeNovel(bytes: Uint8Array): { text: string; encoding: NovelEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  try {
    // ignoreBOM: false (the default) drops a UTF-8 BOM.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}
