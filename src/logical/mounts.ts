import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { newMountEntry, normaliseMountPath, routePath, type MountEntry } from './mount-table.js';
import { Router } from './router.js';
import { getJson, PrefixView, putJson, type Store } from './storage-view.js';
import type { Backend, BackendFactory, MountConfig, StorageView } from './types.js';

const TABLE_PATHS = { mounts: 'core/mounts', auth: 'core/auth' } as const;

/** Backends that need the core's own objects (system, token) are built by the core. */
export type SpecialFactory = (storage: StorageView) => Backend;

export interface MountManagerOptions {
  /** The barrier (every table and mount view is cut from it). */
  barrier: Store;
  logger: Logger;
  systemDefaults: MountConfig;
  factories: Readonly<Record<string, BackendFactory>>;
  /** Auth method types that `sys/auth` (`vault auth enable TYPE`) can mount. */
  authFactories?: Readonly<Record<string, BackendFactory>>;
  /** Called before a mount moves to another path (sys/remount): Vault revokes the leases under the old path. */
  onRemount?: (entry: MountEntry) => Promise<void>;
  /** Called after an auth or secrets mount is removed from the table, before its storage is cleared (lease revocation). */
  onUnmount?: (entry: MountEntry) => Promise<void>;
  special: Readonly<Record<string, SpecialFactory>>;
  version: string;
}

interface StoredTable {
  type: MountEntry['table'];
  entries: MountEntry[];
}

/** Mounts that cannot be disabled or moved (Vault's protected mounts). */
const PROTECTED = new Set(['sys/', 'cubbyhole/', 'identity/', 'auth/token/']);

/**
 * The mount and auth tables: kept in the barrier (core/mounts, core/auth), built into a Router on
 * unseal, emptied on seal. Enable, disable and tune persist the table before they change routing.
 */
export class MountManager {
  readonly router = new Router();
  #opts: MountManagerOptions;
  #tables: Record<MountEntry['table'], MountEntry[]> = { mounts: [], auth: [] };

  constructor(opts: MountManagerOptions) {
    this.#opts = opts;
  }

  async setup(): Promise<void> {
    for (const table of ['mounts', 'auth'] as const) {
      const stored = await getJson<StoredTable>(this.#opts.barrier, TABLE_PATHS[table]);
      const entries = stored?.entries ?? [];
      // Vault's required mounts: a table from an older server gains the ones it lacks (identity/).
      const missing = defaultEntries(table).filter((d) => !entries.some((e) => e.type === d.type));
      this.#tables[table] = [...entries, ...missing];
      if (!stored || missing.length > 0) await this.#persist(table);
      for (const entry of this.#tables[table]) await this.#mount(entry);
    }
  }

  async teardown(): Promise<void> {
    for (const m of this.router.clear()) await m.backend.cleanup?.();
    this.#tables = { mounts: [], auth: [] };
  }

  list(table: MountEntry['table']): readonly MountEntry[] {
    return this.#tables[table];
  }

  find(table: MountEntry['table'], path: string): MountEntry | undefined {
    const normal = normaliseMountPath(path);
    return this.#tables[table].find((e) => e.path === normal);
  }

  async enable(
    table: MountEntry['table'],
    path: string,
    type: string,
    fields: Partial<Pick<MountEntry, 'description' | 'config' | 'options' | 'local' | 'seal_wrap'>> = {},
  ): Promise<MountEntry> {
    const normal = normaliseMountPath(path);
    if (!normal) throw new CoreError('CORE_INVALID_REQUEST', `invalid mount path ${JSON.stringify(path)}`);
    const entry = newMountEntry(table, normal, type, fields);
    const full = routePath(entry);
    if (table === 'mounts' && (full.startsWith('auth/') || full.startsWith('sys/') || full === 'cubbyhole/' || full === 'identity/')) {
      throw new CoreError('CORE_INVALID_REQUEST', `cannot mount under reserved path "${full}"`);
    }
    const taken = this.router.conflicts(full);
    // Vault names the path as its table stores it (`approle/`, not `auth/approle/`).
    if (taken) throw new CoreError('CORE_INVALID_REQUEST', `path is already in use at ${table === 'auth' ? taken.replace(/^auth\//, '') : taken}`);
    if (!this.#factory(table, type)) {
      if (this.#opts.special[type]) throw new CoreError('CORE_INVALID_REQUEST', singletonMessage(table, type));
      throw new CoreError('CORE_INVALID_REQUEST', `plugin not found in the catalog: ${type}`);
    }
    this.#tables[table] = [...this.#tables[table], entry];
    await this.#persist(table);
    await this.#mount(entry);
    return entry;
  }

  async disable(table: MountEntry['table'], path: string): Promise<void> {
    const entry = this.find(table, path);
    if (!entry) throw new CoreError('CORE_INVALID_REQUEST', `no matching mount at "${path}"`);
    const full = routePath(entry);
    if (PROTECTED.has(full)) throw new CoreError('CORE_INVALID_REQUEST', `cannot unmount "${full}"`);
    this.#tables[table] = this.#tables[table].filter((e) => e !== entry);
    await this.#persist(table);
    await this.#opts.onUnmount?.(entry);
    const mounted = this.router.unmount(full);
    await mounted?.backend.cleanup?.();
    await clearView(mounted?.storage);
    this.#opts.logger.info('successfully unmounted', { path: full });
  }

  /**
   * Move a mount to another path (Vault's remountSecretsEngine / remountCredential): the same entry,
   * uuid and accessor under a new path, so its storage (`logical/<uuid>/`, `auth/<uuid>/`) stays
   * where it is and nothing is copied. The leases under the old path are revoked first. Paths are
   * full route paths (`secret/`, `auth/userpass/`); the caller has checked the protected paths.
   */
  async remount(from: string, to: string): Promise<MountEntry> {
    const table: MountEntry['table'] = from.startsWith('auth/') ? 'auth' : 'mounts';
    const fromPath = table === 'auth' ? from.slice('auth/'.length) : from;
    const toPath = normaliseMountPath(table === 'auth' ? to.slice('auth/'.length) : to);
    const entry = this.find(table, fromPath);
    if (!entry) throw new CoreError('CORE_INVALID_REQUEST', `no matching mount at "${from}"`);
    if (!toPath) throw new CoreError('CORE_INVALID_REQUEST', `invalid destination mount: ${JSON.stringify(to)}`);
    const moved: MountEntry = { ...entry, path: toPath };
    const conflict = this.router.conflicts(routePath(moved));
    if (conflict) throw new CoreError('CORE_INVALID_REQUEST', `path in use at "${conflict}"`);
    await this.#opts.onRemount?.(entry);
    this.#tables[table] = this.#tables[table].map((e) => (e === entry ? moved : e));
    await this.#persist(table);
    const mounted = this.router.unmount(routePath(entry));
    if (mounted) this.router.mount({ ...mounted, entry: moved });
    this.#opts.logger.info('successful remount', { old_path: routePath(entry), new_path: routePath(moved) });
    return moved;
  }

  async tune(
    table: MountEntry['table'],
    path: string,
    change: { config?: Partial<MountConfig>; description?: string; options?: Record<string, string> },
  ): Promise<MountEntry> {
    const entry = this.find(table, path);
    if (!entry) throw new CoreError('CORE_INVALID_REQUEST', `no mount entry found for path ${JSON.stringify(path)}`);
    const config = { ...entry.config, ...change.config };
    const max = config.max_lease_ttl || this.#opts.systemDefaults.max_lease_ttl;
    if (config.default_lease_ttl > max) {
      throw new CoreError('CORE_INVALID_REQUEST', 'backend max lease TTL cannot be less than default lease TTL');
    }
    if (entry.options?.version && change.options?.version && Number(change.options.version) < Number(entry.options.version)) {
      throw new CoreError('CORE_INVALID_REQUEST', 'cannot downgrade mount from version 2');
    }
    const tuned: MountEntry = {
      ...entry,
      config,
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.options ? { options: { ...(entry.options ?? {}), ...change.options } } : {}),
    };
    this.#tables[table] = this.#tables[table].map((e) => (e === entry ? tuned : e));
    await this.#persist(table);
    const mounted = this.router.get(routePath(entry));
    if (mounted) {
      // Options such as the KV version change how the backend works: rebuild it on the same storage.
      this.router.unmount(routePath(entry));
      await mounted.backend.cleanup?.();
      await this.#mount(tuned);
    }
    return tuned;
  }

  async #persist(table: MountEntry['table']): Promise<void> {
    await putJson(this.#opts.barrier, TABLE_PATHS[table], { type: table, entries: this.#tables[table] } satisfies StoredTable);
  }

  async #mount(entry: MountEntry): Promise<void> {
    const storage = this.#storageFor(entry);
    const special = this.#opts.special[entry.type];
    const factory = this.#factory(entry.table, entry.type);
    let backend: Backend;
    if (special) backend = special(storage);
    else if (factory) {
      backend = await factory({
        logger: this.#opts.logger.named(`${entry.table === 'auth' ? 'auth' : 'secrets'}.${entry.type}.${entry.accessor}`),
        options: entry.options ?? {},
        config: entry.config,
        systemDefaults: this.#opts.systemDefaults,
      });
    } else {
      throw new CoreError('CORE_INTERNAL', `no backend of type ${entry.type} for mount ${entry.path}`);
    }
    await backend.initialize?.(storage);
    this.router.mount({ entry, backend, storage });
    this.#opts.logger.info('successfully mounted', {
      type: entry.type,
      version: `v${this.#opts.version}+builtin`,
      path: entry.path,
      namespace: 'ID: root. Path: ',
    });
  }

  /** The factory of a type in a table: secrets engines in `mounts`, auth methods in `auth`. */
  #factory(table: MountEntry['table'], type: string): BackendFactory | undefined {
    const factories = table === 'auth' ? this.#opts.authFactories : this.#opts.factories;
    return factories && Object.hasOwn(factories, type) ? factories[type] : undefined;
  }

  #storageFor(entry: MountEntry): StorageView {
    if (entry.type === 'system') return new PrefixView(this.#opts.barrier, 'sys/');
    return new PrefixView(this.#opts.barrier, `${entry.table === 'auth' ? 'auth' : 'logical'}/${entry.uuid}/`);
  }
}

function defaultEntries(table: MountEntry['table']): MountEntry[] {
  if (table === 'auth') return [newMountEntry('auth', 'token/', 'token', { description: 'token based credentials' })];
  return [
    newMountEntry('mounts', 'cubbyhole/', 'cubbyhole', { description: 'per-token private secret storage', local: true }),
    newMountEntry('mounts', 'identity/', 'identity', { description: 'identity store' }),
    newMountEntry('mounts', 'sys/', 'system', { description: 'system endpoints used for control, policy and debugging' }),
  ];
}

/** Vault's refusal to mount a second token store, system backend, cubbyhole or identity store. */
function singletonMessage(table: MountEntry['table'], type: string): string {
  if (type === 'token') return 'token credential backend cannot be instantiated';
  return table === 'auth' ? `plugin not found in the catalog: ${type}` : `mount type of "${type}" is not mountable`;
}

/** Remove everything a mount stored (Vault clears a mount's view on unmount). */
async function clearView(view: StorageView | undefined): Promise<void> {
  if (!view) return;
  const walk = async (prefix: string): Promise<void> => {
    for (const key of await view.list(prefix)) {
      if (key.endsWith('/')) await walk(prefix + key);
      else await view.delete(prefix + key);
    }
  };
  await walk('');
}
