/**
 * What `vault kv put` and `vault kv patch` share ([V] command/kv_put.go, kv_patch.go): the
 * KEY [K=V...] arguments checked, the data parsed, the key's mount resolved; and how the
 * answer to the write is printed.
 */
import type { VaultClient } from '../api/client.js';
import { parseArgsData } from './args-data.js';
import { errorText, type Prepared } from './command.js';
import { err, type OutputFormat } from './format.js';
import type { CliIO } from './io.js';
import { outputWrittenMetadata, resolveKv, type KvTarget } from './kv-helpers.js';
import { outputSecret } from './secret-output.js';
import type { VaultSecret } from './secret.js';

export interface KvWriteInput {
  client: VaultClient;
  target: KvTarget;
  data: Record<string, unknown>;
}

/**
 * The key and data of the command, or the exit code after Vault's message. `needsData`: a key
 * alone is "Must supply data" (kv patch waives it when -remove-data is given).
 */
export async function kvWriteInput(io: CliIO, p: Prepared, needsData: boolean): Promise<KvWriteInput | number> {
  const a = p.flags.args;
  if (a.length < 1) {
    err(io, `Not enough arguments (expected >1, got ${a.length})`);
    return 1;
  }
  if (needsData && a.length === 1) {
    err(io, 'Must supply data');
    return 1;
  }
  const client = await p.client();
  let data: Record<string, unknown>;
  try {
    data = (await parseArgsData(io, a.slice(1))) ?? {};
  } catch (e) {
    err(io, `Failed to parse K=V data: ${errorText(e)}`);
    return 1;
  }
  const target = await resolveKv(io, client, p.flags.string('mount'), a[0] ?? '');
  if (target === null) return 2;
  return { client, target, data };
}

/** The answer of a KV write: a wrapped answer as a secret; else the path and metadata block (table) or the secret. */
export function outputKvWritten(io: CliIO, fullPath: string, secret: VaultSecret, format: OutputFormat): number {
  const wrapTtl = secret.wrap_info?.['ttl'];
  if (typeof wrapTtl === 'number' && wrapTtl !== 0) return outputSecret(io, secret, format);
  if (format === 'table') return outputWrittenMetadata(io, fullPath, secret, format);
  return outputSecret(io, secret, format);
}
