/**
 * The floor for the cold cycle: fetch every feed and rss-parser parseString it, 16 at a time, store nothing.
 * With `--store FILE`, also store each document as the bare-store yardstick does (bench/lib/bare-store.ts): the floor
 * of an aggregator that keeps and searches what it fetches.
 * Reads the URL list (a JSON array) from the file named on the command line; prints `{"items":N,"failed":N,"stored":N}`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Parser from 'rss-parser';
import { openBareStore } from './lib/bare-store.ts';

const { values, positionals } = parseArgs({ options: { store: { type: 'string' } }, allowPositionals: true });
const urls = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as string[];
const store = values.store ? openBareStore(values.store) : null;
const parser = new Parser();
let next = 0;
let items = 0;
let failed = 0;
let stored = 0;
const worker = async () => {
  while (next < urls.length) {
    const url = urls[next++]!;
    try {
      const feed = await parser.parseString(await (await fetch(url)).text());
      stored += store?.store(url, feed) ?? 0;
      items += feed.items.length;
    } catch {
      failed++;
    }
  }
};
await Promise.all(Array.from({ length: 16 }, worker));
store?.close();
process.stdout.write(`${JSON.stringify({ items, failed, stored })}\n`);
