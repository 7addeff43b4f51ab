/**
 * Start-up waits for a storage that cannot be reached yet (PostgreSQL down or still starting) rather
 * than exiting, as it waits for an unreachable KMS: it logs why every attempt failed and tries again.
 * Settings that will never work (a wrong password, a missing database, an unknown host) stop
 * start-up with their error at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError, TsvaultError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Backend } from '../storage/types.js';

export async function waitForStorage(
  storage: Backend,
  logger: Logger,
  intervalMs: number,
  stop?: AbortSignal,
  /** Called once, before the first retry is logged (the daemon stops holding its log lines back). */
  onWaiting?: () => void,
): Promise<void> {
  if (!storage.ready) return;
  for (let attempt = 1; ; attempt++) {
    stop?.throwIfAborted();
    try {
      await storage.ready();
      if (attempt > 1) logger.info('storage is reachable');
      return;
    } catch (err) {
      if (!(err instanceof TsvaultError)) throw err;
      if (err.code !== 'STORAGE_UNAVAILABLE') {
        // Vault's start-up text for a storage that cannot be used (command/server.go).
        throw new StorageError(err.code === 'STORAGE_REFUSED' ? 'STORAGE_REFUSED' : 'STORAGE_IO', `Error initializing storage of type ${storage.type}: ${err.message}`);
      }
      if (attempt === 1) onWaiting?.();
      logger.warn('storage is unreachable; retrying', { error: err.message, attempt });
    }
    await sleep(intervalMs, undefined, stop ? { signal: stop } : {});
  }
}
