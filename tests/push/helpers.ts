import { validateConfig } from '../../src/config/load.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import type { Config } from '../../src/config/schema.ts';

/** A validated, resolved config, or the test fails with the problems. */
export function config(raw: unknown, env: NodeJS.ProcessEnv = {}): Config {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(`bad test config: ${JSON.stringify(result.problems)}`);
  // validateConfig resolved with process.env; these tests give their own environment.
  return Object.keys(env).length === 0 ? result.config : resolveConfig(result.config, env);
}

export const TAGS = [
  { id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型', 'AI'] },
  { id: 'chip', label: '芯片', keywords: ['芯片', '算力'] },
];

export const SOURCES = [
  { id: 'jiqizhixin', name: '机器之心', url: 'http://127.0.0.1:1/a.xml' },
  { id: 'qbitai', name: '量子位', url: 'http://127.0.0.1:1/b.xml' },
];
