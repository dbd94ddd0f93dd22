import { pgText } from '../postgres/text.ts';
import type { PostgresTarget } from './postgres-target.ts';
import type { SqliteReader } from './sqlite-reader.ts';

/**
 * A target that already holds stories or items must hold this file's: none past the file's highest id (rows written
 * there after a copy, or another database's), and the file's own rows at the lowest and highest ids it holds. Anything
 * else is refused before a row is written; rows in between are checked as batches meet them (postgres-insert.ts).
 *
 * `resuming`: an earlier copy from this file began here. Only then may the target hold a row the file no longer has:
 * retention pruned it from the file since.
 */
export async function refuseOtherData(reader: SqliteReader, target: PostgresTarget, resuming: boolean): Promise<void> {
  for (const table of ['stories', 'items'] as const) {
    const held = await target.holding(table);
    if (held.count === 0) continue;
    const ours = reader.maxId(table);
    if (held.max > ours) refuse(target, `${table} up to id ${held.max}; ${reader.file} has up to ${ours}`);
    const mine = reader.identities(table, [...held.identities.keys()]);
    for (const [id, identity] of held.identities) {
      const m = mine.get(id);
      if (m === undefined ? !resuming : pgText(m) !== identity) {
        refuse(target, `its ${table === 'stories' ? 'story' : 'item'} ${id} is not ${reader.file}'s`);
      }
    }
  }
}

function refuse(target: PostgresTarget, why: string): never {
  throw new Error(`${target.location} already holds other data (${why}): copy into an empty database`);
}
