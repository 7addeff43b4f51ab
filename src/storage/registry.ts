/**
 * Storage backends by the type named in `storage "<type>" { … }`. Factories are loaded on demand so
 * that a backend's dependencies (pg, later) are only imported when configured.
 */
import { StorageError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Backend } from './types.js';

type Factory = (config: Readonly<Record<string, string>>, logger: Logger) => Promise<Backend>;

const FACTORIES: Readonly<Record<string, Factory>> = {
  file: async (config, logger) => (await import('./file.js')).createFileBackend(config, logger),
  inmem: async () => (await import('./inmem.js')).createInmemBackend(),
};

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
): Promise<Backend> {
  const factory = Object.hasOwn(FACTORIES, type) ? FACTORIES[type] : undefined;
  if (factory === undefined) {
    throw new StorageError('STORAGE_UNKNOWN_TYPE', unknownStorageTypeMessage(type));
  }
  return factory(config, logger.named(`storage.${type}`));
}
