/**
 * Text normalisation for matching: the same story as printed by different outlets should come out identical.
 * Width, script and case are folded, outlet labels, wire datelines and reporter credits removed, and finally all
 * punctuation and whitespace dropped (`fold`). Works on NFKC text, so full-width `（｜，` arrive as ASCII `(|,`.
 */
import { toSimplifiedChars as toSimplified } from '../text/simplified.ts';

/** NFKC (full-width → half-width, compatibility forms), Traditional → Simplified, lower case. */
export function foldWidthAndScript(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

const PUNCT_AND_SPACE = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]+/gu;

/** Drops every punctuation mark, symbol and space: what is left is the words. */
export function fold(text: string): string {
  return text.replace(PUNCT_AND_SPACE, '');
}

// ---- titles -------------------------------------------------------------------------------------------------------

const OUTLET_WORD =
  /(?:网|报|新闻|社|客户端|频道|在线|日报|晚报|时报|周刊|财经|科技|资讯|头条|号|app|官网|36氪|虎嗅|钛媒体|界面|量子位|机器之心|雷峰网|品玩|爱范儿|it之家|cnbeta|新浪|搜狐|网易|腾讯|凤凰|财新|第一财经|观察者|环球)$/;
const TITLE_PREFIXES = [
  /^【[^】]{1,12}】\s*/, // 【快讯】 【独家】
  /^\[[^\]]{1,12}\]\s*/,
  /^[^|]{1,8}?\s*\|\s*/, // 新华社电｜  海报 |
  /^(?:快讯|独家|重磅|突发|最新|视频|图集|组图|原创|热点|关注|聚焦|直播|更新)\s*:\s*/,
];
/** …—新华网  …_新华网  …|澎湃新闻  … - 新浪科技: the last separator (greedy head), so `海报 | cobalt - 新浪新闻` loses only ` - 新浪新闻`. */
const TITLE_SUFFIX = /^([\s\S]*\S)\s*(?:[|_]|—+|–+|\s-+)\s*([^|_—–]{1,16})$/;

/**
 * Removes outlet labels around a headline (after foldWidthAndScript). Repeats: `…_科技频道_新华网`. The suffix,
 * which must be an outlet's name, goes first: a short headline with one (`沙发充电插座|澎湃新闻`) would otherwise
 * lose the headline to the prefix rule (`新华社电|…`) and keep the outlet, and a prefix strip that would leave
 * nothing but an outlet's name is not made (`Jan|澎湃新闻`).
 */
export function stripTitleAffixes(title: string): string {
  let t = title.trim();
  for (let changed = true; changed; ) {
    changed = false;
    const m = lastSuffix(t);
    if (m && OUTLET_WORD.test(m.label) && [...m.head].length >= 2) {
      t = m.head;
      changed = true;
    }
    for (const re of TITLE_PREFIXES) {
      const next = t.replace(re, '');
      if (next !== t && next.length >= 4 && !isOutletName(next)) {
        t = next;
        changed = true;
      }
    }
  }
  return t.trim();
}

/** The headline before its last separator, and the label after it. */
function lastSuffix(t: string): { head: string; label: string } | null {
  const m = TITLE_SUFFIX.exec(t);
  return m ? { head: m[1]!, label: m[2]!.trim() } : null;
}

/** `澎湃新闻`, `新浪新闻`: a label's text, not a headline. */
function isOutletName(s: string): boolean {
  return [...s].length <= 8 && !/\s/.test(s.trim()) && OUTLET_WORD.test(s.trim());
}

/** Headline as compared: folded, outlet labels stripped, punctuation gone. */
export function normaliseTitle(title: string): string {
  return fold(stripTitleAffixes(foldWidthAndScript(title)));
}

// ---- bodies -------------------------------------------------------------------------------------------------------

/** `新华社南京12月22日电(记者…)`, `中新网北京4月18日电 (记者 …)`, `本报北京8月24日电`, `人民网北京8月25日电`. */
const WIRE_DATELINE =
  /^[^。,，:;!?]{0,24}?\d{1,2}月\d{1,2}日\s*(?:电(?![商话视影力池动脑子网器气费竞])|讯|消息)\s*(?:\([^()]{0,40}\))?/;
/** `本报讯(记者…)`, `新华社讯`, `本网讯`. */
const NEWS_FLASH = /^[^。,，:;!?\d\s]{0,8}?(?:报|网|社|台)讯\s*(?:\([^()]{0,40}\))?/;
const LEADING_TAG = /^(?:【[^】]{1,16}】|\[[^\]]{1,16}\])/;
/** `(记者 高文成)`, `(总台记者 林曦)`, `(通讯员 …)` anywhere, `(左雨晴 张静)` right after a dateline. */
const CREDIT = /\((?:[^()]{0,12}(?:记者|通讯员|编辑|实习生|摄影|摄)[^()]{0,40}|[^()]{0,40}(?:摄|报道))\)/g;
const LEADING_NAMES = /^\((?:[\u4e00-\u9fff]{2,4}\s*){1,4}\)/;
/** Trailing credit lines: `责任编辑：…`, `(简历摘自…)`, `《 人民日报 》( 2020年08月25日 01 版)`. */
const TRAILING_CREDIT = /(?:(?:责任编辑|编辑|校对|审核|来源|作者|文|出品|监制|编审|策划|制图)\s*[:/|]\s*\S{1,24}\s*)+$/;
const PAPER_EDITION = /《\s*[^》]{2,10}\s*》\s*\(\s*\d{4}年\d{1,2}月\d{1,2}日\s*\d*\s*版\s*\)/g;

/** Removes wire datelines, reporter credits and outlet tags (on foldWidthAndScript text). */
export function stripDatelines(text: string): string {
  let t = text.trim();
  for (let changed = true; changed; ) {
    const before = t;
    t = t.replace(LEADING_TAG, '').trimStart();
    t = t.replace(WIRE_DATELINE, '').trimStart();
    t = t.replace(NEWS_FLASH, '').trimStart();
    t = t.replace(LEADING_NAMES, '').trimStart();
    changed = t !== before;
  }
  return t.replace(CREDIT, '').replace(PAPER_EDITION, '').replace(TRAILING_CREDIT, '').trim();
}

/** Longest raw body prefix normalised: leads decide, and the cost must not grow with article length. */
const RAW_BODY_CAP = 1200;

/** Body lead as compared: at most `maxChars` characters of folded text after datelines and credits. */
export function normaliseBody(text: string, maxChars: number): string {
  // Plain text is promised, but a stray `&nbsp;` from double-escaped feeds must not become words.
  const plain = text.slice(0, RAW_BODY_CAP).replace(/&(?:nbsp|ensp|emsp|#160);/g, ' ');
  const lead = stripDatelines(foldWidthAndScript(plain));
  return [...fold(lead)].slice(0, maxChars).join('');
}
