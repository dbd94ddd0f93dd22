/**
 * The floor for the cold cycle: fetch every feed and rss-parser parseString it, 16 at a time, store nothing.
 * Reads the URL list (a JSON array) from the file named on the command line; prints `{"items":N,"failed":N}`.
 */
import { readFileSync } from 'node:fs';
import Parser from 'rss-parser';

const urls = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
const parser = new Parser();
let next = 0;
let items = 0;
let failed = 0;
const worker = async () => {
  while (next < urls.length) {
    const url = urls[next++]!;
    try {
      const feed = await parser.parseString(await (await fetch(url)).text());
      items += feed.items.length;
    } catch {
      failed++;
    }
  }
};
await Promise.all(Array.from({ length: 16 }, worker));
process.stdout.write(`${JSON.stringify({ items, failed })}\n`);
