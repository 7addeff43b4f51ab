/**
 * Builds what runs on top of the core: the physical read cache in front of the storage, the token
 * store, the mount table with the system backend and the engine registry, and the one request
 * pipeline every listener serves. The core keeps the barrier and the sealed/unsealed state machine.
 */
import { TokenStore } from '../auth/token-store.js';
import { Core, type CoreOptions } from '../core/core.js';
import { Pipeline } from '../http/pipeline.js';
import type { Logger } from '../log/types.js';
import { PrefixView } from '../logical/storage-view.js';
import type { BackendFactory, MountConfig } from '../logical/types.js';
import { SECRET_ENGINES } from '../secrets/registry.js';
import { CachedBackend } from '../storage/cache.js';
import { Services } from './services.js';

/** Vault's default and maximum lease TTL: 768h. */
const DEFAULT_TTL = 2_764_800;

export interface AssembleOptions extends Omit<CoreOptions, 'services'> {
  /** Extra secrets engine types beside the built-in ones (src/secrets/registry.ts). */
  engines?: Readonly<Record<string, BackendFactory>>;
  /** default_lease_ttl / max_lease_ttl from the server config, seconds. */
  systemDefaults?: MountConfig;
  /** Entries of the physical read cache (Vault's cache_size); 0 turns it off (disable_cache). */
  cacheSize?: number;
  /** The HTTP layer's logger (the core's is `logger`); defaults to `logger`. */
  httpLogger?: Logger;
}

export interface Assembled {
  core: Core;
  tokens: TokenStore;
  services: Services;
  pipeline: Pipeline;
}

export function assemble(opts: AssembleOptions): Assembled {
  const { engines, systemDefaults, cacheSize, httpLogger, ...coreOptions } = opts;
  const storage = cacheSize === 0 ? opts.storage : new CachedBackend(opts.storage, cacheSize);
  let tokens: TokenStore | undefined;
  let services: Services | undefined;
  const core = new Core({
    ...coreOptions,
    storage,
    services: (c) => {
      tokens = new TokenStore(new PrefixView(c.barrier, ''), {
        logger: opts.logger.named('token'),
        ...(systemDefaults ? { defaultTtl: systemDefaults.default_lease_ttl, maxTtl: systemDefaults.max_lease_ttl } : {}),
        onRevoke: (entry) => services!.onTokenRevoked(entry),
      });
      services = new Services({
        core: c,
        tokens,
        logger: opts.logger,
        httpLogger: (httpLogger ?? opts.logger).named('http'),
        version: opts.version,
        systemDefaults: systemDefaults ?? { default_lease_ttl: DEFAULT_TTL, max_lease_ttl: DEFAULT_TTL },
        factories: { ...SECRET_ENGINES, ...engines },
      });
      return services;
    },
  });
  return { core, tokens: tokens!, services: services!, pipeline: new Pipeline(services!) };
}
