/**
 * What the core is built from (CoreOptions), what it brings up and down (UnsealedServices) and the
 * seal-status document it fills: types only, so that src/server/assemble.ts and the tests name
 * them without the state machine.
 */
import type { Logger } from '../log/types.js';
import type { MigrationPair } from '../seal/migration-pair.js';
import type { Failpoint } from '../seal/migration.js';
import type { Seal } from '../seal/seal.js';
import type { Backend } from '../storage/types.js';
import type { SealStatusResponse } from '../wire/seal.js';
import type { BarrierTimer } from './barrier.js';
import type { Core } from './core.js';

/**
 * What runs on top of the barrier while unsealed: tokens, policies, the mount table and its
 * engines. src/server/assemble.ts builds it; the core only brings it up and down.
 */
export interface UnsealedServices {
  /** Post-unseal setup (mount tables, token reaper). */
  setup(): Promise<void>;
  /** HA: setup() only starts waiting for the lock; the post-unseal setup runs (and logs) on take-over. */
  readonly deferred?: boolean;
  /** Pre-seal teardown: stop, and forget everything read through the barrier. */
  teardown(): Promise<void>;
  /** A new root token (init, generate-root); `id` chooses it (-dev's root token id). */
  createRootToken(id?: string): Promise<string>;
}

export interface CoreOptions {
  /** The physical storage (src/server/assemble.ts puts the read cache in front of it). */
  storage: Backend;
  /** Builds the unsealed services over this core (once, in the constructor). */
  services: (core: Core) => UnsealedServices;
  storageType: string;
  /** The seal in force (src/seal: Shamir or auto); the core asks it and never which it is. */
  seal: Seal;
  /** The configured migration (from a `disabled = "true"` block or Shamir to `seal`), if any. */
  migration?: MigrationPair;
  /** Test-only failpoint for migration steps (TSVAULT_FAILPOINT). */
  failpoint?: Failpoint;
  logger: Logger;
  /** Times the barrier's operations (telemetry); untimed without it. */
  barrierTimer?: BarrierTimer;
  clusterName?: string;
  version: string;
  buildDate: string;
}

/** Vault's seal-status document, as this server fills it (the wire type is src/wire's). */
export type SealStatus = Omit<SealStatusResponse, 'removed_from_cluster' | 'warnings' | 'migration_done_at_epoch' | 'storage_type'> & {
  storage_type: string;
};
