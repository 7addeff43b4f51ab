/**
 * Storage backends by the type named in `storage "<type>" { … }`. Factories are loaded on demand so
 * that a backend's dependencies (pg) are only imported when configured.
 */
import { StorageError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { readSettings, SettingError } from './postgresql/settings.js';
import type { Backend } from './types.js';

type Factory = (config: Readonly<Record<string, string>>, logger: Logger) => Promise<Backend>;

const FACTORIES: Readonly<Record<string, Factory>> = {
  file: async (config, logger) => (await import('./file.js')).createFileBackend(config, logger),
  inmem: async () => (await import('./inmem.js')).createInmemBackend(),
  postgresql: async (config, logger) => (await import('./postgresql/index.js')).createPostgresqlBackend(config, logger),
};

/** Per-type checks of a storage block's values that need no connection (postgresql/settings.ts). */
const SETTING_CHECKS: Readonly<Record<string, (config: Readonly<Record<string, string>>) => unknown>> = {
  postgresql: readSettings,
};

/**
 * Checks the values of a storage block as its backend will read them, for the config loader to
 * report with positions. Returns the key at fault and what is wrong, or undefined.
 */
export function checkStorageSettings(
  type: string,
  config: Readonly<Record<string, string>>,
): { key: string; message: string } | undefined {
  const check = Object.hasOwn(SETTING_CHECKS, type) ? SETTING_CHECKS[type] : undefined;
  try {
    check?.(config);
  } catch (err) {
    if (err instanceof SettingError) return { key: err.key, message: err.message };
    throw err;
  }
  return undefined;
}

/** The storage types this build supports, sorted. */
export const STORAGE_TYPES: readonly string[] = Object.keys(FACTORIES).sort();

/**
 * Opens the backend of the given type. The logger is named `storage.<type>`, as Vault names it.
 * An unknown type fails with Vault's text (command/server.go): `Unknown storage type <type>`.
 */
export async function createBackend(
  type: string,
  config: Readonly<Record<string, string>>,
  logger: Logger,
): Promise<Backend> {
  const factory = Object.hasOwn(FACTORIES, type) ? FACTORIES[type] : undefined;
  if (factory === undefined) {
    throw new StorageError('STORAGE_UNKNOWN_TYPE', `Unknown storage type ${type}`);
  }
  return factory(config, logger.named(`storage.${type}`));
}
