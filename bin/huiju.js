#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a fresh clone needs no build step: `npm ci && npm start`.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// huiju's live heap is small (≈30 MB during a 1,000-source cycle), but V8 lets the old generation grow to four times
// the live size between full collections when the program allocates fast, as ingest does (--trace-gc: 131.9 MB
// before a collection, 28.9 after). Growing by half instead took the cycle's peak RSS from ≈320 to ≈230 MB at no
// measurable CPU cost, since collecting a small heap is cheap (BENCHMARKS.md, "What the profiles showed"). V8 reads
// the flag at every collection, so setting it here, before the work starts, takes effect.
setFlagsFromString('--heap-growing-percent=50');

// `huiju fetch | head` closes our stdout early: that is the reader's choice, not an error to hang or crash on.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
