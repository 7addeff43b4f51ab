/**
 * Builds what runs on top of the core: the physical read cache in front of the storage, the token
 * store, the mount table with the system backend and the engine registry, and the one request
 * pipeline every listener serves. The core keeps the barrier and the sealed/unsealed state machine.
 */
import { AUTH_METHODS } from '../auth/methods.js';
import { TokenStore } from '../auth/token-store.js';
import { Core, type CoreOptions } from '../core/core.js';
import { Pipeline } from '../http/pipeline.js';
import type { Logger } from '../log/types.js';
import { PrefixView } from '../logical/storage-view.js';
import type { BackendFactory, MountConfig } from '../logical/types.js';
import { SECRET_ENGINES } from '../secrets/registry.js';
import { CachedBackend } from '../storage/cache.js';
import { Services } from './services.js';
import type { Advertisement } from '../ha/advertisement.js';
import { HACoordinator } from '../ha/coordinator.js';
import { WriteFence } from '../ha/write-fence.js';
import type { HABackend } from '../storage/ha.js';
import { InFlightRequests } from '../http/in-flight.js';
import type { OperatorSources } from '../secrets/system/operator-paths.js';

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
  /** HA: the backend holding the lock and what this node advertises (src/ha/). */
  ha?: { backend: HABackend; self: Advertisement; stepDownSleepMs?: number };
  /** The daemon's root logger and configuration, for sys/monitor, sys/loggers and sys/config/state. */
  operator?: Omit<OperatorSources, 'inFlight'>;
}

export interface Assembled {
  core: Core;
  tokens: TokenStore;
  services: Services;
  pipeline: Pipeline;
  /** The HA standby loop, when HA is enabled. */
  ha?: HACoordinator;
  /** The requests being served (the listener fills it; sys/in-flight-req reads it). */
  inFlight: InFlightRequests;
}

export function assemble(opts: AssembleOptions): Assembled {
  const { engines, systemDefaults, cacheSize, httpLogger, ha, operator, ...coreOptions } = opts;
  const inFlight = new InFlightRequests();
  // storage ← fence (HA: writes only while the lock is held) ← read cache ← core
  const fence = ha ? new WriteFence(opts.storage) : undefined;
  const fenced = fence ?? opts.storage;
  const cache = cacheSize === 0 ? undefined : new CachedBackend(fenced, cacheSize);
  let tokens: TokenStore | undefined;
  let services: Services | undefined;
  let coordinator: HACoordinator | undefined;
  const core = new Core({
    ...coreOptions,
    storage: cache ?? fenced,
    services: (c) => {
      if (ha) {
        const real = { setup: () => services!.setup(), teardown: () => services!.teardown(), createRootToken: (id?: string) => services!.createRootToken(id) };
        coordinator = new HACoordinator({
          backend: ha.backend,
          services: real,
          fence: fence!,
          ...(cache ? { cache } : {}),
          barrier: c.barrier,
          self: ha.self,
          logger: opts.logger,
          ...(ha.stepDownSleepMs !== undefined ? { stepDownSleepMs: ha.stepDownSleepMs } : {}),
        });
      }
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
        authFactories: AUTH_METHODS,
        ...(coordinator ? { ha: coordinator } : {}),
        operator: { ...operator, inFlight },
      });
      return coordinator ?? services;
    },
  });
  return { core, tokens: tokens!, services: services!, pipeline: new Pipeline(services!), inFlight, ...(coordinator ? { ha: coordinator } : {}) };
}
