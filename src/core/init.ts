import { randomBytes } from 'node:crypto';
import { split } from '../crypto/shamir.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { SealWrapper } from '../seal/plugin-api.js';
import type { Backend } from '../storage/types.js';
import type { Barrier } from './barrier.js';
import { BARRIER_SEAL_CONFIG_PATH, validateSealConfig, writeSealConfig, type SealConfig } from './seal-config.js';
import { writeStoredKeys } from './stored-keys.js';

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
  root_token: string;
}

export interface InitDeps {
  storage: Backend;
  barrier: Barrier;
  seal: SealWrapper;
  logger: Logger;
  /** Runs with the barrier unsealed, before it is sealed again; returns the root token. */
  setup: (barrier: Barrier) => Promise<string>;
}

/**
 * Shamir initialisation, in Vault's model: a random root key opens the keyring; a separate random
 * key-encryption key wraps the root key and is what the operators' shares split. Written in an
 * order that a crash cannot turn into "initialised but unusable": seal config and wrapped root
 * key first, the keyring (whose presence means "initialised") after them.
 */
export async function initializeShamir(req: InitRequest, deps: InitDeps): Promise<InitResult> {
  if (req.pgp_keys && req.pgp_keys.length > 0) {
    throw new CoreError('CORE_INVALID_REQUEST', 400, 'PGP keys are not supported by this server');
  }
  if (req.root_token_pgp_key) {
    throw new CoreError('CORE_INVALID_REQUEST', 400, 'root_token_pgp_key is not supported by this server');
  }
  const config: SealConfig = {
    type: 'shamir',
    secret_shares: req.secret_shares,
    secret_threshold: req.secret_threshold,
    pgp_keys: null,
    nonce: '',
    backup: false,
    stored_shares: 1,
  };
  const invalid = validateSealConfig(config);
  if (invalid) throw new CoreError('SEAL_INVALID_CONFIG', 400, `invalid seal configuration: ${invalid}`);
  if (await deps.barrier.initialized()) {
    throw new CoreError('BARRIER_ALREADY_INITIALIZED', 400, 'Vault is already initialized');
  }

  const rootKey = randomBytes(32);
  const kek = randomBytes(32);
  let rootToken = '';
  const shares = config.secret_shares === 1 ? [Uint8Array.from(kek)] : split(kek, config.secret_shares, config.secret_threshold);
  try {
    deps.seal.setKey?.(kek);
    await writeSealConfig(deps.storage, BARRIER_SEAL_CONFIG_PATH, config);
    await writeStoredKeys(deps.storage, deps.seal, [rootKey]);
    await deps.barrier.initialize(rootKey);
    deps.logger.info('security barrier initialized', {
      stored: config.stored_shares,
      shares: config.secret_shares,
      threshold: config.secret_threshold,
    });
    await deps.barrier.unseal(rootKey);
    try {
      rootToken = await deps.setup(deps.barrier);
    } finally {
      deps.barrier.seal();
    }
  } finally {
    rootKey.fill(0);
    kek.fill(0);
  }
  const result: InitResult = {
    keys: shares.map((s) => Buffer.from(s).toString('hex')),
    keys_base64: shares.map((s) => Buffer.from(s).toString('base64')),
    root_token: rootToken,
  };
  for (const s of shares) s.fill(0);
  return result;
}
