/**
 * Storage backends by the type named in `storage "<type>" { … }`. Factories are loaded on demand so
 * that a backend's dependencies (pg) are only imported when configured.
 */
import { StorageError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { parseDurationMs } from '../duration.js';
import { readSettings, SettingError } from './postgresql/settings.js';
import type { Backend, StorageHooks } from './types.js';

type Factory = (config: Readonly<Record<string, string>>, logger: Logger, hooks: StorageHooks) => Promise<Backend>;

const FACTORIES: Readonly<Record<string, Factory>> = {
  file: async (config, logger, hooks) => (await import('./file.js')).createFileBackend(config, logger, hooks),
  inmem: async () => (await import('./inmem.js')).createInmemBackend(),
  postgresql: async (config, logger) =>
    (await import('./postgresql/index.js')).createPostgresqlBackend(config, logger, { lockTimings: lockTimingsFromEnv(process.env) }),
};

/**
 * Test-only: shorter HA lock timings (TSVAULT_HA_LOCK_TTL, _RENEW_INTERVAL, _RETRY_INTERVAL, Go
 * durations) for tests that kill nodes many times. Unset, the lock keeps Vault's timings.
 */
export function lockTimingsFromEnv(env: NodeJS.ProcessEnv): { ttlSeconds?: number; renewIntervalMs?: number; retryIntervalMs?: number } {
  const out: { ttlSeconds?: number; renewIntervalMs?: number; retryIntervalMs?: number } = {};
  if (env.TSVAULT_HA_LOCK_TTL) out.ttlSeconds = Math.round(parseDurationMs(env.TSVAULT_HA_LOCK_TTL) / 1000);
  if (env.TSVAULT_HA_LOCK_RENEW_INTERVAL) out.renewIntervalMs = parseDurationMs(env.TSVAULT_HA_LOCK_RENEW_INTERVAL);
  if (env.TSVAULT_HA_LOCK_RETRY_INTERVAL) out.retryIntervalMs = parseDurationMs(env.TSVAULT_HA_LOCK_RETRY_INTERVAL);
  return out;
}

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
 * The text for a storage type this build does not implement: Vault's first sentence
 * (command/server.go), then what tsvault supports and how to bring data over from elsewhere.
 */
export function unknownStorageTypeMessage(type: string): string {
  return (
    `Unknown storage type ${type}. tsvault supports: ${STORAGE_TYPES.join(', ')}. ` +
    'To bring data from another storage, copy it with HashiCorp Vault\'s "vault operator migrate" ' +
    'to storage_destination "postgresql" and point tsvault at that database.'
  );
}

/**
 * Opens the backend of the given type. The logger is named `storage.<type>`, as Vault names it.
 * An unknown type fails with unknownStorageTypeMessage (Vault's `Unknown storage type <type>`, then more).
 */
export async function createBackend(
  type: string,
  config: Readonly<Record<string, string>>,
  logger: Logger,
  hooks: StorageHooks = {},
): Promise<Backend> {
  const factory = Object.hasOwn(FACTORIES, type) ? FACTORIES[type] : undefined;
  if (factory === undefined) {
    throw new StorageError('STORAGE_UNKNOWN_TYPE', unknownStorageTypeMessage(type));
  }
  return factory(config, logger.named(`storage.${type}`), hooks);
}
