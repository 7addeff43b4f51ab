import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { devConfig, loadConfig } from '../config/load.js';
import type { ServerConfig } from '../config/types.js';
import { Core } from '../core/core.js';
import { SealError, StorageError } from '../errors.js';
import { aead } from '../seal/plugin-api.js';
import { createRequestHandler } from '../http/handler.js';
import { bindListener, type BoundListener } from '../http/listener.js';
import { GatedSink } from '../log/gated-sink.js';
import { createLogger, type LogSink, type RootLogger } from '../log/logger.js';
import { defaultPluginDirectory, loadSealPlugin } from '../seal/loader.js';
import type { SealWrapper } from '../seal/plugin-api.js';
import { startAutoUnseal } from '../core/auto-unseal.js';
import { SealHealth } from '../core/seal-health.js';
import { parseDurationMs } from '../duration.js';
import { createBackend } from '../storage/registry.js';
import { createInmemBackend } from '../storage/inmem.js';
import { BUILD_DATE, VERSION } from '../version.js';
import { renderBanner, renderDevNotice } from './banner.js';

export interface DaemonOptions {
  configPaths: string[];
  dev: boolean;
  devRootTokenId?: string;
  devListenAddress?: string;
  /** -log-level / -log-format flags: over the environment and the file, as Vault. */
  logLevel?: string;
  logFormat?: string;
  env: NodeJS.ProcessEnv;
  /** Banner, dev notice and log lines. */
  out: LogSink;
  home: string;
}

export interface Daemon {
  config: ServerConfig;
  core: Core;
  logger: RootLogger;
  listeners: readonly BoundListener[];
  /** Re-read the configuration (SIGHUP): the log level today. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

async function readConfig(opts: DaemonOptions): Promise<ServerConfig> {
  const env = { ...opts.env };
  if (opts.logLevel) env.VAULT_LOG_LEVEL = opts.logLevel;
  if (opts.logFormat) env.VAULT_LOG_FORMAT = opts.logFormat;
  if (opts.dev && opts.configPaths.length === 0) {
    return devConfig(env, opts.devListenAddress ? { listenAddress: opts.devListenAddress } : {});
  }
  return loadConfig(opts.configPaths, env);
}

async function openStorage(config: ServerConfig, logger: RootLogger) {
  try {
    return await createBackend(config.storage.type, config.storage.config, logger);
  } catch (cause) {
    if (cause instanceof StorageError && cause.code === 'STORAGE_UNKNOWN_TYPE') throw cause;
    throw new StorageError('STORAGE_IO', `Error initializing storage of type ${config.storage.type}: ${(cause as Error).message}`, { cause });
  }
}

/** The seal that guards the root key, from the plugin directory (shamir when no block is active). */
async function createSeal(config: ServerConfig, logger: RootLogger, env: NodeJS.ProcessEnv): Promise<SealWrapper> {
  const block = config.seals.find((s) => !s.disabled);
  const type = block?.type ?? 'shamir';
  const plugin = await loadSealPlugin({
    directory: config.pluginDirectory ?? defaultPluginDirectory(),
    type,
    ...(block?.config.sha256 ? { sha256: block.config.sha256 } : {}),
    logger: logger.named('seal.loader'),
  });
  try {
    return await plugin.create(block?.config ?? {}, { logger: logger.named(`seal.${type}`), env, aead });
  } catch (cause) {
    throw new SealError('SEAL_UNAVAILABLE', `Error parsing Seal configuration: ${(cause as Error).message}`, { cause });
  }
}

/** Intervals of the auto-unseal loop and the seal health check (tsvault settings, Go durations). */
function intervals(env: NodeJS.ProcessEnv): { retry: number; healthy: number; unhealthy: number } {
  return {
    retry: parseDurationMs(env.TSVAULT_UNSEAL_RETRY_INTERVAL || '5s'),
    healthy: parseDurationMs(env.TSVAULT_SEAL_HEALTH_INTERVAL || '10m'),
    unhealthy: parseDurationMs(env.TSVAULT_SEAL_HEALTH_UNHEALTHY_INTERVAL || '1m'),
  };
}

/**
 * Start-up as named phases: config → logger → storage → seal → core → listeners → ready.
 * Anything thrown before "ready" leaves nothing running behind it.
 */
export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const config = await readConfig(opts);
  const gate = new GatedSink(opts.out);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, sink: gate });
  for (const w of config.warnings) {
    logger.warn(`${w.pos.file}${w.pos.line ? `:${w.pos.line}:${w.pos.col ?? 1}` : ''}: ${w.message}`);
  }
  const storage = opts.dev ? createInmemBackend() : await openStorage(config, logger);
  const listeners: BoundListener[] = [];
  let core: Core | undefined;
  try {
    const seal = await createSeal(config, logger, opts.env);
    core = new Core({
      storage,
      storageType: config.storage.type,
      seal,
      logger: logger.named('core'),
      ...(config.clusterName ? { clusterName: config.clusterName } : {}),
      version: VERSION,
      buildDate: BUILD_DATE,
      systemDefaults: { default_lease_ttl: config.defaultLeaseTtl, max_lease_ttl: config.maxLeaseTtl },
    });
    const handler = createRequestHandler(core, logger);
    for (const l of config.listeners) listeners.push(await bindListener(l, handler));
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    await (core ? core.close() : storage.close?.());
    throw err;
  }

  opts.out.write(
    renderBanner({
      config,
      listeners: listeners.map((l) => ({ address: l.address, tls: !l.config.tlsDisable })),
      sealType: config.seals.find((s) => !s.disabled)?.type ?? 'shamir',
      version: VERSION,
      buildDate: BUILD_DATE,
      dev: opts.dev,
    }),
  );
  gate.open();

  if (opts.dev) await startDevMode(core, listeners[0]?.address ?? '127.0.0.1:8200', opts);

  const every = intervals(opts.env);
  const health = new SealHealth(core.wrapper, {
    logger: logger.named('core'),
    healthyIntervalMs: every.healthy,
    unhealthyIntervalMs: every.unhealthy,
    active: () => !core.sealed,
  });
  core.attachSealHealth(health);
  const loop = core.auto ? startAutoUnseal(core, { logger, intervalMs: every.retry }) : undefined;
  if (core.auto) health.start();

  const daemon: Daemon = {
    config,
    core,
    logger,
    listeners,
    async reload() {
      try {
        const next = await readConfig(opts);
        logger.setLevel(next.logLevel);
        logger.info('reloaded configuration', { log_level: next.logLevel });
      } catch (err) {
        logger.error('could not reload configuration; keeping the running one', { error: (err as Error).message });
      }
    },
    async stop() {
      loop?.stop();
      health.stop();
      await Promise.all(listeners.map((l) => l.close()));
      await loop?.done;
      await core.close();
    },
  };
  return daemon;
}

/** -dev: initialise with one share, unseal, print the key and token, log the CLI in. */
async function startDevMode(core: Core, address: string, opts: DaemonOptions): Promise<void> {
  const result = await core.initialize({ secret_shares: 1, secret_threshold: 1 }, opts.devRootTokenId ? { rootTokenId: opts.devRootTokenId } : {});
  const key = result.keys_base64[0]!;
  await core.unseal(Buffer.from(key, 'base64'));
  await core.enableMount('secret/', 'kv', { version: '2' }, 'key/value secret storage');
  await writeFile(join(opts.home, '.vault-token'), result.root_token, { mode: 0o600 });
  opts.out.write(renderDevNotice(address, key, result.root_token));
}
