/**
 * `npm test` runs biome and knip over the tree (`npm run lint`). These check that the two still catch the kinds of
 * slip issue 17 found by reading: an unused parameter (`$` in scrape/select.ts), and exported functions nothing
 * imports (`sendWithValidators`, `hash32`). A configuration change that silenced either would fail here.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

async function exitOf(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('npm run lint', () => {
  it('biome, with the project configuration, fails on an unused function parameter', async () => {
    // The project's biome.jsonc beside a probe under src/, in a copy: a probe written into the real src/ would make
    // src/ newer than dist/, and every huiju the suite started after it would run src/ through tsx instead.
    const dir = tempDir('biome');
    copyFileSync(join(ROOT, 'biome.jsonc'), join(dir, 'biome.jsonc'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/probe.ts'), 'export function findIn($: unknown, scope: string): string {\n  return scope;\n}\n');
    const r = await exitOf(bin('biome'), ['lint', '--error-on-warnings', 'src'], dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('noUnusedFunctionParameters');
  });

  it('knip, with the project configuration, fails on an exported function nothing imports', async () => {
    const dir = tempDir('knip');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', type: 'module', private: true }));
    writeFileSync(join(dir, 'knip.json'), JSON.stringify({ entry: ['src/cli.ts'], project: ['src/**/*.ts'], ignoreExportsUsedInFile: true }));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/cli.ts'), "import { used } from './shingles.ts';\nconsole.log(used('x'));\n");
    writeFileSync(join(dir, 'src/shingles.ts'), 'export const used = (s: string) => s.length;\nexport function hash32(s: string): number {\n  return s.length;\n}\n');
    const r = await exitOf(bin('knip'), ['--no-progress'], dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/Unused exports[\s\S]*hash32/);
  });
});
