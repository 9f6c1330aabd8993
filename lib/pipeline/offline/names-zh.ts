// Name candidates for Chinese text, found without a dictionary: Latin-lettered names (阿Q, 小D),
// titles with a surname or a short prefix (赵太爷, 吴妈, 假洋鬼子), surname + given name (王胡,
// 赵白眼), and short subjects right before a speech verb (邹七嫂说). characters.ts validates them.

const CJK = '\\u4e00-\\u9fff';

/** Multi-character titles: any non-function prefix is allowed (洋鬼子 → 假洋鬼子). */
export const ZH_TITLES = [
  '太爷',
  '老爷',
  '大爷',
  '二爷',
  '少爷',
  '秀才',
  '先生',
  '举人',
  '娘子',
  '太太',
  '奶奶',
  '小姐',
  '姑娘',
  '鬼子',
  '尼姑',
  '和尚',
  '道士',
  '掌柜',
  '老头子',
  '大人',
  '夫人',
  '师傅',
  '师父',
  '公子',
  '大哥',
  '大姐',
  '老板',
  '老师',
  '医生',
  '队长',
  '将军',
  '王爷',
  '娘娘',
  '公主',
] as const;

/** One-character kinship titles need a surname in front (吴妈, 邹七嫂), else 他妈 would count. */
const SHORT_TITLES = ['妈', '嫂', '婶', '姐', '哥', '叔', '伯', '娘', '婆', '爷'];

const SURNAME_CHARS =
  '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳鲍史唐费薛雷贺倪汤滕殷罗毕郝邬安常乐于傅皮卞齐康伍余顾孟黄穆萧尹姚邵汪祁毛狄米贝明臧计伏成戴谈宋庞熊纪舒屈项祝董梁杜阮蓝闵席季贾路江童颜郭梅盛林钟徐邱骆高夏蔡田胡凌霍虞万柯管卢莫房解丁邓洪包石崔龚程邢裴陆荣翁荀甄封储靳焦牧山谷车侯全班仰秋仲伊宫宁仇栾甘厉戎武符刘景詹龙叶幸司黎薄白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥苍双闻党翟谭贡劳姬申扶冉宰雍桑桂牛寿通边燕冀尚农温庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终居衡步都耿满弘匡国文寇广禄东欧沃利蔚越师巩聂晁勾敖融冷訾辛阚那简饶空曾沙养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公';

export const ZH_SURNAMES: ReadonlySet<string> = new Set(SURNAME_CHARS.split(''));

/** Characters that cannot start or follow a name boundary: particles, pronouns, adverbs, verbs. */
export const ZH_STOP = new Set(
  '的了在是和与对被把给叫向跟这那个着说道见看到有也都又便就却还只我你他她伊们它其之而且并很太最更已曾将要会能可不没无非几些每各某该此彼所以因为于从自为如若即虽但然后再才刚正一两啊吗呢吧么哩罢呀哈哦嗯啦里上下中来去出进过起得地着等似像'.split(
    '',
  ),
);

/** Second characters that turn a surname into a place or a thing (赵家, 王府). */
const NOT_GIVEN = new Set('家府庄村城县镇氏姓宅门院子们边面上下里头阿'.split(''));

/** Common words that start with a surname character. */
const COMMON_WORDS = new Set(
  '于是 许多 高兴 方才 方法 方面 常常 安静 安全 白天 向来 马上 何必 何况 何处 金钱 周围 曾经 毕竟 余下 明白 明天 文章 文字 成功 成为 东西 关系 相信 相当 通过 通知 国家 公平 公然 广大 易于 连忙 连续 连一 时候 和尚 庄稼 江湖 田地 石头 黄酒 万分 林子 宁可 管理 解决 计划 康健 温和 容易 古人 古怪 满足 满意 满脸 越发 越过 利害 师父 尚且 居然 终于 终究 边上 全身 全都 全家 班里 谷里 山上 山脚 路上 路旁 路角 路口 车子 龙头 双手 双眼 宫里 门外 后来 后面 红的 鲍鱼 包好 丰富 盖上 养活 须得 关于 索性 从此 从来 从前 从实 车上 长衫 凤凰 花样 花白 章程 苗头 葛藤 熊度 秋天 秋后 乐得 庞大 武器 武装 祝福 仲秋 戴着 谈天 宋朝 文豪 国粹 空中 空气 沙地 冷笑 冷落 简直 易见 应该 米饭 牛皮 毛虫 毛病 史上 杜鹃 钟头 洪哥 苏州 姚家'.split(
    ' ',
  ),
);

function addCount(map: Map<string, number>, key: string, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function countAll(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

const isHan = (ch: string | undefined): boolean => ch !== undefined && /[\u4e00-\u9fff]/.test(ch);
const nameChar = (ch: string | undefined): boolean => isHan(ch) && !ZH_STOP.has(ch as string);

/** 阿Q, 老Q, 阿Quei, 小D: a Chinese prefix + a capitalised Latin word. */
function latinNames(text: string, out: Map<string, number>): void {
  for (const m of text.matchAll(/([阿老小])([A-Z][a-z]*)(?![A-Za-z])/g)) addCount(out, m[0]);
}

/** 阿X names with a Chinese character (阿七, 阿毛). */
function ahNames(text: string, out: Map<string, number>): void {
  for (const m of text.matchAll(new RegExp(`阿([${CJK}])`, 'g'))) {
    if (nameChar(m[1]) && !NOT_GIVEN.has(m[1] ?? '') && !'弥唷呀哟呦哈嚏'.includes(m[1] ?? '')) addCount(out, m[0]);
  }
}

/** Prefix + title: choose the longer prefix when it almost always comes with the title. */
function titledNames(text: string, out: Map<string, number>): void {
  const titles: string[] = [...ZH_TITLES, ...SHORT_TITLES];
  for (const title of titles) {
    const short = title.length === 1;
    const one = new Map<string, number>();
    const two = new Map<string, number>();
    for (let i = text.indexOf(title); i >= 0; i = text.indexOf(title, i + title.length)) {
      const p1 = text.charAt(i - 1);
      const p2 = text.charAt(i - 2);
      if (!nameChar(p1) || title.includes(p1)) continue;
      addCount(one, p1);
      if (nameChar(p2)) addCount(two, p2 + p1);
    }
    for (const [p1, n1] of one) {
      let best = p1;
      for (const [p2, n2] of two) if (p2.endsWith(p1) && n2 >= n1 * 0.6 && n2 >= 2) best = p2;
      if (short && !ZH_SURNAMES.has(best.charAt(0))) continue;
      const count = best === p1 ? n1 : (two.get(best) ?? 0);
      if (count >= 2) addCount(out, best + title, count);
    }
  }
}

/** Bare titles used as a name (秀才, 地保): standalone uses, i.e. not part of a titled name. */
function bareTitles(text: string, titled: Map<string, number>, out: Map<string, number>): void {
  for (const title of [...ZH_TITLES, '地保', '把总']) {
    let n = countAll(text, title);
    for (const [name, c] of titled) if (name !== title && name.includes(title)) n -= c;
    if (n >= 3) addCount(out, title, n);
  }
}

/** Surname + one or two characters, when the name starts at a boundary and recurs. */
function surnameNames(text: string, out: Map<string, number>): void {
  const two = new Map<string, number>();
  const three = new Map<string, number>();
  for (let i = 0; i < text.length; i++) {
    const s = text.charAt(i);
    if (!ZH_SURNAMES.has(s) || ZH_STOP.has(s) || nameChar(text.charAt(i - 1))) continue;
    const c1 = text.charAt(i + 1);
    if (!nameChar(c1) || NOT_GIVEN.has(c1)) continue;
    addCount(two, s + c1);
    if (nameChar(text.charAt(i + 2))) addCount(three, s + c1 + text.charAt(i + 2));
  }
  for (const [bi, n2] of two) {
    if (n2 < 3 || COMMON_WORDS.has(bi)) continue;
    let best = bi;
    for (const [tri, n3] of three) if (tri.startsWith(bi) && n3 >= n2 * 0.7 && n3 >= 3) best = tri;
    addCount(out, best, best === bi ? n2 : (three.get(best) ?? 0));
  }
}

/** 2–3 characters that form a whole clause subject right before a speech verb: 邹七嫂说： */
function verbSubjects(text: string, out: Map<string, number>): void {
  const re = new RegExp(
    `(?:^|[\\s，。！？；：”」])([${CJK}A-Z]{2,3})(?:说道|问道|笑道|说|道|问|嚷|叫|骂|喊)(?=[：:，。！？“「])`,
    'gm',
  );
  const seen = new Map<string, number>();
  for (const m of text.matchAll(re)) {
    const name = m[1] ?? '';
    if ([...name].some((ch) => ZH_STOP.has(ch)) || /人$|们$|家$|自己/.test(name)) continue;
    addCount(seen, name);
  }
  for (const [name, n] of seen) if (n >= 2) addCount(out, name, n);
}

export type ZhKind = 'latin' | 'ah' | 'titled' | 'bare-title' | 'surname' | 'subject';
export interface ZhCandidate {
  form: string;
  kind: ZhKind;
}

const BOUNDARY = /[\s，。！？；：“”「」、—…]/;

/** Guessed names (surname + given, verb subjects) must start clauses and not be part of a word. */
function looksLikeName(text: string, form: string): boolean {
  let atBoundary = 0;
  const next = new Map<string, number>();
  let total = 0;
  for (let i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + form.length)) {
    total++;
    if (i === 0 || BOUNDARY.test(text.charAt(i - 1))) atBoundary++;
    addCount(next, text.charAt(i + form.length));
  }
  const fixed = Math.max(0, ...next.values());
  return (
    atBoundary >= 2 &&
    !(total >= 3 && fixed >= total * 0.8 && nameChar(text.slice(text.indexOf(form) + form.length)[0]))
  );
}

/** Candidate name forms found in a Chinese text, with how each was found. */
export function zhCandidates(text: string): ZhCandidate[] {
  const found = new Map<string, ZhKind>();
  const add = (m: Map<string, number>, kind: ZhKind) => {
    for (const form of m.keys()) if (!found.has(form)) found.set(form, kind);
  };
  const latin = new Map<string, number>();
  latinNames(text, latin);
  add(latin, 'latin');
  const ah = new Map<string, number>();
  ahNames(text, ah);
  add(ah, 'ah');
  const titled = new Map<string, number>();
  titledNames(text, titled);
  add(titled, 'titled');
  const bare = new Map<string, number>();
  bareTitles(text, titled, bare);
  add(bare, 'bare-title');
  const surname = new Map<string, number>();
  surnameNames(text, surname);
  add(surname, 'surname');
  const subjects = new Map<string, number>();
  verbSubjects(text, subjects);
  add(subjects, 'subject');
  const forms = [...found.keys()];
  return [...found]
    .filter(([form, kind]) => {
      // a bigram that only prefixes a longer name is part of it (赵太 ⊂ 赵太爷); 据阿Q ⊃ 阿Q
      if (forms.some((f) => f !== form && f.startsWith(form) && found.get(f) === 'titled')) return false;
      if (kind === 'subject' && forms.some((f) => f !== form && form.endsWith(f))) return false;
      return kind === 'surname' || kind === 'subject' ? looksLikeName(text, form) : true;
    })
    .map(([form, kind]) => ({ form, kind }));
}
