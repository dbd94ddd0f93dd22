// Builds dist/: the CLI and the parse worker as plain JavaScript, so that `huiju` runs without the TypeScript loader
// (bin/huiju.js falls back to src/ through tsx whenever dist/ is missing or older than src/). `npm ci` runs it (the
// `prepare` script); `npm run build` runs it by hand. Packages stay in node_modules; each command's modules are a
// chunk of their own, loaded when the command runs (src/cli.ts), as they are from src/.
import { build } from 'esbuild';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist`;

// The Docker image installs its dependencies before it copies src/: there is nothing to build yet.
if (!existsSync(`${root}src/cli.ts`)) {
  console.log('huiju build: no src/ here yet; skipped');
  process.exit(0);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', 'parse-worker': 'src/pipeline/parse-worker.ts', 'read-worker': 'src/store/sqlite/read-worker.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: out,
  outExtension: { '.js': '.mjs' },
  // Chunks sit beside the entries: code that finds a file from its own module (parse-pool.ts's worker entry,
  // version.ts's ../package.json) must find it from dist/ as it does from src/<dir>/.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
// Written last: bin/huiju.js trusts dist/ only when this stamp is newer than everything under src/.
writeFileSync(`${out}/BUILT`, `${new Date().toISOString()}\n`);
console.log('huiju build: dist/ written');
