/**
 * A parse worker (parse-pool.ts starts it): reads documents with readFeed, one message at a time, and answers each
 * with the read feed or the error it threw, described so that the main thread can throw the same.
 */
import { parentPort } from 'node:worker_threads';
import { ParseError } from '../parse/errors.ts';
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

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread (src/pipeline/parse-pool.ts starts it)');
port.on('message', async ({ id, job }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id, ok: true, read: await readFeed(job, true) };
  } catch (err) {
    reply = { id, ok: false, error: describe(err) };
  }
  port.postMessage(reply);
});
port.postMessage('ready');
