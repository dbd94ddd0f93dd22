#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a fresh clone needs no build step: `npm ci && npm start`.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// huiju's live heap is small (≈30 MB during a 1,000-source cycle), but V8 lets the old generation grow to four times
// the live size between full collections when the program allocates fast, as ingest does: peak RSS was ≈330 MB for
// a heap that needed ≈130. Growing by half instead keeps the peak near 200 MB at no measurable CPU cost, because full
// collections of a small heap are cheap (BENCHMARKS.md, memory). The flag is read at every collection, so setting it
// here, before the work starts, takes effect.
setFlagsFromString('--heap-growing-percent=50');

// `huiju fetch | head` closes our stdout early: that is the reader's choice, not an error to hang or crash on.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
