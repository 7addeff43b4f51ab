import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../src/config/types.js';
import { StorageError } from '../../../src/errors.js';
import { nullLogger } from '../../../src/log/logger.js';
import { openStorage } from '../../../src/server/phases.js';
import { STORAGE_TYPES } from '../../../src/storage/registry.js';

const withStorage = (type: string): ServerConfig =>
  ({ storage: { type, config: {}, pos: { file: '/etc/vault.d/vault.hcl', line: 3, col: 1 } } }) as unknown as ServerConfig;

describe('openStorage', () => {
  it('refuses storage "raft" naming the block, what tsvault supports and vault operator migrate', async () => {
    const err = await openStorage(withStorage('raft'), nullLogger()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('STORAGE_UNKNOWN_TYPE');
    const text = (err as StorageError).message;
    expect(text.startsWith('/etc/vault.d/vault.hcl:3:1: Unknown storage type raft. ')).toBe(true);
    expect(text).toContain(`tsvault supports: ${STORAGE_TYPES.join(', ')}.`);
    expect(text).toContain('"vault operator migrate" to storage_destination "postgresql"');
  });
});

describe('refuseDuringStorageMigration', () => {
  it('lets a storage without core/migration through, and refuses one with it in Vault\'s words', async () => {
    const { createInmemBackend } = await import('../../../src/storage/inmem.js');
    const { refuseDuringStorageMigration } = await import('../../../src/server/phases.js');
    const storage = createInmemBackend();
    await storage.put('core/migration/journal', new Uint8Array([1])); // the seal migration's journal is not the lock
    await expect(refuseDuringStorageMigration(storage)).resolves.toBeUndefined();
    await storage.put('core/migration', new TextEncoder().encode('{"start":"2024-05-01T10:20:30.123Z"}'));
    const err = await refuseDuringStorageMigration(storage).catch((e: unknown) => e);
    expect((err as StorageError).code).toBe('STORAGE_MIGRATION_IN_PROGRESS');
    expect((err as StorageError).message).toBe(
      'ERROR! Storage migration in progress (started: 2024-05-01T10:20:30Z). Server startup is prevented until the ' +
        "migration completes. Use 'vault operator migrate -reset' to force clear the migration lock.",
    );
  });
});
