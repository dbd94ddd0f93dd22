/**
 * Template twins made from real items: the same text with what a template leaves open filled in otherwise (the
 * figures, the place, the body that speaks), the way each city's 暴雨蓝色预警 or an exchange's daily report differs
 * from the next. The names swapped in come from this file's own lists, kept apart from the matcher's gazetteer
 * (src/dedup/fact-guard.ts) on purpose: many of them are not in it, so the evaluation also measures names the guard
 * only knows by their 省/市/区 suffix, or not at all.
 */

export interface TwinItem {
  title: string;
  text: string;
}

/** Names found in the real items, and names put in their place (cities, counties, countries, bodies). */
const NAMES_IN_TEXTS = [
  '墨西哥城', '莫雷洛斯', '阿亚拉', '霍尔木兹', '外贝加尔', '满洲里', '毛淡棉', '仰光', '曼谷', '基辅', '伦敦', '沈阳', '长春',
  '东莞', '泉州', '漳州', '湛江', '海口', '长沙', '重庆', '北碚', '从化', '广州', '天津', '上海', '北京', '福建', '广东',
  '辽宁', '浙江', '吉林', '山东', '云南', '湖南', '湖北', '安徽', '杭州', '深圳', '南京', '武汉', '成都', '西安', '苏州',
  '水利部', '文化和旅游部', '商务部', '教育部', '工信部', '科技部', '网信办', '美团', '阿里', '腾讯', '百度', '字节',
];
const REPLACEMENTS = [
  '绍兴', '柳州', '赣州', '芜湖', '九江', '开封', '临沂', '马六甲', '清迈', '万象', '金边', '敖德萨', '蒙特雷', '渝北', '黑河',
  '喀什', '延吉', '景德镇', '张家界', '盐城', '淮安', '衢州', '丽水', '湖州', '常德', '岳阳', '宜宾', '泸州', '曲靖', '玉溪',
];
const BODIES = ['应急管理部', '自然资源部', '生态环境部', '交通运输部', '农业农村部', '海关总署', '市场监管总局', '国家统计局'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NAME_RE = new RegExp([...NAMES_IN_TEXTS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');

/** Each number moved by an amount that depends on `k`, within its own number of digits where it can. */
function otherNumber(n: string, k: number): string {
  if (n.includes('.')) return (Number(n) + 0.1 * (k + 1)).toFixed(n.split('.')[1]!.length);
  const v = Number(n);
  const step = 1 + ((k * 7) % 9);
  const moved = v + step;
  // Day of month stays a day, a year a nearby year: the twin must read as a real item of the same kind.
  if (n.length <= 2 && v <= 31 && moved > 31) return String(Math.max(1, v - step));
  return String(moved);
}

export type TwinKind = 'figures' | 'names' | 'figures and names';

/**
 * The k-th twin of an item: numbers moved (figures), names swapped (names), or both. Null when the item has
 * nothing of that kind in its title or text.
 */
export function templateTwin(item: TwinItem, kind: TwinKind, k: number): TwinItem | null {
  let changed = false;
  const names = new Map<string, string>();
  const swap = (s: string): string => {
    let t = s;
    if (kind !== 'figures') {
      t = t.replace(NAME_RE, (name) => {
        if (!names.has(name)) {
          const pool = /[部办委]$/.test(name) ? BODIES : REPLACEMENTS;
          names.set(name, pool[(names.size * 5 + k * 3) % pool.length]!);
        }
        changed = true;
        return names.get(name)!;
      });
    }
    if (kind !== 'names') {
      t = t.replace(/\d+(?:\.\d+)?/g, (n) => {
        changed = true;
        return otherNumber(n, k);
      });
    }
    return t;
  };
  const twin = { title: swap(item.title), text: swap(item.text) };
  return changed && twin.text !== item.text ? twin : null;
}
