/** What `vault list` and `vault kv list` share after the request: -detailed and Vault's checks and output. */
import { parseGoBool } from './flags.js';
import { err, out, type OutputFormat } from './format.js';
import { marshalIndent } from './go-json.js';
import type { CliIO } from './io.js';
import { outputList, outputSecret } from './secret-output.js';
import type { VaultSecret } from './secret.js';

/** -detailed, else VAULT_DETAILED (Vault reads both before the command runs). */
export function detailedFlag(set: boolean, value: boolean, env: NodeJS.ProcessEnv): boolean {
  if (set) return value;
  try {
    return env['VAULT_DETAILED'] ? parseGoBool(env['VAULT_DETAILED']) : false;
  } catch {
    return false;
  }
}

/** The part of list and kv list after the request: Vault's checks and the output. */
export function finishList(
  io: CliIO,
  path: string,
  secret: VaultSecret | null,
  format: OutputFormat,
  detailed: boolean,
  dataNilIsMissing: boolean,
): number {
  // A wrapped answer is printed as the wrapping token's secret.
  const ttl = secret?.wrap_info?.['ttl'];
  if (secret && secret.wrap_info !== null && typeof ttl === 'number' && ttl !== 0) return outputSecret(io, secret, format);
  const keys = secret?.data?.['keys'];
  const ok = Array.isArray(keys);
  if (format !== 'table' && (secret === null || secret.data === null || !ok)) {
    out(io, marshalIndent({}));
    return 2;
  }
  if (secret === null || (dataNilIsMissing && secret.data === null)) {
    err(io, `No value found at ${path}`);
    return 2;
  }
  // Warnings but no data: print what there is.
  if (secret.data === null) return outputSecret(io, secret, format);
  if (!ok) {
    err(io, `No entries found at ${path}`);
    return 2;
  }
  return outputList(io, secret, format, detailed);
}
