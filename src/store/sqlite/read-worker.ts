/**
 * A read worker (read-pool.ts starts it): a read-only connection of its own to the database file, answering the
 * listings and search texts the main thread hands it, one message at a time, with the same code the main thread runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoryFilter } from '../../model/story.ts';
import type { ListOptions } from '../store.ts';
import { openReader } from './db.ts';
import { listStories } from './listing.ts';
import { searchTexts } from './lookups.ts';

export type ReadCall = { read: 'listStories'; args: [StoryFilter, ListOptions | undefined] } | { read: 'searchTexts'; args: [readonly number[]] };
export type ReadRequest = ReadCall & { id: number };
export type ReadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; code?: string } };

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs as a worker thread (src/store/sqlite/read-pool.ts starts it)');
const db = openReader((workerData as { file: string }).file);
// One snapshot for all the statements of a read: the main thread commits between them otherwise, and a story read by
// the first could have lost its copies by the second.
const inSnapshot = db.transaction((call: ReadCall): unknown => {
  switch (call.read) {
    case 'listStories':
      return listStories(db, ...call.args);
    case 'searchTexts':
      return searchTexts(db, ...call.args);
  }
});

port.on('message', (req: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id: req.id, ok: true, value: inSnapshot(req) };
  } catch (err) {
    reply = { id: req.id, ok: false, error: { message: err instanceof Error ? err.message : String(err), code: (err as { code?: string } | null)?.code } };
  }
  port.postMessage(reply);
});
port.postMessage('ready');
