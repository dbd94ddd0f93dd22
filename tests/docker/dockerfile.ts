/** Just enough of the Dockerfile format to replay a Dockerfile's steps outside Docker. */

export interface Instruction {
  op: string;
  /** Everything after the instruction word, continuation lines joined. */
  args: string;
  /** Index of the FROM this instruction belongs to. */
  stage: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!current && /^\s*(#|$)/.test(line)) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  if (current) logical.push(current);
  let stage = -1;
  return logical.map((l) => {
    const m = /^\s*(\w+)\s+([\s\S]*)$/.exec(l);
    if (!m) throw new Error(`unreadable Dockerfile line: ${l}`);
    const op = m[1]!.toUpperCase();
    if (op === 'FROM') stage++;
    return { op, args: m[2]!.replace(/\s+/g, ' ').trim(), stage };
  });
}

/** `ENV A=1 B="two words"` → { A: '1', B: 'two words' }. */
export function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g)) out[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  return out;
}

/** A CMD or HEALTHCHECK CMD: exec form (JSON array) as is, shell form through `sh -c`. */
export function commandOf(args: string): string[] {
  const body = args.replace(/^(--\S+\s+)*CMD\s+/, '');
  if (body.startsWith('[')) return JSON.parse(body) as string[];
  return ['/bin/sh', '-c', body];
}

/** `COPY [--flags] src... dest` */
export function parseCopy(args: string): { flags: string[]; sources: string[]; dest: string } {
  const words = args.split(' ');
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  return { flags, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/** Whether a .dockerignore pattern list excludes a path relative to the build context (simple patterns only). */
export function isIgnored(patterns: readonly string[], path: string): boolean {
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}(/.*)?$`);
    return re.test(path) || re.test(path.split('/').at(-1)!);
  });
}
