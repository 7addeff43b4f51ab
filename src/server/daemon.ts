import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerConfig } from '../config/types.js';
import { effectiveLimits } from '../config/listener-timeouts.js';
import type { Core } from '../core/core.js';
import { createRequestHandler } from '../http/handler.js';
import { createUiSite } from '../http/ui-site.js';
import { bindListener, type BoundListener } from '../http/listener.js';
import { GatedSink } from '../log/gated-sink.js';
import { createLogger, type LogSink, type RootLogger } from '../log/logger.js';
import { createSeals } from '../seal/create-seals.js';
import { envFailpoint } from '../seal/migration.js';
import { SEAL_HEALTH_INTERVAL_NOMINAL_MS, SEAL_HEALTH_INTERVAL_UNHEALTHY_MS } from '../seal/seal-health.js';
import { assemble, type Assembled } from './assemble.js';
import { parseDurationMs } from '../duration.js';
import { createInmemBackend } from '../storage/inmem.js';
import { BUILD_DATE, VERSION } from '../version.js';
import { renderBanner, renderDevNotice } from './banner.js';
import { createNotifier } from './notify.js';
import {
  activeSealType,
  logConfigWarnings,
  openStorage,
  pluginDirectoryOf,
  readConfig,
  refuseDuringStorageMigration,
  type ConfigSource,
} from './phases.js';
import { createReloader } from './reload.js';
import { startWatching, type ConfigWatcher } from './watch.js';
import { openHA, type HASetup } from './ha-setup.js';
import { waitForStorage } from './storage-ready.js';
import { createForwarder } from '../ha/forwarder.js';
import { readFileSync } from 'node:fs';
import { fsyncHook, registerServerGauges, unsealAttemptHook } from '../telemetry/hooks.js';
import { instrumentPipeline, instrumentSealWrapper } from '../telemetry/instrument.js';
import { withUnauthenticatedMetrics } from '../telemetry/listener-access.js';
import type { Metrics } from '../telemetry/metrics.js';
import { setupTelemetry } from '../telemetry/setup.js';

export interface DaemonOptions extends ConfigSource {
  devRootTokenId?: string;
  /** Banner, dev notice and log lines. */
  out: LogSink;
  home: string;
  /** Aborts a start-up that is waiting (for storage) when the process is asked to stop. */
  stopRequested?: AbortSignal;
}

export interface Daemon {
  config: ServerConfig;
  core: Core;
  logger: RootLogger;
  listeners: readonly BoundListener[];
  /** The telemetry block's sinks (sys/metrics). */
  metrics: Metrics;
  /** Re-read the configuration (SIGHUP): log level and listener TLS applied, the rest logged. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/** Intervals of the auto-unseal loop and the seal health check (tsvault settings, Go durations). */
function intervals(env: NodeJS.ProcessEnv): { retry: number; healthy: number; unhealthy: number } {
  return {
    retry: parseDurationMs(env.TSVAULT_UNSEAL_RETRY_INTERVAL || '5s'),
    healthy: env.TSVAULT_SEAL_HEALTH_INTERVAL ? parseDurationMs(env.TSVAULT_SEAL_HEALTH_INTERVAL) : SEAL_HEALTH_INTERVAL_NOMINAL_MS,
    unhealthy: env.TSVAULT_SEAL_HEALTH_UNHEALTHY_INTERVAL
      ? parseDurationMs(env.TSVAULT_SEAL_HEALTH_UNHEALTHY_INTERVAL)
      : SEAL_HEALTH_INTERVAL_UNHEALTHY_MS,
  };
}

/**
 * Start-up as named phases: config → logger → storage → seal → core → listeners → watch → ready.
 * Anything thrown before "ready" leaves nothing running behind it.
 */
export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  // Where start-up time goes, logged at debug level (the benchmarks read it): milliseconds since
  // the process started, per phase.
  const phases: Record<string, number> = { modules: Math.round(performance.now()) };
  const mark = (name: string, since: number): number => {
    const now = performance.now();
    phases[name] = Math.round(now - since);
    return now;
  };
  let t = performance.now();
  const config = await readConfig(opts);
  /** The configuration in force: SIGHUP replaces it (sys/config/state/sanitized reads it). */
  let current = config;
  t = mark('config', t);
  const gate = new GatedSink(opts.out);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, sink: gate });
  logConfigWarnings(logger, config);
  const metrics = setupTelemetry(config.telemetry, { logger: logger.named('telemetry') });
  const storage = opts.dev ? createInmemBackend() : await openStorage(config, logger, { onFsync: fsyncHook(metrics) }).catch((err: unknown) => {
    metrics.close();
    throw err;
  });
  t = mark('storage', t);
  const listeners: BoundListener[] = [];
  let core: Core | undefined;
  let assembled: Assembled | undefined;
  let ha: HASetup | undefined;
  try {
    const retryMs = parseDurationMs(opts.env.TSVAULT_STORAGE_RETRY_INTERVAL || '1s');
    // Log lines wait for the banner, unless start-up itself has to wait: then the operator sees why now.
    const showLogs = () => gate.open();
    await waitForStorage(storage, logger.named(`storage.${storage.type}`), retryMs, opts.stopRequested, showLogs);
    if (!opts.dev) await refuseDuringStorageMigration(storage);
    if (!opts.dev) await storage.claimForServer?.();
    ha = opts.dev ? undefined : await openHA(config, storage, logger, VERSION);
    if (ha?.separate) await waitForStorage(ha.backend, logger.named(`storage.${ha.backend.type}`), retryMs, opts.stopRequested, showLogs);
    const seals = await createSeals(config, storage, logger, opts.env, (w) => instrumentSealWrapper(w, metrics));
    t = mark('seals', t);
    assembled = assemble({
      storage,
      storageType: config.storage.type,
      seal: seals.seal,
      ...(seals.migration ? { migration: seals.migration } : {}),
      failpoint: envFailpoint(opts.env),
      logger: logger.named('core'),
      ...(config.clusterName ? { clusterName: config.clusterName } : {}),
      version: VERSION,
      buildDate: BUILD_DATE,
      systemDefaults: { default_lease_ttl: config.defaultLeaseTtl, max_lease_ttl: config.maxLeaseTtl },
      httpLogger: logger,
      ...(ha ? { ha: { backend: ha.backend, self: ha.self } } : {}),
      metrics,
      operator: { logger, config: () => current },
    });
    core = assembled.core;
    const { core: c, ha: node, services } = assembled;
    registerServerGauges(metrics, {
      sealed: () => c.sealed,
      active: () => !c.sealed && (node === undefined || node.state === 'active'),
      sealHealthy: () => c.barrierSeal.backendStatus().healthy,
      leaseCount: () => services.leases.count(),
    });
    await core.prepare();
    t = mark('core', t);
    const forward = assembled.ha
      ? createForwarder({
          node: assembled.ha,
          disabled: config.disableForwarding || config.storage.disableClustering === true,
          logger,
          ...(opts.env.VAULT_CACERT ? { ca: readFileSync(opts.env.VAULT_CACERT) } : {}),
        })
      : undefined;
    const pipeline = instrumentPipeline(assembled.pipeline, metrics);
    const ui = config.ui ? createUiSite() : undefined;
    for (const l of config.listeners) {
      const { maxRequestDurationMs } = effectiveLimits(l.limits);
      const handler = createRequestHandler(pipeline, logger, forward, assembled.inFlight, { maxRequestDurationMs }, ui);
      listeners.push(await bindListener(l, l.unauthenticatedMetricsAccess ? withUnauthenticatedMetrics(handler, metrics) : handler));
    }
    mark('listeners', t);
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    await (core ? core.close() : storage.close?.());
    if (ha?.separate) await ha.backend.close?.();
    metrics.close();
    throw err;
  }

  opts.out.write(
    renderBanner({
      config,
      listeners: listeners.map((l) => ({ address: l.address, tls: !l.config.tlsDisable })),
      sealType: activeSealType(config),
      ...(ha ? { ha: { type: ha.backend.type, separate: ha.separate } } : {}),
      version: VERSION,
      buildDate: BUILD_DATE,
      dev: opts.dev,
    }),
  );
  gate.open();
  logger.debug('start-up phases (ms)', phases);

  if (opts.dev) await startDevMode(assembled!, listeners[0]?.address ?? '127.0.0.1:8200', opts);

  const every = intervals(opts.env);
  const seal = core.barrierSeal;
  // Vault does not run the auto-unseal loop while a migration is configured; a Shamir seal has none.
  const loop = core.migrationPending
    ? undefined
    : seal.startUnsealLoop(core, { logger, intervalMs: every.retry, onAttempt: unsealAttemptHook(metrics), opens: () => core.barrier.opens });
  seal.startHealthCheck({
    logger: logger.named('core'),
    healthyIntervalMs: every.healthy,
    unhealthyIntervalMs: every.unhealthy,
    active: () => !core.sealed,
  });

  // Watching and readiness come last: systemd hears READY=1 once the API is served.
  const watcher: ConfigWatcher | undefined = opts.dev
    ? undefined
    : await startWatching({
        source: opts,
        pluginDirectory: pluginDirectoryOf(config),
        activeSealType: activeSealType(config),
        logger,
      }).catch((err: unknown) => {
        logger.warn('could not watch the configuration files', { error: (err as Error).message });
        return undefined;
      });
  const notifier = createNotifier(opts.env, logger);
  const reload = createReloader({ source: opts, running: config, logger, listeners, notifier, onApplied: (next) => (current = next) });
  const ready = notifier.ready();

  const daemon: Daemon = {
    config,
    core,
    logger,
    listeners,
    metrics,
    async reload() {
      // Audit devices reopen their files whatever the configuration's fate (logrotate's SIGHUP).
      await Promise.all([reload(), assembled!.services.audits.reopen()]);
    },
    async stop() {
      await ready;
      const stopping = notifier.stopping();
      loop?.stop();
      seal.stopHealthCheck();
      await watcher?.close();
      await Promise.all(listeners.map((l) => l.close()));
      await loop?.done;
      await core.close();
      if (ha?.separate) await ha.backend.close?.();
      metrics.close();
      await stopping;
    },
  };
  return daemon;
}

/** -dev: initialise with one share, unseal, print the key and token, log the CLI in. */
async function startDevMode({ core, services }: Assembled, address: string, opts: DaemonOptions): Promise<void> {
  const result = await core.initialize({ secret_shares: 1, secret_threshold: 1 }, opts.devRootTokenId ? { rootTokenId: opts.devRootTokenId } : {});
  const key = result.keys_base64[0]!;
  await core.unseal(Buffer.from(key, 'base64'));
  await services.mounts.enable('mounts', 'secret/', 'kv', { options: { version: '2' }, description: 'key/value secret storage' });
  await writeFile(join(opts.home, '.vault-token'), result.root_token, { mode: 0o600 });
  opts.out.write(renderDevNotice(address, key, result.root_token));
}
