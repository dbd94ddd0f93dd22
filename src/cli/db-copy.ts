import { isPostgresUrl } from '../store/open.ts';
import { progressReporter, summaryLine, type ProgressSink } from './copy-progress.ts';
import { EXIT, type Io } from './shared.ts';

export const DB_USAGE = 'usage: huiju db copy --from FILE --to postgres://user@host:5432/database';

/**
 * `huiju db SUBCOMMAND`: only `copy` so far. Progress goes to `terminal` (stderr) when given, redrawn in place when it
 * is a TTY; otherwise to `io.err`, a line a table. The summary goes to `io.out`.
 */
export async function dbCommand(
  args: readonly string[],
  opts: { from?: string; to?: string },
  io: Pick<Io, 'out' | 'err'>,
  terminal?: ProgressSink,
): Promise<number> {
  const [sub, ...extra] = args;
  if (sub !== 'copy' || extra.length > 0) {
    io.err(sub && sub !== 'copy' ? `unknown db command "${sub}"\n${DB_USAGE}` : DB_USAGE);
    return EXIT.usage;
  }
  const { from, to } = opts;
  if (!from || !to) {
    io.err(`huiju db copy needs --from and --to\n${DB_USAGE}`);
    return EXIT.usage;
  }
  if (isPostgresUrl(from) || !isPostgresUrl(to)) {
    io.err(`huiju db copy copies a SQLite file into PostgreSQL: --from is a file, --to a postgres:// URL\n${DB_USAGE}`);
    return EXIT.usage;
  }
  const { copyDatabase } = await import('../store/copy/copy.ts');
  const sink: ProgressSink = terminal ?? { write: (chunk: string) => io.err(chunk.replace(/\n$/, '')) };
  try {
    const report = await copyDatabase({ from, to, onProgress: progressReporter(sink) });
    if (report.sourceChanged) {
      io.err(
        `warning: ${from} changed since this copy began; rows copied before then are as they were. ` +
          'For an exact copy, stop huiju and copy into an empty database.',
      );
    }
    io.out(summaryLine(report));
    return EXIT.ok;
  } catch (err) {
    if (terminal?.isTTY) terminal.write('\n');
    io.err(`huiju db copy: ${firstLine(err)}`);
    return EXIT.failure;
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
