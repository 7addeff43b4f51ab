import { TokenStore, type TokenEntry } from '../auth/token-store.js';
import { combine } from '../crypto/shamir.js';
import { CoreError, TsvaultError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { PrefixView } from '../logical/storage-view.js';
import type { SealWrapper } from '../seal/plugin-api.js';
import type { Backend } from '../storage/types.js';
import { Barrier, sealedError, type KeyStatus } from './barrier.js';
import { loadClusterInfo, type ClusterInfo } from './cluster-info.js';
import { initializeShamir, type InitRequest, type InitResult } from './init.js';
import { BARRIER_SEAL_CONFIG_PATH, readSealConfig, type SealConfig } from './seal-config.js';
import { readStoredKeys } from './stored-keys.js';
import { UnsealProgress } from './unseal-progress.js';
import { Services } from './services.js';
import { SECRET_ENGINES } from '../secrets/registry.js';
import type { BackendFactory, MountConfig } from '../logical/types.js';

export interface CoreOptions {
  storage: Backend;
  /** Extra secrets engine types beside the built-in ones (src/secrets/registry.ts). */
  engines?: Readonly<Record<string, BackendFactory>>;
  /** default_lease_ttl / max_lease_ttl from the server config, seconds. */
  systemDefaults?: MountConfig;
  storageType: string;
  seal: SealWrapper;
  logger: Logger;
  clusterName?: string;
  version: string;
  buildDate: string;
}

/** Vault's seal-status document (api.SealStatusResponse). */
export interface SealStatus {
  type: string;
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
  build_date: string;
  migration: boolean;
  cluster_name?: string;
  cluster_id?: string;
  recovery_seal: boolean;
  storage_type: string;
}

const MIN_KEY = 16;
const MAX_KEY = 33;

/**
 * The sealed/unsealed state machine. It owns the barrier and the unseal progress, and takes its
 * storage and seal as interfaces: it never imports a plugin. State changes run one at a time.
 */
export class Core {
  readonly storage: Backend;
  readonly barrier: Barrier;
  readonly tokens: TokenStore;
  readonly #services: Services;
  #opts: CoreOptions;
  #log: Logger;
  #progress = new UnsealProgress();
  #cluster: ClusterInfo | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Storage read once: a node that is initialised stays so, and only init writes the config. */
  #cachedSealConfig: SealConfig | undefined;

  constructor(opts: CoreOptions) {
    this.#opts = opts;
    this.#log = opts.logger;
    this.storage = opts.storage;
    this.barrier = new Barrier(opts.storage);
    this.tokens = new TokenStore(new PrefixView(this.barrier, ''), {
      logger: opts.logger.named('token'),
      ...(opts.systemDefaults ? { defaultTtl: opts.systemDefaults.default_lease_ttl, maxTtl: opts.systemDefaults.max_lease_ttl } : {}),
      onRevoke: (entry) => this.#services.onTokenRevoked(entry),
    });
    this.#services = new Services({
      barrier: this.barrier,
      tokens: this.tokens,
      logger: opts.logger,
      version: opts.version,
      systemDefaults: opts.systemDefaults ?? { default_lease_ttl: 2_764_800, max_lease_ttl: 2_764_800 },
      factories: { ...SECRET_ENGINES, ...opts.engines },
    });
  }

  get sealed(): boolean {
    return this.barrier.sealed;
  }

  /** One state change at a time (init, unseal, seal, rotate). */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async initialized(): Promise<boolean> {
    if (this.#cachedSealConfig) return true;
    const init = await this.barrier.initialized();
    if (!init) this.#log.info('security barrier not initialized');
    return init;
  }

  async sealStatus(): Promise<SealStatus> {
    const initialized = await this.initialized();
    const config = initialized ? await this.#sealConfig() : null;
    const sealed = this.sealed;
    const status: SealStatus = {
      type: config?.type ?? this.#opts.seal.type,
      initialized,
      sealed,
      t: config?.secret_threshold ?? 0,
      n: config?.secret_shares ?? 0,
      progress: sealed ? this.#progress.progress : 0,
      nonce: sealed ? this.#progress.nonce : '',
      version: this.#opts.version,
      build_date: this.#opts.buildDate,
      migration: false,
      recovery_seal: false,
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

  initialize(req: InitRequest, opts: { rootTokenId?: string } = {}): Promise<InitResult> {
    return this.#serial(() =>
      initializeShamir(req, {
        storage: this.storage,
        barrier: this.barrier,
        seal: this.#opts.seal,
        logger: this.#log,
        setup: async () => {
          await loadClusterInfo(this.barrier, this.#opts.clusterName);
          const { token } = await this.tokens.createRoot(opts.rootTokenId);
          this.#log.info('root token generated');
          this.tokens.reset();
          return token;
        },
      }),
    );
  }

  /** Forget the shares given so far. */
  resetUnseal(): void {
    this.#progress.reset();
  }

  /** Add one key share; at the threshold, try to unseal (the shares are dropped either way). */
  unseal(key: Uint8Array): Promise<void> {
    return this.#serial(async () => {
      if (key.length < MIN_KEY) {
        throw new CoreError('CORE_INVALID_KEY', 400, `invalid key: key is shorter than minimum ${MIN_KEY} bytes`);
      }
      if (key.length > MAX_KEY) {
        throw new CoreError('CORE_INVALID_KEY', 400, `invalid key: key is longer than maximum ${MAX_KEY} bytes`);
      }
      if (!this.sealed) return;
      const config = await this.#sealConfig();
      if (!this.#progress.add(key)) return;
      if (this.#progress.progress < config.secret_threshold) {
        this.#log.debug('cannot unseal, not enough keys', {
          keys: this.#progress.progress,
          threshold: config.secret_threshold,
          nonce: this.#progress.nonce,
        });
        return;
      }
      const parts = this.#progress.take();
      let kek: Uint8Array;
      try {
        kek = config.secret_threshold === 1 ? Uint8Array.from(parts[0]!) : combine(parts);
      } catch (cause) {
        const msg = cause instanceof Error ? cause.message : String(cause);
        throw new CoreError('CORE_INVALID_KEY', 400, `invalid key: failed to compute combined key: ${msg}`, { cause });
      } finally {
        for (const p of parts) p.fill(0);
      }
      await this.#unsealWithKek(kek);
    });
  }

  async #sealConfig(): Promise<SealConfig> {
    if (this.#cachedSealConfig) return this.#cachedSealConfig;
    if (!(await this.initialized())) throw new CoreError('BARRIER_NOT_INITIALIZED', 400, 'Vault is not initialized');
    const config = await readSealConfig(this.storage, BARRIER_SEAL_CONFIG_PATH);
    if (!config) throw new CoreError('BARRIER_CORRUPT', 500, 'core: barrier reports initialized but no seal configuration found');
    this.#cachedSealConfig = config;
    return config;
  }

  async #unsealWithKek(kek: Uint8Array): Promise<void> {
    const seal = this.#opts.seal;
    seal.setKey?.(kek);
    kek.fill(0);
    let keys: Uint8Array[] | null;
    try {
      keys = await readStoredKeys(this.storage, seal);
    } catch (cause) {
      const msg = cause instanceof Error ? cause.message : String(cause);
      throw new CoreError(
        'CORE_INVALID_KEY',
        400,
        `unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: ${msg}`,
        { cause },
      );
    }
    if (!keys || keys.length !== 1) {
      throw new CoreError('BARRIER_CORRUPT', 500, keys ? 'expected exactly one stored key' : 'no stored keys found');
    }
    const rootKey = keys[0]!;
    try {
      await this.barrier.unseal(rootKey);
    } catch (cause) {
      if (cause instanceof TsvaultError && cause.code === 'BARRIER_INVALID_KEY') {
        throw new CoreError('CORE_INVALID_KEY', 400, cause.message, { cause });
      }
      throw cause;
    } finally {
      rootKey.fill(0);
    }
    await this.#postUnseal();
  }

  async #postUnseal(): Promise<void> {
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
    return this.#serial(async () => {
      if (this.sealed) return;
      this.#log.info('marked as sealed');
      this.#log.info('pre-seal teardown starting');
      await this.#services.teardown();
      this.tokens.reset();
      this.barrier.seal();
      this.#cluster = undefined;
      this.#log.info('pre-seal teardown complete');
      this.#log.info('vault is sealed');
    });
  }

  /** The token's entry, or 403 `permission denied`; 503 while sealed. */
  async authenticate(token: string | undefined): Promise<TokenEntry> {
    if (this.sealed) throw sealedError();
    const entry = token ? await this.tokens.lookup(token) : null;
    if (!entry) throw new CoreError('CORE_PERMISSION_DENIED', 403, 'permission denied');
    return entry;
  }

  /** The request path behind the mount table (sealed until unsealed). */
  services(): Services {
    return this.#services;
  }

  /** Mount a secrets engine (the -dev server's `secret/`). */
  async enableMount(path: string, type: string, options: Record<string, string>, description: string): Promise<void> {
    await this.#services.mounts.enable('mounts', path, type, { options, description });
  }

  keyStatus(): KeyStatus {
    return this.barrier.keyStatus();
  }

  rotate(): Promise<number> {
    return this.#serial(async () => {
      const term = await this.barrier.rotate();
      this.#log.info('installed new keyring term', { term });
      return term;
    });
  }

  async close(): Promise<void> {
    await this.seal();
    await this.#opts.seal.close?.();
    await this.storage.close?.();
  }
}
