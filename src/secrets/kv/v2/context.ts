import { CoreError } from '../../../errors.js';
import { badRequest } from '../../../logical/errors.js';
import type { LogicalRequest, LogicalResponse } from '../../../logical/types.js';
import type { Clock } from '../clock.js';
import { objectField, weakInt } from '../input.js';
import type { KeyedLock } from '../keyed-lock.js';
import type { KeyMetadata, KvConfig, VersionRecord } from './model.js';
import type { V2Store } from './store.js';

/** What every KV v2 handler shares: the clock, the per-secret locks and the ready store. */
export interface V2Context {
  clock: Clock;
  locks: KeyedLock;
  store(req: LogicalRequest): Promise<V2Store>;
}

/** 204, as Vault answers a write that returns nothing. */
export const NO_CONTENT: LogicalResponse = { noContent: true };

/**
 * Vault's validateCheckAndSetOption: with `options.cas` the write must name the current version
 * (0 for a secret that does not exist yet); without it, writes are refused when the mount or the
 * secret requires check-and-set.
 */
export function checkAndSet(data: Record<string, unknown>, config: KvConfig, meta: KeyMetadata): void {
  const options = objectField(data, 'options');
  if (options && Object.hasOwn(options, 'cas')) {
    const cas = weakInt(options.cas);
    if (cas === undefined) throw badRequest('error parsing check-and-set parameter');
    if (cas !== meta.current_version) throw badRequest('check-and-set parameter did not match the current version');
  } else if (config.cas_required || meta.cas_required) {
    throw badRequest('check-and-set parameter required for this call');
  }
}

/** A version the metadata lists but storage lacks: Vault's 500 `could not find version data`. */
export async function loadVersion(store: V2Store, key: string, n: number): Promise<VersionRecord> {
  const record = await store.version(key, n);
  if (!record) throw new CoreError('STORAGE_IO', 'could not find version data');
  return record;
}
