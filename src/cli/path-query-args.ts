/**
 * The `PATH [K=V...]` arguments of `vault read` and `vault delete` ([V] command/read.go,
 * delete.go): at least the path, which is sanitized; the K=V pairs parsed as string lists for
 * the request's query. Each command keeps Vault's own wording of the two errors.
 */
import type { VaultClient } from '../api/client.js';
import { parseArgsDataStringLists } from './args-data.js';
import { errorText, type Prepared } from './command.js';
import { err } from './format.js';
import { sanitizePath } from './go-path.js';
import type { CliIO } from './io.js';

export interface PathQueryArgs {
  client: VaultClient;
  path: string;
  data: Record<string, string[]> | null;
}

export interface PathQueryTexts {
  /** What "Not enough arguments (expected …, got N)" says is expected. */
  expected: string;
  /** The start of the message for K=V pairs that do not parse. */
  parseFailure: string;
}

/** The client, path and query data; or the exit code after Vault's message. */
export async function pathQueryArgs(io: CliIO, p: Prepared, texts: PathQueryTexts): Promise<PathQueryArgs | number> {
  const a = p.flags.args;
  if (a.length < 1) {
    err(io, `Not enough arguments (expected ${texts.expected}, got ${a.length})`);
    return 1;
  }
  const client = await p.client();
  const path = sanitizePath(a[0] ?? '');
  let data: Record<string, string[]> | null;
  try {
    data = await parseArgsDataStringLists(io, a.slice(1));
  } catch (e) {
    err(io, `${texts.parseFailure}: ${errorText(e)}`);
    return 1;
  }
  return { client, path, data };
}
