// Reads an uploaded .txt: UTF-16 with a BOM; UTF-8 when the bytes are valid UTF-8 (with or
// without BOM); else the better reading of GB18030 (a superset of GBK and GB2312, what most
// simplified-Chinese .txt novels use) and Big5 (traditional Chinese, Taiwan and Hong Kong). Both
// decoders accept nearly any byte pairs, so the choice is by how much of each reading is common
// Chinese: the wrong one turns a novel into rare characters and replacement marks.
export type NovelEncoding = 'UTF-8' | 'UTF-16' | 'GB18030' | 'Big5';

/** Frequent characters in both scripts (simplified and traditional forms, and the shared ones). */
const COMMON = new Set(
  Array.from(
    '的一是不了人我在有他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自之年过過发發后後作里裡' +
      '用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想' +
      '实實日者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由问問很最重并並物手应應向头頭' +
      '文体體见見被什二等新己制身果加西月话話合回代内內信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員水名真论論处處' +
      '走各入几幾口认認条條平气氣题題活更别別打女变變四神总總何电電数數安少报報才结結反受目太量再感建做接必场場件管期直命山金指' +
      '许許统統区區保至队隊形社便空决決治展马馬科书書非则則听聽白却卻界达達光放强強即像难難且思王完设設色路记記南品住告类類求据據' +
      '程北边邊死张張该該交万萬取拉格望觉覺领領共确確传傳师師观觀清今切让讓识識候带帶争爭运運笑飞飛风風步改收根干造言联聯持组組' +
      '每车車亲親极極林服快办辦议議往元英士证證近失转轉夫令准准布始怎呢存未远遠叫台单單影具字爱愛击擊流备備兵连連调調深商算质質' +
      '团團集百需价價花华華城石级級整府离離请請际際约約示复復病息究线線似官火断斷精满滿支视視消越器容照须須九增写寫称稱八功吗嗎' +
      '包片史委乎查轻輕易早曾除农農找装裝广廣显顯吧阿李标標谈談吃图圖念六引历歷首医醫局突专專费費号號尽盡另周较較注语語仅僅考落' +
      '青随隨选選列武红紅响響虽雖推势勢参參希古众眾构構房半节節土投某案黑维維革划劃敢，。！？、：；“”「」『』（）……',
  ),
);

function commonShare(text: string): number {
  let common = 0;
  let counted = 0;
  for (const ch of text) {
    if (ch <= '\u007f') continue;
    counted++;
    if (ch === '\ufffd') common -= 4;
    else if (COMMON.has(ch)) common++;
  }
  return counted === 0 ? 0 : common / counted;
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
    // a tie (a text too short to tell) stays GB18030, the more common encoding of .txt novels
    return commonShare(big5) > commonShare(gb) ? { text: big5, encoding: 'Big5' } : { text: gb, encoding: 'GB18030' };
  }
}
