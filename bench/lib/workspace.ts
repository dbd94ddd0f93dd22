import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblems, loadConfig } from '../../src/config/load.ts';
import type { TagRule } from '../../src/tag/schema.ts';
import { ROOT } from './proc.ts';

/** The tag rules huiju ships in feeds.json: the benchmarks tag with what users get. */
export function shippedTags(): TagRule[] {
  const result = loadConfig(join(ROOT, 'feeds.json'));
  if (!result.ok) throw new Error(`feeds.json is invalid:\n${formatProblems(result.problems)}`);
  return result.config.tags;
}

/** A scratch directory under the OS temp dir, removed by `dispose`. */
export function scratch(prefix: string): {
  dir: string;
  file: (name: string) => string;
  write: (name: string, data: unknown) => string;
  remove: (name: string) => void;
  dispose: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), `huiju-bench-${prefix}-`));
  return {
    dir,
    file: (name) => join(dir, name),
    write: (name, data) => {
      const f = join(dir, name);
      writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
      return f;
    },
    remove: (name) => rmSync(join(dir, name), { recursive: true, force: true }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const CACHE_DIR = join(ROOT, 'bench', '.cache');
export function cacheDir(): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  return CACHE_DIR;
}
