import { parseArgs } from 'node:util';
import { EXIT, type Io } from './cli/shared.ts';
import { createLogger } from './log.ts';
import { StoreOpenError } from './store/open.ts';
import { VERSION } from './version.ts';

const USAGE = `huiju ${VERSION}: a self-hosted news aggregator for China's AI industry

Usage:
  huiju serve                  fetch sources on their schedules and serve feeds, the API and the web page
  huiju web                    a cluster's HTTP replica: feeds, the API and the web page (PostgreSQL only)
  huiju worker                 a cluster's fetch worker: runs refresh jobs; one of them keeps the schedule (PostgreSQL only)
  huiju fetch [--source ID]... fetch every enabled source (or the named ones) once and store the items
  huiju check                  validate the config and print every problem with its JSON path
  huiju explain ID|URL         show why a stored story got its tags and duplicates
  huiju import-opml FILE       add a feed reader's OPML subscriptions to the config as sources
  huiju notify test ID         send a test message to notify channel ID (an output's notify block)
  huiju prune                  remove items first seen more than retention.days ago and reclaim the space
  huiju db copy --from FILE --to URL
                               copy a SQLite database into PostgreSQL (ids kept; resumable; safe to run again)

Options:
  --config PATH   feeds.json to use (env HUIJU_CONFIG, default ./feeds.json)
  --db PATH|URL   SQLite file, or postgres://user@host:5432/db (env HUIJU_DB, default ./data/huiju.db)
  --port N        serve, web: port (worker: its /healthz) (env PORT, default 8080)
  --host ADDR     serve, web, worker: address to listen on (env HOST, default 127.0.0.1)
  -h, --help      this text
  -v, --version   the version

Exit status: 0 success (fetch: the cycle ran, even if some sources failed), 1 runtime error (fetch: a source named
with --source failed, or the disk is full), 2 invalid usage or config.`;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
};

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

/** The command line, parsed: throws on an unknown option. */
function parseOptions(argv: string[]) {
  return parseArgs({
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
}

async function run(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
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
  const level = (io.env.LOG_LEVEL || (['serve', 'web', 'worker'].includes(command) ? 'info' : 'warn')).toLowerCase();
  if (!LOG_LEVELS.includes(level)) {
    io.err(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${io.env.LOG_LEVEL}"`);
    return EXIT.usage;
  }
  const log = createLogger(level);
  // Progress redrawn in place goes to the real stderr only, not to an Io a test passes in.
  const terminal = io === defaultIo ? process.stderr : undefined;

  const serverOptions = () => ({
    configFile,
    dbFile,
    host: values.host ?? io.env.HOST ?? '127.0.0.1',
    port: values.port ?? io.env.PORT ?? '8080',
    log,
  });

  // Each command loads its own modules when it runs: `huiju fetch` never loads the HTTP server's, nor `serve` the
  // cluster's, which keeps each process's memory to what it uses.
  switch (command) {
    case 'check': {
      const { checkCommand } = await import('./cli/check.ts');
      return checkCommand(configFile, io);
    }
    case 'fetch': {
      const { fetchCommand } = await import('./cli/fetch.ts');
      return fetchCommand(
        // On a terminal the default level leaves out "fetch failed" warnings: each failure's result line says it.
        { configFile, dbFile, wanted: values.source ?? [], log, quietFailures: !io.env.LOG_LEVEL },
        io,
        terminal,
      );
    }
    case 'prune': {
      const { pruneCommand } = await import('./cli/prune.ts');
      return pruneCommand(configFile, dbFile, io);
    }
    case 'explain': {
      const { explainCommand } = await import('./cli/explain.ts');
      return explainCommand(rest[0], dbFile, io);
    }
    case 'serve':
      return (await import('./cli/serve.ts')).serveCommand(serverOptions(), io);
    case 'notify': {
      const { notifyCommand } = await import('./cli/notify.ts');
      return notifyCommand(rest, configFile, dbFile, io);
    }
    case 'web':
      return (await import('./cli/web.ts')).webCommand(serverOptions(), io);
    case 'worker':
      return (await import('./cli/worker.ts')).workerCommand(serverOptions(), io);
    case 'import-opml': {
      const { importOpmlCommand } = await import('./cli/import-opml.ts');
      return importOpmlCommand(rest[0], configFile, io);
    }
    case 'db': {
      const { dbCommand } = await import('./cli/db-copy.ts');
      return dbCommand(rest, { from: values.from, to: values.to }, io, terminal);
    }
    default:
      io.err(`unknown command "${command}"\n\n${USAGE}`);
      return EXIT.usage;
  }
}
