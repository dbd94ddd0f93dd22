import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';

/**
 * Space held back beside the database (`huiju.db-reserve`) for retention on a full disk. SQLite cannot delete without
 * room to write: the deletes go to the WAL first, and a checkpoint can only copy the WAL back once the database file
 * can grow to the size the last commit gave it. On a disk with no room at all, `huiju prune` could therefore free
 * nothing; it removes this file first and has that much room to work in. Made again once there is space.
 */
export const RESERVE_BYTES = 2 * 1024 * 1024;

export const reservePath = (file: string) => `${file}-reserve`;

/** Make the reserve if it is missing and the disk has room for it; never throws (a disk too full simply has none). */
export function keepReserve(file: string): void {
  if (file === ':memory:') return;
  const path = reservePath(file);
  try {
    if (statSync(path).size >= RESERVE_BYTES) return;
  } catch {
    // missing: made below
  }
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    // Written, not just sized: a sparse file would hold no blocks back.
    const chunk = Buffer.alloc(64 * 1024);
    for (let at = 0; at < RESERVE_BYTES; at += chunk.length) {
      // A full disk may take part of a write without an error (tmpfs does): that is full too.
      if (writeSync(fd, chunk, 0, chunk.length, at) < chunk.length) throw new Error('no room for the reserve');
    }
    closeSync(fd);
  } catch {
    if (fd !== undefined) closeSync(fd);
    // Half a reserve is no use and takes what the database could use.
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

/** Give the reserve's space to the database; false when there was none to give. */
export function releaseReserve(file: string): boolean {
  try {
    unlinkSync(reservePath(file));
    return true;
  } catch {
    return false;
  }
}
