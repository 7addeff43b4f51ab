/**
 * The mark a running server leaves in a file storage: `<path>/.tsvault-server` with its pid and
 * host, written when the server opens the storage and removed when it closes it. `vault operator
 * migrate` reads it to refuse a source a server is using (on HA storage it checks the lock
 * instead). A server killed with SIGKILL leaves the file behind; a pid that no longer runs on this
 * host does not count. The file is not a key: the backend lists only `_`-prefixed files.
 */
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const CLAIM_FILE = '.tsvault-server';

export interface ServerClaim {
  pid: number;
  host: string;
  since: string;
}

export async function writeClaim(root: string): Promise<void> {
  const claim: ServerClaim = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const tmp = join(root, `${CLAIM_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(claim) + '\n', { mode: 0o600 });
  await rename(tmp, join(root, CLAIM_FILE));
}

/** Removes the claim if it is this process's. */
export async function releaseClaim(root: string): Promise<void> {
  const claim = await readClaim(root);
  if (claim && claim.pid === process.pid && claim.host === hostname()) await unlink(join(root, CLAIM_FILE)).catch(() => undefined);
}

export async function readClaim(root: string): Promise<ServerClaim | null> {
  try {
    const v = JSON.parse(await readFile(join(root, CLAIM_FILE), 'utf8')) as Partial<ServerClaim>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return null;
    return { pid: v.pid, host: v.host, since: String(v.since ?? '') };
  } catch {
    return null;
  }
}

/** The claim of a server that may still be running: another host's, or a live pid on this one. */
export async function liveClaim(root: string): Promise<ServerClaim | null> {
  const claim = await readClaim(root);
  if (!claim || claim.pid === process.pid) return null;
  if (claim.host !== hostname()) return claim;
  try {
    process.kill(claim.pid, 0);
    return claim;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? claim : null;
  }
}
