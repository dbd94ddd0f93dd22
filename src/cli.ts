import { parseArgs } from 'node:util';
import { formatProblems, loadConfig } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { createLogger } from './log.ts';
import { formatResult, runCycle } from './pipeline/cycle.ts';
import { catchUpStoredItems } from './pipeline/catch-up.ts';
import { createLimiter } from './fetch/limiter.ts';
import { fetchOptionsFromConfig, limiterOptionsFromConfig } from './fetch/options.ts';
import { formatRetentionReport, retentionOptionsFrom } from './scheduler/retention-job.ts';
import { openStore, StoreOpenError } from './store/open.ts';
import type { Store } from './store/store.ts';
import { compileTagger } from './tag/index.ts';
import { VERSION } from './version.ts';

const USAGE = `huiju ${VERSION}: a self-hosted news aggregator for China's AI industry

Usage:
  huiju serve                  fetch sources on their schedules and serve feeds, the API and the web page
  huiju fetch [--source ID]... fetch every enabled source (or the named ones) once and store the items
  huiju check                  validate the config and print every problem with its JSON path
  huiju explain ID|URL         show why a stored story got its tags and duplicates
  huiju import-opml FILE       add a feed reader's OPML subscriptions to the config as sources
  huiju prune                  remove items first seen more than retention.days ago and reclaim the space
  huiju db copy --from FILE --to URL
                               copy a SQLite database into PostgreSQL (ids kept; resumable; safe to run again)

Options:
  --config PATH   feeds.json to use (env HUIJU_CONFIG, default ./feeds.json)
  --db PATH|URL   SQLite file, or postgres://user@host:5432/db (env HUIJU_DB, default ./data/huiju.db)
  --port N        serve: port (env PORT, default 8080)
  --host ADDR     serve: address to listen on (env HOST, default 127.0.0.1)
  -h, --help      this text
  -v, --version   the version

Exit status: 0 success (fetch: the cycle ran, even if some sources failed), 1 runtime error, 2 invalid usage or config.`;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Exit codes: scripts depend on them. */
const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
};

/** Open the store, run `work` with it, and close it whatever happens. */
async function withStore<T>(location: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function readConfig(file: string, io: Io): Config | null {
  const result = loadConfig(file);
  if (result.ok) return result.config;
  io.err(`${file} is not a valid huiju config:\n${formatProblems(result.problems)}`);
  return null;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    // A database that cannot be opened is the operator's to fix: one line, no stack.
    if (!(err instanceof StoreOpenError)) throw err;
    io.err(`huiju: ${err.message}`);
    return EXIT.failure;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        source: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(VERSION);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (command || values.help ? io.out : io.err)(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const configFile = values.config ?? io.env.HUIJU_CONFIG ?? './feeds.json';
  const dbFile = values.db ?? io.env.HUIJU_DB ?? './data/huiju.db';
  const level = (io.env.LOG_LEVEL || (command === 'serve' ? 'info' : 'warn')).toLowerCase();
  if (!LOG_LEVELS.includes(level)) {
    io.err(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${io.env.LOG_LEVEL}"`);
    return EXIT.usage;
  }
  const log = createLogger(level);

  switch (command) {
    case 'check': {
      const config = readConfig(configFile, io);
      if (!config) return EXIT.usage;
      const enabled = config.sources.filter((s) => s.enabled).length;
      io.out(`${configFile} is valid: ${config.sources.length} sources (${enabled} enabled), ${config.tags.length} tags, ${config.outputs.length} outputs`);
      return EXIT.ok;
    }

    case 'fetch': {
      const config = readConfig(configFile, io);
      if (!config) return EXIT.usage;
      const wanted = values.source ?? [];
      const unknown = wanted.filter((id) => !config.sources.some((s) => s.id === id));
      if (unknown.length) {
        io.err(`unknown source${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
        return EXIT.usage;
      }
      const sources = wanted.length ? config.sources.filter((s) => wanted.includes(s.id)) : config.sources.filter((s) => s.enabled);
      await withStore(dbFile, async (store) => {
        const tagger = compileTagger(config.tags);
        await catchUpStoredItems(store, tagger, log);
        const results = await runCycle(sources, {
          store,
          config,
          tagger,
          log,
          limiter: createLimiter(limiterOptionsFromConfig(config.fetch)),
          fetchOptions: fetchOptionsFromConfig(config.fetch),
        });
        for (const r of results) io.out(formatResult(r));
      });
      return EXIT.ok;
    }

    case 'prune': {
      const config = readConfig(configFile, io);
      if (!config) return EXIT.usage;
      const report = await withStore(dbFile, (store) => store.prune(retentionOptionsFrom(config, new Date())));
      io.out(formatRetentionReport(report));
      return EXIT.ok;
    }

    case 'explain': {
      const ref = rest[0];
      if (!ref) {
        io.err('usage: huiju explain ID|URL');
        return EXIT.usage;
      }
      return withStore(dbFile, async (store) => {
        const id = /^\d+$/.test(ref) ? Number(ref) : await store.findStoryIdByUrlOrGuid(ref);
        const story = id === undefined ? undefined : await store.getStory(id);
        if (!story) {
          io.err(`no stored story matches ${ref}`);
          return EXIT.failure;
        }
        io.out(`story ${story.id}  ${story.title}`);
        io.out(`  guid ${story.guid}`);
        io.out(`  source ${story.source}  ${story.url ?? ''}`);
        io.out(`  tags: ${story.tags.join(', ') || '(none)'}`);
        for (const e of await store.storyTagEvidence(story.id)) {
          io.out(`    ${e.tag} (item ${e.itemId}, score ${e.score}): ${JSON.stringify(e.evidence)}`);
        }
        io.out(`  duplicates: ${story.duplicates.length || '(none)'}`);
        for (const d of story.duplicates) {
          io.out(`    ${d.source}  ${d.title}  ${d.url ?? ''}  merged by ${d.matchRule ?? '?'} (similarity ${d.matchSimilarity ?? '?'})`);
        }
        return EXIT.ok;
      });
    }

    case 'serve': {
      const config = readConfig(configFile, io);
      if (!config) return EXIT.usage;
      const port = Number(values.port ?? io.env.PORT ?? 8080);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.err(`--port must be a number from 0 to 65535`);
        return EXIT.usage;
      }
      // Loaded here, not at the top: the HTTP stack (express, helmet, the page templates) is only for `serve`, and a
      // one-off `huiju fetch` or `check` starts faster and uses less memory without it.
      const { startService, ListenError } = await import('./service.ts');
      let service;
      try {
        service = await startService({
          store: await openStore(dbFile),
          config,
          configFile,
          host: values.host ?? io.env.HOST ?? '127.0.0.1',
          port,
          log,
        });
      } catch (err) {
        if (!(err instanceof ListenError)) throw err;
        io.err(`huiju serve: ${err.message}`);
        return EXIT.failure;
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log.info({ signal }, 'shutting down');
          // The last resort if closing itself gets stuck: an orchestrator (Docker, systemd) kills after 10 s anyway.
          setTimeout(() => {
            log.error('shutdown did not finish in 9.5 s; exiting now');
            process.exit(EXIT.failure);
          }, 9_500).unref();
          void service.close().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      return EXIT.ok;
    }

    case 'import-opml': {
      if (!rest[0]) {
        io.err('usage: huiju import-opml FILE [--config PATH]');
        return EXIT.usage;
      }
      const { importOpmlFile } = await import('./config/opml-import.ts');
      const imported = importOpmlFile(rest[0], configFile);
      if (!imported.ok) {
        io.err(imported.message);
        return EXIT.usage;
      }
      const { added, skipped } = imported.import;
      for (const s of added) io.out(`added    ${s.id}  ${s.name}  ${s.url}`);
      for (const s of skipped) io.out(`skipped  ${s.url}  (${s.reason})`);
      io.out(`${configFile}: ${added.length} added, ${skipped.length} skipped`);
      return EXIT.ok;
    }

    case 'db': {
      const { dbCommand } = await import('./cli/db-copy.ts');
      return dbCommand(rest, { from: values.from, to: values.to }, io, io === defaultIo ? process.stderr : undefined);
    }

    default:
      io.err(`unknown command "${command}"\n\n${USAGE}`);
      return EXIT.usage;
  }
}
