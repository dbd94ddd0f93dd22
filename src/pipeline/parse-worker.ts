/**
 * A parse worker (parse-pool.ts starts it): reads documents with readFeed, one message at a time, and answers each
 * with the read feed or the error it threw, described so that the main thread can throw the same.
 */
import { parentPort } from 'node:worker_threads';
import { ParseError } from '../parse/errors.ts';
import { compileTagger, type Tagger } from '../tag/index.ts';
import { readFeed, type ReadFeed, type ReadFeedJob } from './read-feed.ts';

export interface WorkerRequest {
  id: number;
  job: ReadFeedJob;
}

export type WorkerError =
  | { parse: true; kind: ParseError['kind']; message: string; alternates: string[] }
  | { parse: false; message: string };

export type WorkerReply = { id: number; ok: true; read: ReadFeed } | { id: number; ok: false; error: WorkerError };

function describe(err: unknown): WorkerError {
  if (err instanceof ParseError) return { parse: true, kind: err.kind, message: err.message, alternates: err.alternates };
  return { parse: false, message: err instanceof Error ? err.message : String(err) };
}

/**
 * Taggers compiled from the rules the pool sent, by version: the pool sends a version's rules once, with its first job
 * here. Two kept, the one in force and the one a config reload is replacing.
 */
const taggers = new Map<string, Tagger>();

function taggerFor(tags: ReadFeedJob['tags']): Tagger | undefined {
  if (!tags) return undefined;
  let tagger = taggers.get(tags.version);
  if (!tagger && tags.rules) {
    tagger = compileTagger(tags.rules);
    taggers.set(tags.version, tagger);
    if (taggers.size > 2) taggers.delete(taggers.keys().next().value!);
  }
  return tagger;
}

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread (src/pipeline/parse-pool.ts starts it)');
port.on('message', async ({ id, job }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id, ok: true, read: await readFeed(job, true, taggerFor(job.tags)) };
  } catch (err) {
    reply = { id, ok: false, error: describe(err) };
  }
  port.postMessage(reply);
});
port.postMessage('ready');
