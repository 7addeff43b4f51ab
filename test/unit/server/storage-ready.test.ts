import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log/logger.js';
import { waitForStorage } from '../../../src/server/storage-ready.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

function captured() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', format: 'standard', sink: { write: (l: string) => void lines.push(l) } });
  return { logger, lines };
}

describe('waitForStorage', () => {
  it('retries while the storage is unavailable, logging each attempt, then goes on', async () => {
    let calls = 0;
    const storage = {
      ...createInmemBackend(),
      async ready() {
        if (++calls < 3) throw new StorageError('STORAGE_UNAVAILABLE', 'connect ECONNREFUSED 127.0.0.1:5432');
      },
    };
    const { logger, lines } = captured();
    await waitForStorage(storage, logger, 5);
    expect(calls).toBe(3);
    expect(lines.join('')).toMatch(/storage is unreachable; retrying: .*error="connect ECONNREFUSED 127.0.0.1:5432"/);
    expect(lines.join('')).toMatch(/storage is reachable/);
  });

  it('stops at once on an error that retrying cannot fix', async () => {
    const storage = { ...createInmemBackend(), ready: async () => Promise.reject(new StorageError('STORAGE_IO', 'password authentication failed for user "vault"')) };
    await expect(waitForStorage(storage, captured().logger, 5)).rejects.toThrow(/password authentication failed/);
  });

  it('does nothing for a backend without ready()', async () => {
    await waitForStorage(createInmemBackend(), captured().logger, 5);
  });
});
