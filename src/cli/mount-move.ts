/**
 * `vault secrets move` and `vault auth move` ([V] command/secrets_move.go, auth_move.go): start
 * sys/remount, then poll sys/remount/status/<id> every 10 s until the move ends, with Vault's lines.
 * Vault answers 0 on a reported failure too (after printing `Failure! …` to stderr).
 */
import { errorText, exactArgs, HTTP_FLAGS, prepare } from './command.js';
import { ensureTrailingSlash } from './go-path.js';
import { err, out } from './format.js';
import type { CliCommand, CliIO } from './io.js';
import type { VaultClient } from '../api/client.js';

const POLL_MS = 10_000;

export async function moveMount(
  io: CliIO,
  client: Pick<VaultClient, 'startRemount' | 'remountStatus'>,
  kind: 'secrets engine' | 'auth method',
  source: string,
  destination: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<number> {
  let id: string;
  try {
    id = await client.startRemount(source, destination);
  } catch (e) {
    err(io, `Error moving ${kind} ${source} to ${destination}: ${errorText(e)}`);
    return 2;
  }
  const what = `${kind} ${source} to ${destination}, with migration ID ${id}`;
  out(io, `Started moving ${what}`);
  for (;;) {
    let status: string;
    try {
      status = await client.remountStatus(id);
    } catch (e) {
      err(io, `Error checking migration status of ${kind} ${source} to ${destination}: ${errorText(e)}`);
      return 2;
    }
    if (status === 'success') {
      out(io, `Success! Finished moving ${what}`);
      return 0;
    }
    if (status === 'failure') {
      err(io, `Failure! Error encountered moving ${what}`);
      return 0;
    }
    out(io, `Waiting for terminal status in migration of ${what}`);
    await sleep(POLL_MS);
  }
}

/** The whole command: `vault secrets move` / `vault auth move` with the HTTP flags and two paths. */
export function moveCommand(kind: 'secrets engine' | 'auth method'): CliCommand {
  return async (args, io) => {
    const p = prepare(io, args, HTTP_FLAGS);
    if (typeof p === 'number') return p;
    const a = p.flags.args;
    if (!exactArgs(io, a, 2)) return 1;
    const client = await p.client();
    return moveMount(io, client, kind, ensureTrailingSlash(a[0]!), ensureTrailingSlash(a[1]!));
  };
}
