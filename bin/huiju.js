#!/usr/bin/env -S node --max-semi-space-size=2
// huiju's CLI. It runs the plain JavaScript in dist/ (`npm run build`, which `npm ci` runs) when that is at least as
// new as everything under src/, and the TypeScript in src/ through tsx otherwise: a fresh clone needs no build step
// of its own, and an edit under src/ is never hidden behind an older build.
//
// `--max-semi-space-size=2` (above, and in package.json's scripts and the Dockerfile) caps V8's young generation at a
// 2 MB semi-space: a cold 1,000-source cycle then peaks about 40 MB lower at no cost in CPU time (BENCHMARKS.md,
// sixth pass). V8 reads it only at start-up, so it must be on node's command line; without it huiju runs the same.
import { readdirSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// huiju's live heap is small, but V8 lets the old generation grow to several times the live size between full
// collections when the program allocates fast, as ingest does. Growing by 30% takes the cycle's peak RSS down by
// tens of MB at no measurable CPU cost, since collecting a small heap is cheap (BENCHMARKS.md). V8 reads this flag at
// every collection, so setting it here, before the work starts, takes effect.
setFlagsFromString('--heap-growing-percent=30');

// `huiju fetch | head` closes our stdout early: that is the reader's choice, not an error to hang or crash on.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const root = new URL('../', import.meta.url);

/** The newest modification time under a directory, its own and its entries' (a deleted file changes its directory's). */
function newestUnder(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtIsCurrent() {
  try {
    return statSync(new URL('dist/BUILT', root)).mtimeMs >= newestUnder(new URL('src/', root));
  } catch {
    return false; // no build
  }
}

let main;
if (builtIsCurrent()) {
  ({ main } = await import('../dist/cli.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
