import type { SealStatusResponse } from '../wire/seal.js';
import { CoreError, TsvaultError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Backend } from '../storage/types.js';
import { Barrier, type KeyStatus } from './barrier.js';
import { loadClusterInfo, type ClusterInfo } from './cluster-info.js';
import { initialize, type InitRequest, type InitResult } from './init.js';
import { createKeyAuthority } from './operator-keys.js';
import type { KeyAuthority } from './key-authority.js';
import { combineShares } from '../seal/root-key.js';
import type { Seal, StoredKeysHost } from '../seal/seal.js';
import { operatorKeysConfig, type SealConfig, type SealConfigs } from '../seal/seal-config.js';
import type { SealHealthStatus } from '../seal/seal-health.js';
import type { MigrationPair } from '../seal/migration-pair.js';
import { recoverMigration, type Failpoint } from '../seal/migration.js';
import { GenerateRoot } from './generate-root.js';
import { Rekey, type RekeyTarget } from './rekey.js';
import { UnsealProgress } from './unseal-progress.js';

/**
 * What runs on top of the barrier while unsealed: tokens, policies, the mount table and its
 * engines. src/server/assemble.ts builds it; the core only brings it up and down.
 */
export interface UnsealedServices {
  /** Post-unseal setup (mount tables, token reaper). */
  setup(): Promise<void>;
  /** Pre-seal teardown: stop, and forget everything read through the barrier. */
  teardown(): Promise<void>;
  /** A new root token (init, generate-root); `id` chooses it (-dev's root token id). */
  createRootToken(id?: string): Promise<string>;
}

export interface CoreOptions {
  /** The physical storage (src/server/assemble.ts puts the read cache in front of it). */
  storage: Backend;
  /** Builds the unsealed services over this core (once, in the constructor). */
  services: (core: Core) => UnsealedServices;
  storageType: string;
  /** The seal in force (src/seal: Shamir or auto); the core asks it and never which it is. */
  seal: Seal;
  /** The configured migration (from a `disabled = "true"` block or Shamir to `seal`), if any. */
  migration?: MigrationPair;
  /** Test-only failpoint for migration steps (TSVAULT_FAILPOINT). */
  failpoint?: Failpoint;
  logger: Logger;
  clusterName?: string;
  version: string;
  buildDate: string;
}

/** Vault's seal-status document, as this server fills it (the wire type is src/wire's). */
export type SealStatus = Omit<SealStatusResponse, 'removed_from_cluster' | 'warnings' | 'migration_done_at_epoch' | 'storage_type'> & {
  storage_type: string;
};

const MIN_KEY = 16;
const MAX_KEY = 33;

/**
 * The sealed/unsealed state machine. It owns the barrier and the unseal progress, and takes its
 * storage and seal as interfaces: it never imports a plugin. State changes run one at a time.
 * What depends on the kind of seal (which shares the operators hold, what unwraps the root key,
 * stored-key unseal) is the Seal's to answer.
 */
export class Core {
  readonly storage: Backend;
  readonly barrier: Barrier;
  readonly barrierSeal: Seal;
  readonly #services: UnsealedServices;
  readonly generateRoot: GenerateRoot;
  readonly rekeys: Readonly<Record<RekeyTarget, Rekey>>;
  #opts: CoreOptions;
  #log: Logger;
  #progress = new UnsealProgress();
  #cluster: ClusterInfo | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Storage read once: a node that is initialised stays so, and only init writes the configs. */
  #configs: SealConfigs | undefined;
  /** The configured migration, while it is pending. */
  #migration: MigrationPair | undefined;

  constructor(opts: CoreOptions) {
    this.#opts = opts;
    this.#log = opts.logger;
    this.storage = opts.storage;
    this.barrierSeal = opts.seal;
    this.barrier = new Barrier(this.storage);
    const authority = this.keyAuthority();
    this.generateRoot = new GenerateRoot({ authority, logger: opts.logger });
    this.rekeys = {
      barrier: new Rekey({ authority, target: 'barrier', logger: opts.logger }),
      recovery: new Rekey({ authority, target: 'recovery', logger: opts.logger }),
    };
    this.#services = opts.services(this);
  }

  get sealed(): boolean {
    return this.barrier.sealed;
  }

  /** The version this server reports (seal-status, health). */
  get version(): string {
    return this.#opts.version;
  }

  /** One state change at a time (init, unseal, seal, rotate). */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async initialized(): Promise<boolean> {
    if (this.#configs) return true;
    const init = await this.barrier.initialized();
    if (!init) this.#log.info('security barrier not initialized');
    return init;
  }

  /** Barrier and recovery seal configs; 400 `Vault is not initialized` before init. */
  async configs(): Promise<SealConfigs> {
    if (this.#configs) return this.#configs;
    if (!(await this.initialized())) throw new CoreError('BARRIER_NOT_INITIALIZED');
    this.#configs = await this.barrierSeal.readConfigs(this.storage);
    return this.#configs;
  }

  /** The shares operators hold: recovery shares under an auto seal, unseal shares under Shamir. */
  async operatorConfig(): Promise<SealConfig> {
    return operatorKeysConfig(await this.configs());
  }

  async sealStatus(): Promise<SealStatus> {
    const initialized = await this.initialized();
    const configs = initialized ? await this.configs() : null;
    const keys = configs ? operatorKeysConfig(configs) : null;
    const sealed = this.sealed;
    const fields = this.barrierSeal.statusFields(configs);
    const status: SealStatus = {
      type: fields.type,
      initialized,
      sealed,
      t: keys?.secret_threshold ?? 0,
      n: keys?.secret_shares ?? 0,
      progress: sealed ? this.#progress.progress : 0,
      nonce: sealed ? this.#progress.nonce : '',
      version: this.#opts.version,
      build_date: this.#opts.buildDate,
      migration: this.#migration !== undefined,
      recovery_seal: fields.recovery_seal,
      ...(fields.recovery_seal_type ? { recovery_seal_type: fields.recovery_seal_type } : {}),
      storage_type: this.#opts.storageType,
    };
    if (!sealed && this.#cluster) {
      status.cluster_name = this.#cluster.name;
      status.cluster_id = this.#cluster.id;
    }
    return status;
  }

  cluster(): ClusterInfo | undefined {
    return this.sealed ? undefined : this.#cluster;
  }

  /** Vault's sys/init; an auto-sealed node unseals at once. */
  initialize(req: InitRequest, opts: { rootTokenId?: string } = {}): Promise<InitResult> {
    return this.serial(async () => {
      const result = await initialize(req, {
        storage: this.storage,
        barrier: this.barrier,
        seal: this.barrierSeal,
        logger: this.#log,
        setup: async () => {
          await loadClusterInfo(this.barrier, this.#opts.clusterName);
          const token = await this.#services.createRootToken(opts.rootTokenId);
          this.#log.info('root token generated');
          await this.#services.teardown();
          return token;
        },
      });
      await this.barrierSeal.unsealWithStoredKeys(this.#storedKeysHost());
      return result;
    });
  }

  /** Forget the shares given so far. */
  resetUnseal(): void {
    this.#progress.reset();
  }

  /**
   * Add one key share; at the threshold, unseal (the shares are dropped either way). The seal says
   * what the combined shares open: the Shamir KEK the stored root key, or recovery shares checked
   * before the auto seal unwraps the root key (unseal after `vault operator seal`).
   */
  unseal(key: Uint8Array, opts: { migrate?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      if (key.length < MIN_KEY) throw new CoreError('CORE_INVALID_KEY', `invalid key: key is shorter than minimum ${MIN_KEY} bytes`);
      if (key.length > MAX_KEY) throw new CoreError('CORE_INVALID_KEY', `invalid key: key is longer than maximum ${MAX_KEY} bytes`);
      if (!this.sealed) return;
      if (this.#migration && !opts.migrate) {
        throw new CoreError('CORE_INTERNAL', 'migrate option not provided and seal migration is pending');
      }
      if (!this.#migration && opts.migrate) {
        throw new CoreError('CORE_INTERNAL', "can't perform a seal migration, no migration seal found");
      }
      const config = await this.operatorConfig();
      if (!this.#progress.add(key)) return;
      if (this.#progress.progress < config.secret_threshold) {
        this.#log.debug('cannot unseal, not enough keys', { keys: this.#progress.progress, threshold: config.secret_threshold });
        return;
      }
      const parts = this.#progress.take();
      const combined = (() => {
        try {
          return combineShares(parts, config.secret_threshold);
        } finally {
          for (const p of parts) p.fill(0);
        }
      })();
      try {
        if (this.#migration) await this.#migrate(this.#migration, combined);
        else await this.#openBarrier(await this.barrierSeal.rootKeyFromShares(this.storage, combined));
      } finally {
        combined.fill(0);
      }
    });
  }

  /**
   * Before serving: finish or undo an interrupted migration, then decide whether the configured
   * migration is still pending (Vault's checkForSealMigration / sealMigrated).
   */
  async prepare(): Promise<void> {
    await recoverMigration(this.storage, this.#log);
    this.#configs = undefined;
    const pair = this.#opts.migration;
    if (!pair || !(await this.barrier.initialized())) return;
    this.#migration = await pair.ifPending(this.storage, (await this.configs()).barrier.type, this.#log);
  }

  get migrationPending(): boolean {
    return this.#migration !== undefined;
  }

  /** At the threshold during a migration: open with the old seal, move the keys, open again. */
  async #migrate(pair: MigrationPair, combined: Uint8Array): Promise<void> {
    const newRoot = await pair.openAndMigrate({
      storage: this.storage,
      barrier: this.barrier,
      configs: await this.configs(),
      operatorKey: combined,
      logger: this.#log,
      fail: this.#opts.failpoint ?? (() => undefined),
    });
    this.#migration = undefined;
    this.#configs = undefined;
    await this.#openBarrier(newRoot);
  }

  /** Vault's UnsealWithStoredKeys, for the start-up loop: the seal decides (Shamir: nothing to do). */
  unsealWithStoredKeys(): Promise<void> {
    return this.serial(() => this.barrierSeal.unsealWithStoredKeys(this.#storedKeysHost()));
  }

  #storedKeysHost(): StoredKeysHost {
    const core = this;
    return {
      storage: this.storage,
      logger: this.#log,
      get sealed() {
        return core.sealed;
      },
      get migrationPending() {
        return core.migrationPending;
      },
      initialized: () => this.barrier.initialized(),
      open: (rootKey) => this.#openBarrier(rootKey),
    };
  }

  async #openBarrier(rootKey: Uint8Array): Promise<void> {
    try {
      await this.barrier.unseal(rootKey);
    } catch (cause) {
      if (cause instanceof TsvaultError && cause.code === 'BARRIER_INVALID_KEY') {
        throw new CoreError('CORE_INVALID_KEY', cause.message, { cause });
      }
      throw cause;
    } finally {
      rootKey.fill(0);
    }
    this.#log.info('post-unseal setup starting');
    try {
      this.#cluster = await loadClusterInfo(this.barrier, this.#opts.clusterName);
      await this.#services.setup();
    } catch (err) {
      await this.#services.teardown();
      this.barrier.seal();
      throw err;
    }
    this.#log.info('post-unseal setup complete');
    this.#log.info('vault is unsealed');
  }

  /** Seal now (Vault's sys/seal). No-op when already sealed. */
  seal(): Promise<void> {
    return this.serial(async () => {
      if (this.sealed) return;
      this.#log.info('marked as sealed');
      this.#log.info('pre-seal teardown starting');
      await this.#services.teardown();
      this.generateRoot.reset();
      this.rekeys.barrier.reset();
      this.rekeys.recovery.reset();
      this.barrier.seal();
      this.#cluster = undefined;
      this.#log.info('pre-seal teardown complete');
      this.#log.info('vault is sealed');
    });
  }

  /** A new root token (generate-root). */
  createRootToken(): Promise<string> {
    return this.#services.createRootToken();
  }

  /** sys/seal-backend-status: the seal's health check, when it runs one. */
  sealBackendStatus(): SealHealthStatus {
    return this.barrierSeal.backendStatus();
  }

  /** What generate-root and rekey build on. */
  keyAuthority(): KeyAuthority {
    return createKeyAuthority(this, () => (this.#configs = undefined));
  }

  keyStatus(): KeyStatus {
    return this.barrier.keyStatus();
  }

  rotate(): Promise<number> {
    return this.serial(async () => {
      const term = await this.barrier.rotate();
      this.#log.info('installed new keyring term', { term });
      return term;
    });
  }

  async close(): Promise<void> {
    await this.seal();
    await this.barrierSeal.close();
    await this.#opts.migration?.close();
    await this.storage.close?.();
  }
}
