#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a fresh clone needs no build step: `npm ci && npm start`.
import { register } from 'tsx/esm/api';

// `huiju fetch | head` closes our stdout early: that is the reader's choice, not an error to hang or crash on.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
