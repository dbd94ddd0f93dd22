/**
 * Template twins in the body: stories written from one template (each city's 暴雨蓝色预警 on one day, an exchange's
 * daily market report, a ministry's press-conference notice, an announcement with new figures) are near-duplicates
 * by any shingle measure, yet different stories. What tells them apart is what was filled in: numbers, dates,
 * places, organisations. A reprint changes none of those: it adds a lead-in, drops the dateline, trims the ending
 * or swaps a common word (今天 → 今日, 表示 → 称). So the two leads are aligned, and a stretch one of them replaced
 * by another is read as a filled-in fact when it is a number on both sides, or a place or organisation on both.
 */

import { areSynonyms } from './title-guard.ts';

/** Longest replaced stretch still read as one filled-in value; longer replacements are rewrites. */
const MAX_FACT_CHARS = 8;

const DIGIT = /\d/;
const NUMBER_PART = /[\d.%]/;
const CHINESE_NUMERAL = /^[〇零一二两三四五六七八九十百千万亿]+$/;
/** Last characters of names of places and bodies: 北京市, 海淀区, 教育部, 深交所, 气象台, 人民银行. */
const NAME_SUFFIX = new Set([...'市省县区州盟旗镇乡村局厅部委办院所校行司团会台站港署处']);
/** Provinces, regions and large cities, named as often without their 省/市 as with it. */
const PLACES = new Set(
  (
    '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 ' +
    '陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 石家庄 太原 沈阳 长春 哈尔滨 南京 杭州 合肥 福州 南昌 济南 ' +
    '郑州 武汉 长沙 广州 海口 成都 贵阳 昆明 西安 兰州 西宁 呼和浩特 南宁 拉萨 银川 乌鲁木齐 深圳 厦门 青岛 大连 宁波 苏州 ' +
    '无锡 佛山 东莞 温州 泉州 珠海 汕头 烟台 潍坊 徐州 常州 南通 扬州 绍兴 嘉兴 金华 台州 洛阳 襄阳 宜昌 株洲 岳阳 桂林 ' +
    '三亚 绵阳 遵义 大理 丽江 宝鸡 天水 包头 鄂尔多斯 唐山 保定 邯郸 大同 鞍山 吉林 延边 齐齐哈尔 大庆'
  ).split(' '),
);

/**
 * Organisations that fill templates in AI and business news as often as places do (阿里/腾讯发布…), named without
 * a 公司 or 集团 that would give them away.
 */
const ORGANISATIONS = new Set(
  (
    '阿里 阿里巴巴 阿里云 腾讯 百度 字节 字节跳动 美团 华为 小米 京东 网易 快手 拼多多 滴滴 蚂蚁 商汤 旷视 科大讯飞 讯飞 ' +
    '智谱 月之暗面 深度求索 百川 零一万物 阶跃星辰 稀宇 寒武纪 摩尔线程 中芯 联想 比亚迪 蔚来 小鹏 理想 特斯拉 英伟达 ' +
    '微软 谷歌 苹果 亚马逊 英特尔 三星 高通 台积电 上交所 深交所 北交所 港交所 证监会 央行 国务院 发改委 工信部 网信办'
  ).split(' '),
);
const KNOWN_NAMES = new Set([...PLACES, ...ORGANISATIONS]);
/** The known names each character appears in. */
const NAMES_BY_CHARACTER = new Map<string, string[]>();
for (const name of KNOWN_NAMES) {
  for (const ch of new Set(name)) NAMES_BY_CHARACTER.set(ch, [...(NAMES_BY_CHARACTER.get(ch) ?? []), name]);
}

function isNumeric(s: string): boolean {
  return DIGIT.test(s) || CHINESE_NUMERAL.test(s);
}

const HAN = /^\p{Script=Han}+$/u;

/** A place or organisation: a known place, or Han characters ending (or followed) by 市, 区, 部, 所… */
function isName(s: string, next: string): boolean {
  return KNOWN_NAMES.has(s) || (HAN.test(s) && (NAME_SUFFIX.has([...s].at(-1) ?? '') || NAME_SUFFIX.has(next)));
}

/** Both sides name something: a name on one side and a short Han word on the other (天津 ≠ 泸州) will do. */
function areNames(a: string, b: string, next: string): boolean {
  const short = (s: string) => HAN.test(s) && [...s].length >= 2 && [...s].length <= 4;
  return (isName(a, next) && isName(b, next)) || (KNOWN_NAMES.has(a) && short(b)) || (KNOWN_NAMES.has(b) && short(a));
}

/**
 * A known name on one side only once the stretch is read with its neighbours: the alignment may split a name
 * (在天|津|津派 against 在泸州|津|派 leaves 天 against 泸州), the neighbours put it back together.
 */
function knownNameAround(r: Replacement): boolean {
  const a = r.prev + r.a + r.next;
  const b = r.prev + r.b + r.next;
  // A name found on one side only overlaps that side's replaced stretch (prev and next are one shared character
  // each), so only the names holding one of its characters can differ.
  for (const ch of r.a + r.b) {
    for (const name of NAMES_BY_CHARACTER.get(ch) ?? []) if (a.includes(name) !== b.includes(name)) return true;
  }
  return false;
}

/**
 * A name the headlines differ by as well (仰光 in one headline and lead, 清迈 in the other's): what a template
 * fills in is named in its headline, where a copy-editor's word swap rarely is. Synonym swaps are not names.
 */
function namedInHeadlines(a: string, b: string, titleA: string, titleB: string): boolean {
  if ([...a].length < 2 || [...b].length < 2 || areSynonyms(a, b)) return false;
  return titleA.includes(a) && titleB.includes(b) && !titleA.includes(b) && !titleB.includes(a);
}

interface Replacement {
  a: string;
  b: string;
  /** The last character both texts share before the replaced stretch. */
  prev: string;
  /** The first character both texts share after the replaced stretch: 市 in 北京|天津 + 市. */
  next: string;
  /** The character after `next`: 市 in 舟|黄 + 山 + 市. */
  after: string;
}

/**
 * The length of the longest common subsequence of `a[i..]` and `b[j..]`, for any i and j. Copies and twins share most
 * of their text at both ends, so the table is filled only between the common prefix and the common suffix: the prefix
 * is never looked up (the walk steps over equal characters), and wherever `a[i..]` or `b[j..]` lies within the common
 * suffix the answer is the shorter length. This gives the same values as the whole table at a fraction of its cost.
 */
export function lcsTable(a: readonly string[], b: readonly string[]): (i: number, j: number) => number {
  const n = a.length;
  const m = b.length;
  let p = 0;
  while (p < n && p < m && a[p] === b[p]) p++;
  let s = 0;
  while (s < n - p && s < m - p && a[n - 1 - s] === b[m - 1 - s]) s++;
  const rows = n - s - p;
  const w = m - s - p + 1;
  // Code points as numbers: the inner loop compares them rows × columns times.
  const ca = Int32Array.from(a.slice(p, n - s), (c) => c.codePointAt(0)!);
  const cb = Int32Array.from(b.slice(p, m - s), (c) => c.codePointAt(0)!);
  const mid = new Uint16Array((rows + 1) * w);
  for (let i = rows - 1; i >= 0; i--) {
    const here = i * w;
    const below = here + w;
    const ci = ca[i];
    for (let j = w - 2; j >= 0; j--) {
      mid[here + j] = ci === cb[j] ? mid[below + j + 1]! + 1 : Math.max(mid[below + j]!, mid[here + j + 1]!);
    }
  }
  return (i, j) => (i >= n - s || j >= m - s ? Math.min(n - i, m - j) : mid[(i - p) * w + (j - p)]! + s);
}

/**
 * The stretches where one text has something the other replaced (not pure insertions or deletions), by a longest
 * common subsequence of code points. Stretches touching a number are widened to the whole number on both sides.
 */
function replacements(a: readonly string[], b: readonly string[]): Replacement[] {
  const n = a.length;
  const m = b.length;
  const lcs = lcsTable(a, b);
  // The stretches where the texts part, insertions and deletions included.
  const hunks: [number, number, number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    let i2 = i;
    let j2 = j;
    while ((i2 < n || j2 < m) && !(i2 < n && j2 < m && a[i2] === b[j2])) {
      if (j2 >= m || (i2 < n && lcs(i2 + 1, j2) >= lcs(i2, j2 + 1))) i2++;
      else j2++;
    }
    // One shared character between two stretches is usually a name cut in two (镇|江 against 景德|镇): join them.
    const last = hunks.at(-1);
    if (last && i - last[1] <= 1) {
      last[1] = i2;
      last[3] = j2;
    } else hunks.push([i, i2, j, j2]);
    i = i2;
    j = j2;
  }
  const out: Replacement[] = [];
  for (const [i1, i2, j1, j2] of hunks) {
    if (i2 === i1 || j2 === j1) {
      // An insertion or a deletion is an edit, not a filled-in value, unless it adds digits to a number (1 → 10).
      const na = numberAround(a, i1, i2);
      const nb = numberAround(b, j1, j2);
      const added = (i2 === i1 ? b.slice(j1, j2) : a.slice(i1, i2)).join('');
      if (/^\d+$/.test(added) && DIGIT.test(na) && DIGIT.test(nb) && na !== nb) out.push({ a: na, b: nb, prev: '', next: '', after: '' });
      continue;
    }
    // A replaced digit is widened over the digits both share: 1[8]日 vs 1[9]日 is 18 vs 19.
    const digitsAt = (x: number, y: number) => NUMBER_PART.test(a[x]!) && NUMBER_PART.test(b[y]!);
    let s = 0;
    if (digitsAt(i1, j1)) while (i1 - s > 0 && j1 - s > 0 && NUMBER_PART.test(a[i1 - s - 1]!) && a[i1 - s - 1] === b[j1 - s - 1]) s++;
    let e = 0;
    if (digitsAt(i2 - 1, j2 - 1)) while (i2 + e < n && j2 + e < m && NUMBER_PART.test(a[i2 + e]!) && a[i2 + e] === b[j2 + e]) e++;
    out.push({
      a: a.slice(i1 - s, i2 + e).join(''),
      b: b.slice(j1 - s, j2 + e).join(''),
      prev: a[i1 - s - 1] ?? '',
      next: a[i2 + e] ?? '',
      after: a[i2 + e + 1] ?? '',
    });
  }
  return out;
}

/** The number around the stretch [from, to) of a text, widened over the digits on either side ('' if none). */
function numberAround(t: readonly string[], from: number, to: number): string {
  let s = from;
  let e = to;
  while (s > 0 && NUMBER_PART.test(t[s - 1]!)) s--;
  while (e < t.length && NUMBER_PART.test(t[e]!)) e++;
  return t.slice(s, e).join('');
}

/**
 * The first filled-in fact two folded leads disagree on (`8 ≠ 9`, `北京 ≠ 天津`), or null when they agree.
 * The folded headlines, when given, let a name the guard does not know count when the headlines differ by it too.
 */
export function differingFact(a: string, b: string, titleA = '', titleB = ''): string | null {
  if (a === b) return null;
  for (const r of replacements([...a], [...b])) {
    if ([...r.a].length > MAX_FACT_CHARS || [...r.b].length > MAX_FACT_CHARS) continue;
    // A copy-editor's word swap (表示 → 称) is no filled-in value, whatever follows it (称行内文本: 行 ends 银行).
    if (areSynonyms(r.a, r.b)) continue;
    if (
      (isNumeric(r.a) && isNumeric(r.b)) ||
      areNames(r.a, r.b, r.next) ||
      (r.next !== '' && areNames(r.a + r.next, r.b + r.next, r.after)) ||
      knownNameAround(r) ||
      namedInHeadlines(r.a, r.b, titleA, titleB)
    ) {
      return `${r.a} ≠ ${r.b}`;
    }
  }
  return null;
}
