/**
 * The start-up phases that more than the daemon needs: reading the configuration (start-up,
 * SIGHUP, the config watcher), opening storage (start-up and `vault operator diagnose`), loading
 * the active seal's plugin and creating its wrapper (diagnose; the daemon's seals.ts adds
 * migration), each failing with the same coded errors wherever it runs.
 */
import { devConfig, loadConfig } from '../config/load.js';
import type { SealBlockConfig, ServerConfig } from '../config/types.js';
import { SealError, StorageError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { defaultPluginDirectory, loadSealPlugin } from '../seal/loader.js';
import { aeadOpen, aeadSeal } from '../crypto/aead.js';
import type { SealPlugin, SealWrapper } from '../seal/plugin-api.js';
import { createBackend } from '../storage/registry.js';
import type { Backend } from '../storage/types.js';

/** Where the configuration comes from: the -config paths, -dev, the flags over the environment. */
export interface ConfigSource {
  configPaths: readonly string[];
  dev: boolean;
  devListenAddress?: string;
  /** -log-level / -log-format flags: over the environment and the file, as Vault. */
  logLevel?: string;
  logFormat?: string;
  env: NodeJS.ProcessEnv;
}

/** Reads and validates the configuration; throws ConfigError (with file:line:col where known). */
export async function readConfig(source: ConfigSource): Promise<ServerConfig> {
  const env = { ...source.env };
  if (source.logLevel) env.VAULT_LOG_LEVEL = source.logLevel;
  if (source.logFormat) env.VAULT_LOG_FORMAT = source.logFormat;
  if (source.dev && source.configPaths.length === 0) {
    return devConfig(env, source.devListenAddress ? { listenAddress: source.devListenAddress } : {});
  }
  return loadConfig([...source.configPaths], env);
}

export async function openStorage(config: ServerConfig, logger: Logger): Promise<Backend> {
  try {
    return await createBackend(config.storage.type, config.storage.config, logger);
  } catch (cause) {
    if (cause instanceof StorageError && cause.code === 'STORAGE_UNKNOWN_TYPE') throw cause;
    throw new StorageError('STORAGE_IO', `Error initializing storage of type ${config.storage.type}: ${(cause as Error).message}`, { cause });
  }
}

/** The seal block in force (the first one not disabled), or undefined for the default Shamir seal. */
export function activeSealBlock(config: ServerConfig): ServerConfig['seals'][number] | undefined {
  return config.seals.find((s) => !s.disabled);
}

export function activeSealType(config: ServerConfig): string {
  return activeSealBlock(config)?.type ?? 'shamir';
}

export function pluginDirectoryOf(config: ServerConfig): string {
  return config.pluginDirectory ?? defaultPluginDirectory();
}

/** Finds and imports a seal block's plugin (PluginLoadError on any loader failure); no block is Shamir. */
export async function loadSealPluginFor(config: ServerConfig, block: SealBlockConfig | undefined, logger: Logger): Promise<SealPlugin> {
  return loadSealPlugin({
    directory: pluginDirectoryOf(config),
    type: block?.type ?? 'shamir',
    ...(block?.config.sha256 ? { sha256: block.config.sha256 } : {}),
    logger: logger.named('seal.loader'),
  });
}

/** Finds and imports the active seal's plugin. */
export function loadActiveSealPlugin(config: ServerConfig, logger: Logger): Promise<SealPlugin> {
  return loadSealPluginFor(config, activeSealBlock(config), logger);
}

/** The plugin's wrapper for a seal block; `sealLogger` receives the plugin's own lines. */
export async function createSealWrapperFor(
  block: SealBlockConfig | undefined,
  plugin: SealPlugin,
  sealLogger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<SealWrapper> {
  try {
    return await plugin.create(block?.config ?? {}, { logger: sealLogger, env, aead: { seal: aeadSeal, open: aeadOpen } });
  } catch (cause) {
    throw new SealError('SEAL_UNAVAILABLE', `Error parsing Seal configuration: ${(cause as Error).message}`, { cause });
  }
}

/** The plugin's wrapper for the active seal block. */
export function createSealWrapper(config: ServerConfig, plugin: SealPlugin, sealLogger: Logger, env: NodeJS.ProcessEnv): Promise<SealWrapper> {
  return createSealWrapperFor(activeSealBlock(config), plugin, sealLogger, env);
}

/** Non-fatal findings (unknown keys …), each with its file:line:col, as start-up logs them. */
export function logConfigWarnings(logger: Logger, config: ServerConfig): void {
  for (const w of config.warnings) {
    logger.warn(`${w.pos.file}${w.pos.line ? `:${w.pos.line}:${w.pos.col ?? 1}` : ''}: ${w.message}`);
  }
}
