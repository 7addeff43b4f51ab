import { CoreError, TsvaultError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Backend } from '../storage/types.js';
import { Barrier, type KeyStatus } from './barrier.js';
import { loadClusterInfo, type ClusterInfo } from './cluster-info.js';
import { initialize, type InitRequest, type InitResult } from './init.js';
import { createKeyAuthority } from './operator-keys.js';
import type { KeyAuthority } from './key-authority.js';
import type { Seal, StoredKeysHost } from '../seal/seal.js';
import { operatorKeysConfig, type SealConfig, type SealConfigs } from '../seal/seal-config.js';
import type { SealHealthStatus } from '../seal/seal-health.js';
import type { MigrationPair } from '../seal/migration-pair.js';
import { recoverMigration } from '../seal/migration.js';
import { GenerateRoot } from './generate-root.js';
import { Rekey, type RekeyTarget } from './rekey.js';
import { UnsealProgress } from './unseal-progress.js';
import type { CoreOptions, SealStatus, UnsealedServices } from './core-options.js';
import { fillSealStatus } from './seal-status.js';

export type { CoreOptions, SealStatus, UnsealedServices } from './core-options.js';

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
    this.barrier = new Barrier(this.storage, opts.barrierTimer);
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
    return fillSealStatus({
      initialized,
      sealed: this.sealed,
      configs,
      fields: this.barrierSeal.statusFields(configs),
      progress: this.#progress,
      migration: this.#migration !== undefined,
      options: this.#opts,
      cluster: this.#cluster,
    });
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
      UnsealProgress.checkKey(key);
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
      const combined = this.#progress.combine(config.secret_threshold);
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
    const deferred = this.#services.deferred === true;
    this.#log.info(deferred ? 'vault is unsealed' : 'post-unseal setup starting');
    try {
      this.#cluster = await loadClusterInfo(this.barrier, this.#opts.clusterName);
      await this.#services.setup();
    } catch (err) {
      await this.#services.teardown();
      this.barrier.seal();
      throw err;
    }
    if (deferred) return;
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
