/**
 * Builds what runs on top of the core: the physical read cache in front of the storage, the token
 * store, the mount table with the system backend and the engine registry, and the one request
 * pipeline every listener serves. The core keeps the barrier and the sealed/unsealed state machine.
 */
import { AUDIT_DEVICE_TYPES } from '../audit/devices/registry.js';
import type { AuditDeviceFactory } from '../audit/types.js';
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
import { auditFailureHook, cacheLookupHook, tokenCreationHook } from '../telemetry/hooks.js';
import { instrumentStorage } from '../telemetry/instrument.js';
import type { Metrics } from '../telemetry/metrics.js';

/** The auth mount a token's path belongs to (vault.token.creation's labels). */
function authMountOf(services: Services | undefined, path: string): { mountPoint: string; type: string } | undefined {
  const match = services?.router.match(path);
  return match ? { mountPoint: match.mountPoint, type: match.mounted.entry.type } : undefined;
}
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
  /** Extra audit device types beside the built-in ones (tests use fakes). */
  auditDevices?: Readonly<Record<string, AuditDeviceFactory>>;
  /** Told of every audit entry no device could write; defaults to the metrics' audit failure counters. */
  onAuditFailure?: (kind: 'request' | 'response') => void;
  /** HA: the backend holding the lock and what this node advertises (src/ha/). */
  ha?: { backend: HABackend; self: Advertisement; stepDownSleepMs?: number };
  /** The server's metrics: storage, barrier, read cache and token creation report to it; sys/metrics serves it. */
  metrics?: Metrics;
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
  const { engines, systemDefaults, cacheSize, httpLogger, ha, auditDevices, onAuditFailure, metrics, operator, ...coreOptions } = opts;
  const inFlight = new InFlightRequests();
  // storage (timed) ← fence (HA: writes only while the lock is held) ← read cache ← core
  const physical = metrics ? instrumentStorage(opts.storage, metrics) : opts.storage;
  const fence = ha ? new WriteFence(physical) : undefined;
  const fenced = fence ?? physical;
  const cache = cacheSize === 0 ? undefined : new CachedBackend(fenced, cacheSize, metrics ? cacheLookupHook(metrics) : undefined);
  let tokens: TokenStore | undefined;
  let services: Services | undefined;
  let coordinator: HACoordinator | undefined;
  const core = new Core({
    ...coreOptions,
    storage: cache ?? fenced,
    ...(metrics ? { barrierTimer: <T>(op: string, run: () => Promise<T>) => metrics.time(['barrier', op], run) } : {}),
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
        ...(metrics ? { onCreate: tokenCreationHook(metrics, (path) => authMountOf(services, path)) } : {}),
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
        auditFactories: { ...AUDIT_DEVICE_TYPES, ...auditDevices },
        ...(onAuditFailure || metrics ? { onAuditFailure: onAuditFailure ?? auditFailureHook(metrics!) } : {}),
        ...(coordinator ? { ha: coordinator } : {}),
        ...(metrics ? { metrics } : {}),
        operator: { ...operator, inFlight },
      });
      return coordinator ?? services;
    },
  });
  return { core, tokens: tokens!, services: services!, pipeline: new Pipeline(services!), inFlight, ...(coordinator ? { ha: coordinator } : {}) };
}
