/**
 * The feed server for the cycle scenarios, run as its own process so it never shares a CPU budget or a heap with the
 * process being measured. Serves every generated source at http://127.0.0.X:PORT/feeds/ID.xml, honouring
 * If-None-Match and If-Modified-Since. Prints one JSON line `{"port":N}` on stdout once it listens everywhere.
 *
 *   node --import tsx bench/feed-server.ts --seed 1 --sources 1000 --items 50 --hosts 100 --now 2026-11-29T03:00:00Z
 *
 * With `--big N`, serves instead one source listing N items (corpus.ts bigDocument) at 127.0.0.2.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { bigDocument, cycleCorpus, feedPath } from './corpus.ts';
import { renderRss } from './documents.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    sources: { type: 'string', default: '1000' },
    items: { type: 'string', default: '50' },
    hosts: { type: 'string', default: '100' },
    now: { type: 'string' },
    big: { type: 'string' },
  },
});

const now = values.now ? new Date(values.now) : new Date();
const docs = values.big
  ? [bigDocument({ seed: Number(values.seed), items: Number(values.big), now })]
  : cycleCorpus({
      seed: Number(values.seed),
      sources: Number(values.sources),
      itemsPerSource: Number(values.items),
      hosts: Number(values.hosts),
      now,
    });

interface Served {
  body: Buffer;
  etag: string;
}
const lastModified = now.toUTCString();
const byPath = new Map<string, Served>();
for (const { source, items } of docs) {
  const body = Buffer.from(renderRss(source, items, `http://${source.host}${feedPath(source.id)}`));
  byPath.set(`${source.host} ${feedPath(source.id)}`, { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
}

function handle(host: string, req: IncomingMessage, res: ServerResponse): void {
  const doc = byPath.get(`${host} ${req.url ?? ''}`);
  if (!doc) {
    res.writeHead(404).end('no such feed');
    return;
  }
  const headers = { etag: doc.etag, 'last-modified': lastModified, 'content-type': 'application/rss+xml; charset=utf-8' };
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const fresh = inm ? inm.split(',').some((t) => t.trim() === doc.etag) : !!ims && Date.parse(ims) >= Date.parse(lastModified);
  if (fresh) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': doc.body.length }).end(doc.body);
}

function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => handle(host, req, res));
    server.keepAliveTimeout = 30_000;
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const hosts = [...new Set(docs.map((d) => d.source.host))];
const first = await listen(hosts[0]!, 0);
const port = (first.address() as { port: number }).port;
await Promise.all(hosts.slice(1).map((h) => listen(h, port)));
process.stdout.write(`${JSON.stringify({ port, feeds: byPath.size, bytes: [...byPath.values()].reduce((n, d) => n + d.body.length, 0) })}\n`);
