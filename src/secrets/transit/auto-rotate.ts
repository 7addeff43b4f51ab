/**
 * Automatic rotation (Vault's periodicFunc/rotateIfRequired): a key whose auto_rotate_period is
 * set gets a new version once its latest version is older than the period.
 */
import type { Logger } from '../../log/types.js';
import type { StorageView } from '../../logical/types.js';
import { messageOf } from './errors.js';
import { rotated } from './key-material.js';
import { ZERO_TIME, type Policy } from './policy.js';
import type { PolicyStore } from './policy-store.js';

/** How often the mount looks for keys due for rotation (Vault's periodic function runs every minute). */
export const AUTO_ROTATE_INTERVAL_MS = 60_000;

function due(p: Policy, now: Date): boolean {
  if (p.autoRotatePeriodSeconds === 0) return false;
  const latest = p.keys.get(p.latestVersion);
  if (!latest) return false;
  const created = latest.time === ZERO_TIME ? latest.creationTime * 1000 : Date.parse(latest.time);
  return now.getTime() > created + p.autoRotatePeriodSeconds * 1000;
}

/** Rotates every key that is due; returns the names rotated. Failures are logged and skipped. */
export async function autoRotateKeys(store: PolicyStore, storage: StorageView, logger: Logger, now = new Date()): Promise<string[]> {
  const done: string[] = [];
  for (const name of await store.list(storage)) {
    try {
      const { next } = await store.update(storage, name, (current) => (current && due(current, now) ? rotated(current, now) : null));
      if (next) {
        logger.debug('automatically rotating key', { key: name });
        done.push(name);
      }
    } catch (err) {
      logger.error('error auto-rotating key', { key: name, error: messageOf(err) });
    }
  }
  return done;
}
