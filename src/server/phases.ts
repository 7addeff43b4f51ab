/**
 * The start-up phases that more than the daemon needs: reading the configuration (start-up,
 * SIGHUP, the config watcher), opening storage (start-up and `vault operator diagnose`), loading
 * the active seal's plugin and creating its wrapper (src/seal/wrappers.ts, re-exported; the
 * daemon's src/seal/create-seals.ts adds migration), each failing with the same coded errors wherever it runs.
 */
import { devConfig, loadConfig } from '../config/load.js';
import type { ServerConfig } from '../config/types.js';
import { StorageError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { readLock, rfc3339 } from '../storage/migrate/lock.js';
import { createBackend } from '../storage/registry.js';
import type { Backend, StorageHooks } from '../storage/types.js';

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

export async function openStorage(config: ServerConfig, logger: Logger, hooks: StorageHooks = {}): Promise<Backend> {
  try {
    return await createBackend(config.storage.type, config.storage.config, logger, hooks);
  } catch (cause) {
    if (cause instanceof StorageError && cause.code === 'STORAGE_UNKNOWN_TYPE') {
      // Where the block is, as every config error says: file:line:col.
      const { file, line, col } = config.storage.pos;
      const at = [file, line, col].filter((p) => p !== undefined && p !== '-dev').join(':');
      throw at === '' ? cause : new StorageError('STORAGE_UNKNOWN_TYPE', `${at}: ${cause.message}`, { cause });
    }
    throw new StorageError('STORAGE_IO', `Error initializing storage of type ${config.storage.type}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Vault's storageMigrationActive: a storage holding `core/migration` (a source or a destination
 * of `vault operator migrate` that has not finished) is not served. Vault's text.
 */
export async function refuseDuringStorageMigration(storage: Backend): Promise<void> {
  let lock;
  try {
    lock = await readLock(storage);
  } catch (cause) {
    throw new StorageError('STORAGE_IO', `Unable to read storage migration status: ${(cause as Error).message}`, { cause });
  }
  if (lock === null) return;
  throw new StorageError(
    'STORAGE_MIGRATION_IN_PROGRESS',
    `ERROR! Storage migration in progress (started: ${rfc3339(lock.start)}). Server startup is prevented until ` +
      "the migration completes. Use 'vault operator migrate -reset' to force clear the migration lock.",
  );
}

// Loading the seal plugins is the seal host's (src/seal/wrappers.ts); diagnose and the daemon use it from here.
export {
  activeSealBlock,
  activeSealType,
  createSealWrapper,
  createSealWrapperFor,
  loadActiveSealPlugin,
  loadSealPluginFor,
  pluginDirectoryOf,
} from '../seal/wrappers.js';

/** Non-fatal findings (unknown keys …), each with its file:line:col, as start-up logs them. */
export function logConfigWarnings(logger: Logger, config: ServerConfig): void {
  for (const w of config.warnings) {
    logger.warn(`${w.pos.file}${w.pos.line ? `:${w.pos.line}:${w.pos.col ?? 1}` : ''}: ${w.message}`);
  }
}
