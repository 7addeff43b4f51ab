/**
 * The one "write to a path, then report" step of the commands that change data (write, delete,
 * kv put/delete/destroy/undelete, kv metadata put/delete): Vault's handleWriteSecretOutput. A
 * failed request is `Error writing data to PATH: …` (or `Error deleting PATH: …`), exit 2, with
 * any secret that came along; no answer is `Success! Data written to: PATH` (table format only,
 * unless `always`); an answer is printed as a secret, or its -field.
 */
import { errorText } from './command.js';
import { err, out, type OutputFormat } from './format.js';
import type { CliIO } from './io.js';
import type { WriteResult } from '../api/logical.js';
import { outputSecret, printSecretField } from './secret-output.js';
import type { VaultSecret } from './secret.js';

const TEXTS = {
  write: { error: 'Error writing data to ', success: 'Success! Data written to: ' },
  delete: { error: 'Error deleting ', success: 'Success! Data deleted (if it existed) at: ' },
} as const;

export interface WriteReport {
  io: CliIO;
  format: OutputFormat;
  /** The path named in the messages. */
  path: string;
  kind: keyof typeof TEXTS;
  /** -field: print only this field of an answer. */
  field?: string;
  /** Prints an answer (default: the secret in the chosen format). */
  show?: (secret: VaultSecret) => number;
  /** Print the success line in every format and whatever the answer (kv metadata delete). */
  always?: boolean;
}

/** Reports the outcome of a write or delete that has been sent. */
export function reportWrite(r: WriteReport, result: WriteResult): number {
  const text = TEXTS[r.kind];
  if (result.error) {
    err(r.io, `${text.error}${r.path}: ${result.error.message}`);
    if (result.secret) outputSecret(r.io, result.secret, r.format);
    return 2;
  }
  if (r.always || result.secret === null) {
    if (r.always || r.format === 'table') out(r.io, `${text.success}${r.path}`);
    return 0;
  }
  if (r.field !== undefined && r.field !== '') return printSecretField(r.io, result.secret, r.field, r.format);
  return r.show ? r.show(result.secret) : outputSecret(r.io, result.secret, r.format);
}

/** Sends the write (or delete), then reports it; a request that fails outright is reported the same way. */
export async function writeAndReport(r: WriteReport, send: () => Promise<WriteResult>): Promise<number> {
  let result: WriteResult;
  try {
    result = await send();
  } catch (e) {
    err(r.io, `${TEXTS[r.kind].error}${r.path}: ${errorText(e)}`);
    return 2;
  }
  return reportWrite(r, result);
}

/**
 * The same step for a change whose success is one line (secrets enable/disable/tune, policy
 * write/delete, token revoke, operator seal): `FAILURE: <error>` and exit 2, or the success line
 * and exit 0. `notes` prints before the success line (policy write's name-conversion warning).
 */
export async function changeAndReport(
  io: CliIO,
  change: () => Promise<unknown>,
  text: { failure: string; success: string; notes?: () => void },
): Promise<number> {
  try {
    await change();
  } catch (e) {
    err(io, `${text.failure}: ${errorText(e)}`);
    return 2;
  }
  text.notes?.();
  out(io, text.success);
  return 0;
}
