/**
 * Template twins: `教育部发布新规` / `交通部发布新规`, `阿里发布新模型` / `腾讯发布新模型`, `致8人死亡` / `致9人死亡`.
 * Two headlines that are the same except for one short swapped name or number are different stories however
 * alike their bodies (press releases share templates), so they veto a near-duplicate merge.
 */

/** Headline verbs outlets swap for one another when reprinting: a swap among these is a rewrite, not a twin. */
const SYNONYM_GROUPS = [
  ['发布', '推出', '公布', '宣布', '亮相', '上线', '发表', '披露', '官宣'],
  ['举行', '举办', '召开', '开幕', '启动', '启幕', '开启'],
  ['称', '说', '表示', '指出', '强调', '透露'],
  ['致', '造成', '导致'],
  ['已', '已经'],
  ['在', '于'],
  ['将', '拟'],
  ['今天', '今日', '当天', '当日'],
  ['目前', '当前', '现在'],
  ['进行', '开展'],
];
const SYNONYM_OF = new Map<string, number>();
SYNONYM_GROUPS.forEach((group, i) => {
  for (const w of group) SYNONYM_OF.set(w, i);
});

/** True for two headline words outlets use for one another (发布/推出, 称/表示). */
export function areSynonyms(a: string, b: string): boolean {
  const g = SYNONYM_OF.get(a);
  return g !== undefined && g === SYNONYM_OF.get(b);
}

/** Longest swapped segment still read as a name or number; longer swaps are rewrites. */
const MAX_SWAP_CHARS = 4;

/** True when two folded headlines differ only by one short, name-like substitution. */
export function areTemplateTwins(a: string, b: string): boolean {
  if (a === b) return false;
  const ca = [...a];
  const cb = [...b];
  let pre = 0;
  while (pre < ca.length && pre < cb.length && ca[pre] === cb[pre]) pre++;
  let suf = 0;
  while (suf < ca.length - pre && suf < cb.length - pre && ca[ca.length - 1 - suf] === cb[cb.length - 1 - suf]) suf++;
  const ma = ca.slice(pre, ca.length - suf).join('');
  const mb = cb.slice(pre, cb.length - suf).join('');
  if (!ma || !mb) return false; // an insertion or deletion is a rewrite
  const la = [...ma].length;
  const lb = [...mb].length;
  if (Math.max(la, lb) > MAX_SWAP_CHARS || Math.abs(la - lb) > 1) return false;
  if ((pre + suf) * 2 < Math.max(ca.length, cb.length)) return false; // mostly different: not a template
  // The swap may split a word (发|布 vs 公|布): try it with the neighbouring character on either side.
  const before = ca[pre - 1] ?? '';
  const after = ca[ca.length - suf] ?? '';
  for (const [x, y] of [[ma, mb], [before + ma, before + mb], [ma + after, mb + after]] as const) {
    if (areSynonyms(x, y)) return false;
  }
  // Any other short swap is read as a name or number: 湖北/湖南, 教育/交通, 8/9. Precision before recall.
  return true;
}
