/**
 * The "read a path, then report" step of the commands that print what they read (read, kv get,
 * kv metadata get; [V] command/read.go, kv_get.go, kv_metadata_get.go): a failed request is
 * `Error reading PATH: …` and nothing there is `No value found at PATH`, both exit 2.
 */
import { errorText } from './command.js';
import { err } from './format.js';
import type { CliIO } from './io.js';
import type { VaultSecret } from './secret.js';

/** The secret read, or the exit code after Vault's message. */
export async function readOrReport(
  io: CliIO,
  path: string,
  read: () => Promise<VaultSecret | null>,
): Promise<VaultSecret | number> {
  let secret: VaultSecret | null;
  try {
    secret = await read();
  } catch (e) {
    err(io, `Error reading ${path}: ${errorText(e)}`);
    return 2;
  }
  if (secret === null) {
    err(io, `No value found at ${path}`);
    return 2;
  }
  return secret;
}
