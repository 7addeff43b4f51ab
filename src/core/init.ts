import { randomBytes } from 'node:crypto';
import { split } from '../crypto/shamir.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Seal } from '../seal/seal.js';
import { operatorKeysConfig } from '../seal/seal-config.js';
import type { Backend } from '../storage/types.js';
import type { Barrier } from './barrier.js';
import type { InitRequest as WireInitRequest, InitResponse as InitResult } from '../wire/init.js';

/** Vault's InitRequest (src/wire), the share counts required by the server. */
export type InitRequest = WireInitRequest & { secret_shares: number; secret_threshold: number };
export type { InitResult };

export interface InitDeps {
  storage: Backend;
  barrier: Barrier;
  /** Decides the configs and wraps the keys: Shamir (a KEK) or an auto seal (recovery shares). */
  seal: Seal;
  logger: Logger;
  /** Runs with the barrier unsealed, before it is sealed again; returns the root token. */
  setup: (barrier: Barrier) => Promise<string>;
}

const hex = (xs: Uint8Array[]): string[] => xs.map((s) => Buffer.from(s).toString('hex'));
const b64 = (xs: Uint8Array[]): string[] => xs.map((s) => Buffer.from(s).toString('base64'));

function splitKey(key: Uint8Array, shares: number, threshold: number): Uint8Array[] {
  return shares === 1 ? [Uint8Array.from(key)] : split(key, shares, threshold);
}

/**
 * Vault's Initialize. Shamir: a random root key opens the keyring and is wrapped by a separate
 * key-encryption key, which the operators' shares split. Auto seal: the seal wraps the root key;
 * a random recovery key, split into recovery shares, is stored wrapped by the seal too. Writes are
 * ordered so a crash cannot give "initialised but unusable": configs and wrapped keys first, the
 * keyring (whose presence means "initialised") last.
 */
export async function initialize(req: InitRequest, deps: InitDeps): Promise<InitResult> {
  const configs = deps.seal.planInit(req);
  const barrierConfig = configs.barrier;
  const recoveryConfig = configs.recovery;
  if (await deps.barrier.initialized()) {
    throw new CoreError('BARRIER_ALREADY_INITIALIZED');
  }

  const rootKey = randomBytes(32);
  const operatorKey = randomBytes(32); // Shamir: the KEK; auto: the recovery key
  const keys = operatorKeysConfig(configs);
  const shares = splitKey(operatorKey, keys.secret_shares, keys.secret_threshold);
  let rootToken = '';
  try {
    await deps.seal.storeInitKeys(deps.storage, configs, rootKey, operatorKey);
    await deps.barrier.initialize(rootKey);
    deps.logger.info('security barrier initialized', {
      stored: barrierConfig.stored_shares,
      shares: barrierConfig.secret_shares,
      threshold: barrierConfig.secret_threshold,
    });
    await deps.barrier.unseal(rootKey);
    try {
      rootToken = await deps.setup(deps.barrier);
    } finally {
      deps.barrier.seal();
    }
  } finally {
    rootKey.fill(0);
    operatorKey.fill(0);
  }
  const result: InitResult = recoveryConfig
    ? { keys: [], keys_base64: [], recovery_keys: hex(shares), recovery_keys_base64: b64(shares), root_token: rootToken }
    : { keys: hex(shares), keys_base64: b64(shares), root_token: rootToken };
  for (const s of shares) s.fill(0);
  return result;
}
