// Reads an uploaded .txt: UTF-16 by its BOM; UTF-8 when the bytes are valid UTF-8 (with or without
// BOM); else GB18030 (a superset of GBK and GB2312, what most Chinese novels downloaded as .txt
// use) or Big5 (Traditional Chinese, from Taiwan and Hong Kong). Both legacy encodings accept most
// byte sequences, so the one whose reading has more of the most common Chinese characters (in
// either script) wins; a tie stays GB18030.
export type NovelEncoding = 'UTF-8' | 'UTF-16' | 'GB18030' | 'Big5';

const COMMON = new Set(
  '的一是不了人我在有他这這中大来來上国國个個到说說们們为為子和你地出道也时時年得就那要下以生会會自着著去之过過家学學对對可她里裡后後小么麼心多天而能好都然没沒日于於起还還发發成事只作当當想看文无無开開手十用主行方又如前所本见見经經头頭面公同三已老从從动動两兩长長知民样樣现現分将將外但身些与與高意进進把法此实實回二理美点點月明其种種声聲全工己话話儿兒者向情部正名定女问問力机機给給等几幾很业業最间間新什打便位因重被走电電四第门門相次东東章笑',
);

function commonness(text: string): number {
  let score = 0;
  for (const ch of text) {
    if (COMMON.has(ch)) score++;
    else if (ch === '\uFFFD') score -= 5;
  }
  return score;
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
    return commonness(big5) > commonness(gb) ? { text: big5, encoding: 'Big5' } : { text: gb, encoding: 'GB18030' };
  }
}
