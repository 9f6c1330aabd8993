// Scene headings from keywords: where (the most frequent place word), 日/夜, 内/外.
import type { Language } from '../schema';
import { escapeRegExp } from '../text/text';

interface Place {
  name: string;
  words: string[];
  interior: '内' | '外';
}

const ZH_PLACES: Place[] = [
  { name: '土谷祠', words: ['土谷祠'], interior: '内' },
  { name: '酒店', words: ['酒店', '酒馆', '咸亨'], interior: '内' },
  { name: '赵府', words: ['赵府', '赵家', '赵太爷家'], interior: '内' },
  { name: '钱府', words: ['钱府', '钱家'], interior: '内' },
  { name: '静修庵', words: ['静修庵', '尼庵', '庵'], interior: '内' },
  { name: '衙门', words: ['衙门', '大堂', '公堂'], interior: '内' },
  { name: '牢房', words: ['栅栏', '牢', '监狱'], interior: '内' },
  { name: '厨房', words: ['厨房', '灶下'], interior: '内' },
  { name: '法场', words: ['法场', '刑场'], interior: '外' },
  { name: '戏台', words: ['戏台', '赌摊'], interior: '外' },
  { name: '街上', words: ['街上', '街头', '大街', '路上', '路旁'], interior: '外' },
  { name: '城里', words: ['城里', '县城', '进城', '城内'], interior: '外' },
  { name: '河边', words: ['河边', '河岸', '船'], interior: '外' },
  { name: '田间', words: ['田里', '田间', '地里', '麦'], interior: '外' },
  { name: '院子', words: ['院子', '园里', '园子', '菜园'], interior: '外' },
  { name: '客厅', words: ['客厅', '堂屋', '大厅'], interior: '内' },
  { name: '卧室', words: ['卧室', '房间', '屋子', '屋里', '床上'], interior: '内' },
  { name: '学校', words: ['学校', '教室', '课堂'], interior: '内' },
  { name: '公司', words: ['公司', '办公室', '会议室'], interior: '内' },
  { name: '医院', words: ['医院', '病房'], interior: '内' },
  { name: '宫中', words: ['宫中', '皇宫', '大殿', '宫殿'], interior: '内' },
  { name: '山中', words: ['山上', '山中', '山脚', '树林', '林中'], interior: '外' },
  { name: '未庄', words: ['未庄'], interior: '外' },
  { name: '码头', words: ['码头', '渡口', '岸边', '石阶'], interior: '外' },
  { name: '祠堂', words: ['祠堂', '宗祠'], interior: '内' },
  { name: '船上', words: ['船舱', '船头', '船尾', '船上'], interior: '外' },
  { name: '老屋', words: ['老屋', '旧屋', '家里', '家中'], interior: '内' },
  { name: '车站', words: ['车站', '站台', '火车'], interior: '外' },
  { name: '村口', words: ['村口', '村里', '村子'], interior: '外' },
  { name: '井边', words: ['井边', '井台'], interior: '外' },
];

const EN_PLACES: Place[] = [
  { name: 'Rabbit-Hole', words: ['rabbit-hole', 'hole'], interior: '内' },
  { name: 'Hall', words: ['hall', 'corridor', 'passage'], interior: '内' },
  { name: 'Garden', words: ['garden', 'flower-beds', 'fountains', 'rose-tree'], interior: '外' },
  { name: 'Croquet-Ground', words: ['croquet-ground', 'croquet'], interior: '外' },
  { name: 'Courtroom', words: ['court', 'jury', 'trial', 'jurymen'], interior: '内' },
  { name: 'Tea-Party', words: ['tea-party', 'tea-tray', 'teapot', 'tea'], interior: '外' },
  { name: 'Kitchen', words: ['kitchen', 'cook', 'cauldron'], interior: '内' },
  { name: 'House', words: ['house', 'room', 'window', 'door', 'chimney'], interior: '内' },
  { name: 'Pool of Tears', words: ['pool'], interior: '外' },
  { name: 'Seashore', words: ['sea', 'shore', 'beach', 'lobster', 'lobsters'], interior: '外' },
  { name: 'Wood', words: ['wood', 'forest', 'trees', 'mushroom'], interior: '外' },
  { name: 'Riverbank', words: ['bank', 'river'], interior: '外' },
  { name: 'Street', words: ['street', 'road', 'lane', 'square'], interior: '外' },
  { name: 'Castle', words: ['castle', 'palace', 'throne'], interior: '内' },
  { name: 'Church', words: ['church', 'chapel'], interior: '内' },
  { name: 'School', words: ['school', 'classroom'], interior: '内' },
  { name: 'Office', words: ['office'], interior: '内' },
  { name: 'Inn', words: ['inn', 'tavern', 'pub'], interior: '内' },
  { name: 'Field', words: ['field', 'meadow', 'farm'], interior: '外' },
  { name: 'Lighthouse', words: ['lighthouse', 'tower', 'gallery', 'lens'], interior: '内' },
  { name: 'Harbour', words: ['harbour', 'harbor', 'slipway', 'quay', 'pier', 'ferry'], interior: '外' },
  { name: 'Station', words: ['station', 'platform', 'train'], interior: '外' },
  { name: 'Store Room', words: ['store room', 'storeroom', 'cellar', 'crate'], interior: '内' },
];

/** A place to fall back on when no place word occurs anywhere near: never a numeral or a title. */
export const GENERIC_PLACE: Record<Language, Record<'内' | '外', string>> = {
  zh: { 内: '室内', 外: '室外' },
  en: { 内: 'Indoors', 外: 'Outdoors' },
};

const NIGHT = {
  zh: ['夜', '晚上', '晚间', '傍晚', '黄昏', '月光', '月亮', '月色', '灯', '烛', '黑暗', '漆黑', '三更', '四更'],
  en: ['night', 'evening', 'dark', 'darkness', 'moon', 'moonlight', 'midnight', 'candle', 'lamp'],
};
const DAY = {
  zh: ['白天', '日光', '太阳', '早上', '上午', '中午', '正午', '天亮', '清早', '早晨', '下午'],
  en: ['morning', 'noon', 'sun', 'sunshine', 'daylight', 'afternoon', 'day'],
};
const INDOOR = { zh: ['屋', '房', '室', '门内', '里面'], en: ['inside', 'room', 'indoors', 'ceiling'] };

const cache = new Map<string, RegExp>();
function wordRegex(word: string, language: Language): RegExp {
  const key = `${language}:${word}`;
  let re = cache.get(key);
  if (!re) {
    re = language === 'en' ? new RegExp(`\\b${escapeRegExp(word)}\\b`, 'gi') : new RegExp(escapeRegExp(word), 'g');
    cache.set(key, re);
  }
  return re;
}

function countWords(text: string, words: readonly string[], language: Language): { n: number; first: number } {
  let n = 0;
  let first = Number.POSITIVE_INFINITY;
  for (const w of words) {
    for (const m of text.matchAll(wordRegex(w, language))) {
      n++;
      first = Math.min(first, m.index);
    }
  }
  return { n, first };
}

export interface Setting {
  location: string;
  interior: '内' | '外';
}

/** The place a text is most about, or null when no place word occurs. */
export function guessPlace(text: string, language: Language): Setting | null {
  let best: { place: Place; n: number; first: number } | null = null;
  for (const place of language === 'zh' ? ZH_PLACES : EN_PLACES) {
    const { n, first } = countWords(text, place.words, language);
    if (n > 0 && (!best || n > best.n || (n === best.n && first < best.first))) best = { place, n, first };
  }
  return best ? { location: best.place.name, interior: best.place.interior } : null;
}

/** 夜 when night words outnumber day words. */
export function guessTime(text: string, language: Language): '日' | '夜' {
  const night = countWords(text, NIGHT[language], language).n;
  const day = countWords(text, DAY[language], language).n;
  return night > day ? '夜' : '日';
}

/** 内/外 for a place found from a fallback (a chapter title): indoor words decide. */
export function guessInterior(text: string, language: Language): '内' | '外' {
  return countWords(text, INDOOR[language], language).n > 0 ? '内' : '外';
}
