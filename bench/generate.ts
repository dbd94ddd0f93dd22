/**
 * Deterministic generator of Chinese-news-like feed items for the benchmarks. Same seed, same items: the feed server,
 * the floor script and the in-process scenarios all see identical documents. About 20% of stories are carried by
 * several outlets, with the headline and URL varied the way republishers vary them (`新华社电｜…`, `…—新华网`,
 * tracking parameters), so dedup has real work to do.
 *
 * Bodies are stitched from clauses of real Chinese news (the labelled items of the tag evaluation, read by eval/labelled.ts, taken from the
 * fixture feeds), so two different stories share text about as often as real ones do. Version 2 filled bodies from
 * six sentence templates: different stories about the same actor and topic then shared most of their lead verbatim,
 * and over a million-item stream single-link merging chained them into stories of hundreds of unrelated items
 * (pair precision 0.04 at 50,000 items), which no real news stream does.
 */
import { untaggedClauses } from '../eval/labelled.ts';

/** Bump when the output changes: cached databases under bench/.cache are keyed by it. */
export const GENERATOR_VERSION = 3;

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const CITIES = ['北京', '上海', '深圳', '杭州', '广州', '南京', '合肥', '成都', '武汉', '苏州', '西安', '重庆', '天津', '长沙', '厦门'];
const MINISTRIES = ['工业和信息化部', '国家发展改革委', '科技部', '教育部', '交通运输部', '商务部', '国家网信办', '财政部', '农业农村部', '国家能源局'];
const COMPANIES = ['深度求索', '月之暗面', '阿里云', '百度', '字节跳动', '腾讯', '华为', '商汤科技', '智谱', '科大讯飞', '小米', '比亚迪', '宁德时代', '美团', '京东'];
const AI_TOPICS = ['人工智能', '大模型', '生成式AI', '算力', '具身智能', '人形机器人', '智算中心', 'AI芯片', '自动驾驶', '大语言模型'];
const OTHER_TOPICS = ['新能源汽车', '乡村振兴', '跨境电商', '文化旅游', '职业教育', '养老服务', '低空经济', '海洋经济', '冰雪运动', '粮食安全', '城市更新', '数字政务'];
const ACTIONS = ['发布', '出台', '启动', '推进', '部署', '印发', '召开', '上线'];
const NOUNS = ['行动方案', '发展规划', '专项政策', '试点工作', '创新中心', '产业基金', '标准体系', '公共服务平台'];
const PRODUCTS = ['大模型', '智能助手', '推理芯片', '开源模型', '机器人', '操作系统', '智能座舱'];
const CLAIMS = ['性能提升显著', '成本大幅下降', '已开放公测', '首批用户超百万', '获多家机构投资', '登顶多项评测'];
/** Common characters for the names, places and details that make each story's text its own. */
const COMMON_CHARS =
  '安白宝北滨昌辰成承春大丹德东栋尔芳飞丰峰凤福刚高广桂国海涵浩和宏鸿华怀辉惠慧佳嘉建江杰金锦晋京景静娟俊凯康兰乐磊立丽莉林玲龙鲁路伦罗茂梅美敏明娜南宁鹏平萍启强乔琴清庆秋泉群仁荣瑞润森山善少绍深胜诗书舒顺松泰涛天婷彤伟文武西霞贤祥翔欣新星兴秀旭雪亚岩炎阳耀业怡义艺毅英颖永勇友宇玉元远岳云泽展哲振正志智中忠舟洲竹卓子宗';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const randomChars = (r: Rng, n: number) => Array.from({ length: n }, () => COMMON_CHARS[Math.floor(r() * COMMON_CHARS.length)]).join('');

/**
 * Clauses (up to a comma or full stop) of real Chinese news, deduplicated: the material bodies are stitched from.
 * Only from items labelled with no tag, so that whether a story is about AI is decided by its topic (35% are), not by
 * the AI news the fixtures happen to be rich in.
 */
const CLAUSES: readonly string[] = untaggedClauses(40);

/** About `chars` characters of running text from random real clauses, ending on a full stop. */
function clauseText(r: Rng, chars: number): string {
  let text = '';
  while (text.length < chars) text += CLAUSES[Math.floor(r() * CLAUSES.length)];
  return text.replace(/[，；：、]$/u, '') + (/[。！？]$/u.test(text) ? '' : '。');
}

/** The story's own lead: its place, actor and topic, then text no other story shares. */
function leadSentence(r: Rng, actor: string, topic: string): string {
  const person = `${SURNAMES[Math.floor(r() * SURNAMES.length)]}${randomChars(r, int(r, 1, 2))}`;
  const place = `${randomChars(r, 2)}${pick(r, ['区', '县', '镇', '园区', '新城'])}`;
  return `${place}消息，${actor}${topic}负责人${person}介绍，${clauseText(r, int(r, 40, 80))}`;
}

const SENTENCES = [
  (t: string, c: string, n: number) => `据介绍，${c}此次围绕${t}共安排重点项目${n}个，总投资约${n * 7}亿元。`,
  (t: string, c: string, n: number) => `${c}有关负责人表示，将进一步加强${t}领域的统筹协调，力争到${2025 + (n % 5)}年形成较为完善的产业生态。`,
  (t: string, _c: string, n: number) => `数据显示，今年前${(n % 11) + 1}个月，全国${t}相关企业新增注册${n * 13}家，同比增长${(n % 40) + 5}.${n % 10}%。`,
  (t: string, c: string, n: number) => `业内专家认为，${t}正处在从技术突破走向规模应用的关键阶段，${c}的做法具有一定示范意义，第${n}批试点即将公布。`,
  (t: string, _c: string, n: number) => `会议强调，要坚持安全与发展并重，完善${t}治理规则，推动${n % 9 + 2}项地方标准尽快落地。`,
  (t: string, c: string, n: number) => `记者了解到，${c}已与${n % 30 + 3}家高校和科研院所签署合作协议，共同开展${t}关键技术攻关。`,
];

export interface GenStory {
  title: string;
  /** Paragraphs of plain text. */
  paragraphs: string[];
}

/** One story: a headline and a body of 4–8 sentences that share its entities; numbers keep stories distinct. */
export function makeStory(r: Rng): GenStory {
  const ai = r() < 0.35;
  const topic = pick(r, ai ? AI_TOPICS : OTHER_TOPICS);
  const n = int(r, 3, 999);
  const kind = int(r, 0, 2);
  const actor = kind === 1 ? pick(r, COMPANIES) : kind === 2 ? pick(r, MINISTRIES) : pick(r, CITIES);
  // Every headline carries a number, as real ones mostly do, so two different stories rarely share a headline.
  const title =
    kind === 0
      ? `${actor}${pick(r, ACTIONS)}${topic}${pick(r, NOUNS)}，首批${n}个项目落地`
      : kind === 1
        ? `${actor}发布新一代${ai ? topic : ''}${pick(r, PRODUCTS)}，${pick(r, CLAIMS)}（${n}）`
        : `${actor}：今年将新建${n}个${topic}${pick(r, NOUNS)}`;
  // Mostly real clauses; one templated sentence keeps the topic and actor in the body, where search and tags look.
  const sentences = [
    leadSentence(r, actor, topic),
    ...Array.from({ length: int(r, 2, 6) }, () => clauseText(r, int(r, 30, 70))),
    pick(r, SENTENCES)(topic, actor, int(r, 3, 999)),
  ];
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 2) paragraphs.push(sentences.slice(i, i + 2).join(''));
  return { title, paragraphs };
}

export interface GenSource {
  id: string;
  name: string;
  /** Loopback address the feed server answers on for this source. */
  host: string;
}

/** Sources spread over `hosts` loopback addresses (127.0.0.2 …), so per-host limits behave as in the wild. */
export function makeSources(count: number, hosts = 100): GenSource[] {
  const perHost = Math.max(1, Math.ceil(count / hosts));
  return Array.from({ length: count }, (_, i) => ({
    id: `src-${String(i + 1).padStart(4, '0')}`,
    name: `${CITIES[i % CITIES.length]}新闻网 ${i + 1}`,
    host: `127.0.0.${2 + (Math.floor(i / perHost) % 250)}`,
  }));
}

export interface GenItem {
  guid: string;
  /** Ground truth for dedup: the guid of the original this item is a copy of, or its own guid. */
  storyOf: string;
  url: string;
  title: string;
  paragraphs: string[];
  publishedAt: Date;
  category: string;
}

export interface StreamOptions {
  seed: number;
  sources: readonly GenSource[];
  /** Items in each batch (one batch = one fetch of one source). */
  perBatch: number;
  /** Publication time of the first item; later items move forward in time. */
  start: Date;
  /** Publication rate, which fixes how many items fall in a dedup window whatever the database size. */
  itemsPerDay: number;
  /** Share of stories carried by several outlets. */
  syndicatedShare?: number;
}

interface PendingCopy {
  story: GenStory;
  origin: GenItem;
  originSource: string;
  copiesLeft: number;
}

const PREFIXES = ['新华社电｜', '【独家】', '快讯：', ''];
const SUFFIXES = ['—新华网', '_中国新闻网', ' | 澎湃新闻', '', ''];

function copyOf(r: Rng, p: PendingCopy, source: GenSource, seq: number): GenItem {
  const variant = r();
  const title = variant < 0.4 ? `${pick(r, PREFIXES)}${p.story.title}${pick(r, SUFFIXES)}` : p.story.title;
  // A third of republishers link the original article (with tracking parameters); the rest host their own copy.
  const url =
    variant > 0.66
      ? `${p.origin.url}?utm_source=${source.id}&spm=${int(r, 1000, 9999)}`
      : `http://www.${source.id}.example.cn/news/${seq}.html`;
  const dateline = r() < 0.5 ? `新华社${pick(r, CITIES)}电（记者 王${pick(r, ['明', '华', '磊', '静'])}）` : '';
  return {
    guid: `${source.id}-${seq}`,
    storyOf: p.origin.guid,
    url,
    title,
    paragraphs: [dateline + p.story.paragraphs[0], ...p.story.paragraphs.slice(1)],
    publishedAt: new Date(p.origin.publishedAt.getTime() + int(r, 1, 240) * 60_000),
    category: p.origin.category,
  };
}

/**
 * An endless stream of per-source batches, newest item last within the stream's time. The first `sources.length`
 * batches are the documents of one fetch cycle.
 */
export function* itemStream(opts: StreamOptions): Generator<{ source: GenSource; items: GenItem[] }> {
  const r = rng(opts.seed);
  const share = opts.syndicatedShare ?? 0.2;
  const stepMs = 86_400_000 / opts.itemsPerDay;
  let t = opts.start.getTime();
  let seq = 0;
  const pool: PendingCopy[] = [];
  for (let batch = 0; ; batch++) {
    const source = opts.sources[batch % opts.sources.length]!;
    const items: GenItem[] = [];
    for (let k = 0; k < opts.perBatch; k++) {
      seq++;
      t += stepMs;
      const poolIndex = pool.findIndex((p) => p.originSource !== source.id);
      // Copies are taken in step with new stories so that about `share` of stories end up on several outlets.
      if (poolIndex >= 0 && r() < 0.45) {
        const p = pool[poolIndex]!;
        items.push(copyOf(r, p, source, seq));
        if (--p.copiesLeft === 0) pool.splice(poolIndex, 1);
        continue;
      }
      const story = makeStory(r);
      const guid = `${source.id}-${seq}`;
      const item: GenItem = {
        guid,
        storyOf: guid,
        url: `http://www.${source.id}.example.cn/news/${seq}.html`,
        title: story.title,
        paragraphs: story.paragraphs,
        publishedAt: new Date(t),
        category: pick(r, ['科技', '财经', '时政', '社会', '产业']),
      };
      items.push(item);
      if (r() < share) pool.push({ story, origin: item, originSource: source.id, copiesLeft: int(r, 1, 4) });
    }
    // Feeds list newest first.
    yield { source, items: items.reverse() };
  }
}
