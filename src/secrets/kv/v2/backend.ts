/**
 * The versioned KV engine (Vault's `kv` with `version=2`): the paths of vault-plugin-secrets-kv in
 * its order, ending with its catch-all that answers any other path with 404 and a hint.
 */
import { createPathBackend } from '../../../logical/framework.js';
import type { Backend, BackendContext, LogicalRequest, LogicalResponse, Operation, PathSpec, StorageView } from '../../../logical/types.js';
import { systemClock, type Clock } from '../clock.js';
import { KeyedLock } from '../keyed-lock.js';
import { configPath } from './config.js';
import type { V2Context } from './context.js';
import { dataPath } from './data.js';
import { metadataPath } from './metadata.js';
import { subkeysPath } from './subkeys.js';
import { V2Readiness } from './upgrade.js';
import { versionsPaths } from './versions.js';

export interface KvV2Options {
  /** Time source (nanoseconds since the epoch); the system clock by default. */
  clock?: Clock;
}

/** The `vault kv` subcommand Vault's hint names for each operation. */
const SUBCOMMAND: Record<Operation, string> = {
  create: 'put',
  update: 'put',
  patch: 'patch',
  read: 'get',
  list: 'list',
  delete: 'delete',
};

const ROOTS = new Set(['metadata', 'data', 'delete', 'undelete', 'destroy']);

/** Vault's pathInvalid: 404 with a warning, never an error. */
function invalidPath(): PathSpec {
  const handler = async (req: LogicalRequest): Promise<LogicalResponse> => {
    const warning = ROOTS.has(req.path)
      ? 'Non-listing operations on the root of a K/V v2 mount are not supported.'
      : 'Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. ' +
        `If using the Vault CLI, use 'vault kv ${SUBCOMMAND[req.operation]}' for this operation.`;
    return { status: 404, warnings: [warning] };
  };
  return { pattern: /^.*$/s, synopsis: 'Any other path: versioned K/V answers under data/, metadata/, delete/, undelete/, destroy/ and subkeys/.', operations: { read: handler, update: handler, patch: handler, delete: handler, list: handler } };
}

export async function createKvV2Backend(ctx: BackendContext, options: KvV2Options = {}): Promise<Backend> {
  const clock = options.clock ?? systemClock();
  const readiness = new V2Readiness(ctx.logger, clock);
  const v2: V2Context = { clock, locks: new KeyedLock(), store: (req) => readiness.store(req.storage) };
  return createPathBackend({
    type: 'kv',
    help: 'The versioned key/value secrets engine (kv version 2): each write of a secret keeps a new version; older versions can be read, soft-deleted, undeleted or destroyed. Use data/<path> for secrets and metadata/<path> for listing and version settings.',
    paths: [configPath(v2), dataPath(v2), metadataPath(v2), ...versionsPaths(v2), subkeysPath(v2), invalidPath()],
    initialize: (storage: StorageView) => readiness.start(storage),
  });
}
