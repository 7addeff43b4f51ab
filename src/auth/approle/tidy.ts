/**
 * `tidy/secret-id` and the periodic tidy (Vault's path_tidy_user_id.go, run once a minute by its
 * rollback manager): expired secret IDs go with their accessors, so do secret IDs whose accessor is
 * gone, secret ID folders of roles that no longer exist, and accessor entries whose secret ID is gone.
 */
import type { Logger } from '../../log/types.js';
import type { LogicalRequest, LogicalResponse, PathSpec, StorageView } from '../../logical/types.js';
import { getJson } from '../../logical/storage-view.js';
import { withStatus } from './errors.js';
import type { RoleDeps } from './paths-role.js';
import { ACCESSOR_PREFIX, isExpired, SECRET_ID_PREFIX, secretIdKey, type AccessorEntry, type SecretIdEntry } from './secret-ids.js';

export const TIDY_INTERVAL_MS = 60_000;
const STARTED = "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";
const IN_PROGRESS = 'Tidy operation already in progress.';

export class Tidier {
  readonly #deps: RoleDeps;
  #running = false;

  constructor(deps: RoleDeps) {
    this.#deps = deps;
  }

  get running(): boolean {
    return this.#running;
  }

  /** One pass; false when another is under way (Vault's CAS guard). */
  async run(storage: StorageView): Promise<boolean> {
    if (this.#running) return false;
    this.#running = true;
    try {
      await this.#tidy(storage);
      return true;
    } finally {
      this.#running = false;
    }
  }

  async #liveStorageIds(storage: StorageView): Promise<Set<string>> {
    const { roles } = this.#deps;
    const live = new Set<string>();
    for (const name of await roles.list(storage)) {
      const role = await roles.get(storage, name);
      if (role) live.add(role.storage_id);
    }
    return live;
  }

  async #tidy(storage: StorageView): Promise<void> {
    const { secretIds, state } = this.#deps;
    const live = await this.#liveStorageIds(storage);
    const orphans: string[] = [];
    for (const folder of await storage.list(SECRET_ID_PREFIX)) {
      if (!folder.endsWith('/')) continue;
      const storageId = folder.slice(0, -1);
      if (!live.has(storageId)) {
        orphans.push(storageId);
        continue;
      }
      for (const hmac of await secretIds.hmacs(storage, storageId)) {
        await secretIds.locked(hmac, async () => {
          const entry = await getJson<SecretIdEntry>(storage, secretIdKey(storageId, hmac));
          if (!entry) return;
          if (isExpired(entry, state.clock())) await secretIds.remove(storage, storageId, entry);
          else if (!(await secretIds.hasAccessor(storage, entry))) await secretIds.removeEntry(storage, storageId, hmac);
        });
      }
    }
    // Folders of deleted roles: decided again with role writes held off, so a role created since
    // the first look keeps its secret IDs.
    if (orphans.length > 0) {
      await state.roles.run('roles', async () => {
        const now = await this.#liveStorageIds(storage);
        for (const storageId of orphans) if (!now.has(storageId)) await secretIds.flush(storage, storageId);
      });
    }
    // Accessor entries whose secret ID is gone (checked under the secret ID's lock: a registration
    // writes the accessor first, then the entry, inside that lock).
    for (const key of await storage.list(ACCESSOR_PREFIX)) {
      if (key.endsWith('/')) continue;
      const index = await getJson<AccessorEntry>(storage, ACCESSOR_PREFIX + key);
      if (!index) continue;
      await secretIds.locked(index.secret_id_hmac, async () => {
        if (!(await storage.get(secretIdKey(index.storage_id, index.secret_id_hmac)))) await storage.delete(ACCESSOR_PREFIX + key);
      });
    }
  }
}

/**
 * `tidy/secret-id`: the pass runs before the answer (Vault starts it in the background and answers
 * 202 at once); a failure is logged, as Vault's goroutine logs it, and the answer is the same.
 */
export function tidyPaths(tidier: Tidier, logger: Logger): PathSpec[] {
  const tidy = async (req: LogicalRequest): Promise<LogicalResponse> => {
    if (tidier.running) return { warnings: [IN_PROGRESS] };
    try {
      if (!(await tidier.run(req.storage))) return { warnings: [IN_PROGRESS] };
    } catch (err) {
      logger.error('error tidying secret IDs', { error: (err as Error).message });
    }
    return withStatus(req, 202, { warnings: [STARTED] });
  };
  return [{ pattern: /^tidy\/secret-id$/, operations: { update: tidy } }];
}
