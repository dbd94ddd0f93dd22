/**
 * Summarise a .cpuprofile (from `node --cpu-prof`): the functions with the most self time, and the huiju functions
 * with the most total time. `node --import tsx bench/lib/profile-top.ts FILE.cpuprofile [N]`
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function topFunctions(file: string, n = 25): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const label = (x: Node) => `${x.callFrame.functionName || '(anon)'} ${x.callFrame.url.replace(/^.*\/(node_modules\/|src\/|dist\/|bench\/)/, '$1')}:${x.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + us);
    }
  }
  const all = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fmt = ([l, us]: [string, number]) => `${((us / all) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${l}`;
  return [
    'self time:',
    ...[...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(fmt),
    'total time (huiju code):',
    ...[...total].filter(([l]) => /(src|dist)\//.test(l)).sort((a, b) => b[1] - a[1]).slice(0, n).map(fmt),
  ];
}

if (process.argv[1]?.endsWith('profile-top.ts')) console.log(topFunctions(process.argv[2]!, Number(process.argv[3] ?? 25)).join('\n'));
