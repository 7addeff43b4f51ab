import { randomBytes } from 'node:crypto';
import { split } from '../crypto/shamir.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { SealWrapper } from '../seal/plugin-api.js';
import type { Backend } from '../storage/types.js';
import type { Barrier } from './barrier.js';
import { writeRecoveryKey } from '../seal/recovery.js';
import {
  BARRIER_SEAL_CONFIG_PATH,
  RECOVERY_SEAL_CONFIG_PATH,
  validateSealConfig,
  writeSealConfig,
  type SealConfig,
} from '../seal/seal-config.js';
import { writeStoredKeys } from '../seal/stored-keys.js';

export interface InitRequest {
  secret_shares: number;
  secret_threshold: number;
  stored_shares?: number;
  pgp_keys?: string[] | null;
  recovery_shares?: number;
  recovery_threshold?: number;
  recovery_pgp_keys?: string[] | null;
  root_token_pgp_key?: string;
}

export interface InitResult {
  keys: string[];
  keys_base64: string[];
  recovery_keys?: string[];
  recovery_keys_base64?: string[];
  root_token: string;
}

export interface InitDeps {
  storage: Backend;
  barrier: Barrier;
  seal: SealWrapper;
  /** Auto seals (anything but shamir) wrap the root key themselves and hand out recovery shares. */
  auto: boolean;
  logger: Logger;
  /** Runs with the barrier unsealed, before it is sealed again; returns the root token. */
  setup: (barrier: Barrier) => Promise<string>;
}

function config(type: string, shares: number, threshold: number, stored: number): SealConfig {
  return { type, secret_shares: shares, secret_threshold: threshold, pgp_keys: null, nonce: '', backup: false, stored_shares: stored };
}

/** Vault's validateInitParameters: the other kind of key settings do not apply to this seal. */
function checkApplicable(req: InitRequest, deps: InitDeps): void {
  const wrong: string[] = [];
  if (deps.auto) {
    if (req.secret_shares) wrong.push('secret_shares');
    if (req.secret_threshold) wrong.push('secret_threshold');
    if (req.pgp_keys && req.pgp_keys.length > 0) wrong.push('pgp_keys');
  } else {
    if (req.recovery_shares) wrong.push('recovery_shares');
    if (req.recovery_threshold) wrong.push('recovery_threshold');
    if (req.recovery_pgp_keys && req.recovery_pgp_keys.length > 0) wrong.push('recovery_pgp_keys');
  }
  if (wrong.length > 0) {
    throw new CoreError('CORE_INVALID_REQUEST', 400, `parameters ${wrong.join(',')} not applicable to seal type ${deps.seal.type}`);
  }
  if ((req.pgp_keys?.length ?? 0) > 0 || (req.recovery_pgp_keys?.length ?? 0) > 0 || req.root_token_pgp_key) {
    throw new CoreError('CORE_INVALID_REQUEST', 400, 'PGP-encrypted keys and tokens are not supported by this server');
  }
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
  checkApplicable(req, deps);
  const barrierConfig = deps.auto
    ? config(deps.seal.type, 1, 1, 1)
    : config('shamir', req.secret_shares, req.secret_threshold, 1);
  const recoveryConfig = deps.auto ? config('shamir', req.recovery_shares || 5, req.recovery_threshold || 3, 0) : undefined;
  const invalid = validateSealConfig(barrierConfig);
  if (invalid) throw new CoreError('SEAL_INVALID_CONFIG', 400, `invalid seal configuration: ${invalid}`);
  const invalidRecovery = recoveryConfig && validateSealConfig(recoveryConfig);
  if (invalidRecovery) throw new CoreError('SEAL_INVALID_CONFIG', 400, `invalid recovery configuration: ${invalidRecovery}`);
  if (await deps.barrier.initialized()) {
    throw new CoreError('BARRIER_ALREADY_INITIALIZED', 400, 'Vault is already initialized');
  }

  const rootKey = randomBytes(32);
  const operatorKey = randomBytes(32); // Shamir: the KEK; auto: the recovery key
  const shares = recoveryConfig
    ? splitKey(operatorKey, recoveryConfig.secret_shares, recoveryConfig.secret_threshold)
    : splitKey(operatorKey, barrierConfig.secret_shares, barrierConfig.secret_threshold);
  let rootToken = '';
  try {
    if (!deps.auto) deps.seal.setKey?.(operatorKey);
    await writeSealConfig(deps.storage, BARRIER_SEAL_CONFIG_PATH, barrierConfig);
    if (recoveryConfig) {
      await writeSealConfig(deps.storage, RECOVERY_SEAL_CONFIG_PATH, recoveryConfig);
      await writeRecoveryKey(deps.storage, deps.seal, operatorKey);
    }
    await writeStoredKeys(deps.storage, deps.seal, [rootKey]);
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
