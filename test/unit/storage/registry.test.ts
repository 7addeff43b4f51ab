import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/errors.js';
import type { Logger } from '../../../src/log/types.js';
import { STORAGE_TYPES, checkStorageSettings, createBackend, unknownStorageTypeMessage } from '../../../src/storage/registry.js';

function namingLogger(names: string[]): Logger {
  const noop = () => undefined;
  const logger: Logger = {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    named: (name) => {
      names.push(name);
      return logger;
    },
  };
  return logger;
}

describe('storage registry', () => {
  it('lists the supported types', () => {
    expect(STORAGE_TYPES).toEqual(['file', 'inmem', 'postgresql']);
  });

  it('opens inmem', async () => {
    const backend = await createBackend('inmem', {}, namingLogger([]));
    expect(backend.type).toBe('inmem');
  });

  it('opens file with its config and a logger named storage.file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsvault-registry-'));
    try {
      const names: string[] = [];
      const backend = await createBackend('file', { path: dir }, namingLogger(names));
      expect(backend.type).toBe('file');
      expect(names).toEqual(['storage.file']);
      await backend.put('k', Uint8Array.of(1));
      expect(await backend.get('k')).toEqual(Uint8Array.of(1));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens postgresql without connecting, even when nothing listens there', async () => {
    const names: string[] = [];
    const backend = await createBackend('postgresql', { connection_url: 'postgres://u:p@127.0.0.1:9/db' }, namingLogger(names));
    expect(backend.type).toBe('postgresql');
    expect(names).toEqual(['storage.postgresql']);
    await backend.close?.();
  });

  it('checks storage settings without opening a backend', () => {
    expect(checkStorageSettings('postgresql', { ha_enabled: 'maybe' })).toEqual({
      key: 'ha_enabled',
      message: 'cannot parse "maybe" as bool',
    });
    expect(checkStorageSettings('postgresql', { ha_enabled: 'true', max_parallel: '8' })).toBeUndefined();
    expect(checkStorageSettings('file', { anything: 'x' })).toBeUndefined();
  });

  it('passes on the backend\'s own config errors', async () => {
    const err = await createBackend('file', {}, namingLogger([])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).message).toBe("'path' must be set");
  });

  it('refuses unknown types with Vault\'s text, then what tsvault supports and how to migrate', async () => {
    for (const type of ['consul', 'raft', '', '__proto__', 'toString', 'File']) {
      const err = await createBackend(type, {}, namingLogger([])).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('STORAGE_UNKNOWN_TYPE');
      expect((err as StorageError).message).toBe(unknownStorageTypeMessage(type));
      expect((err as StorageError).message.startsWith(`Unknown storage type ${type}. `)).toBe(true);
    }
  });

  it('the unknown-type message names every supported type and points to vault operator migrate', () => {
    const text = unknownStorageTypeMessage('raft');
    expect(text).toContain(`tsvault supports: ${STORAGE_TYPES.join(', ')}.`);
    expect(text).toContain('"vault operator migrate"');
    expect(text).toContain('storage_destination "postgresql"');
  });
});
