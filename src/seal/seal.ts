/**
 * The seal host's one abstraction: what the core asks of "the seal", whatever its type. The two
 * variants own their duties: ShamirSeal (shamir-seal.ts: the operators' shares combine to a KEK
 * that wraps the root key) and AutoSeal (auto-seal.ts: a plugin's wrapper wraps the root key; the
 * operators hold recovery shares). The core holds one and never asks which it is.
 */
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Backend } from '../storage/types.js';
import type { AutoUnsealOptions, AutoUnsealStatus } from './auto-unseal.js';
import {
  BARRIER_SEAL_CONFIG_PATH,
  readSealConfigs,
  validateSealConfig,
  writeSealConfig,
  type SealConfig,
  type SealConfigs,
} from './seal-config.js';
import type { SealHealthOptions, SealHealthStatus } from './seal-health.js';
import type { KeyWrapper } from './stored-keys.js';

export type { SealConfigs };

/** The key settings of Vault's sys/init request that the seal decides about. */
export interface InitKeyRequest {
  secret_shares: number;
  secret_threshold: number;
  pgp_keys?: string[] | null;
  recovery_shares?: number;
  recovery_threshold?: number;
  recovery_pgp_keys?: string[] | null;
  root_token_pgp_key?: string;
}

/** What a stored-key unseal needs from the core (Vault's UnsealWithStoredKeys). */
export interface StoredKeysHost {
  readonly storage: Backend;
  readonly logger: Logger;
  readonly sealed: boolean;
  readonly migrationPending: boolean;
  /** Whether the barrier is initialised (the keyring exists). */
  initialized(): Promise<boolean>;
  /** Opens the barrier with the root key and runs the post-unseal setup; wipes the key. */
  open(rootKey: Uint8Array): Promise<void>;
}

/** The seal-status fields that come from the seal. */
export interface SealStatusFields {
  type: string;
  recovery_seal: boolean;
  recovery_seal_type?: string;
}

/** What the fetch-retry loop runs; the core's unsealWithStoredKeys. */
export interface StoredKeysUnsealer {
  unsealWithStoredKeys(): Promise<void>;
  /** Core's: lets the loop tell a server unsealed elsewhere from one sealed again since (auto-unseal.ts). */
  readonly sealed?: boolean;
}

export interface UnsealLoop {
  stop(): void;
  done: Promise<void>;
  status(): AutoUnsealStatus;
}

export function sealConfig(type: string, shares: number, threshold: number, stored: number): SealConfig {
  return { type, secret_shares: shares, secret_threshold: threshold, pgp_keys: null, nonce: '', backup: false, stored_shares: stored };
}

/**
 * Vault's validateInitParameters (`wrong`: the settings of the other kind of seal that were given)
 * and SealConfig.Validate, with their texts; returns the configs init writes.
 */
export function checkInitPlan(req: InitKeyRequest, wrong: string[], type: string, configs: SealConfigs): SealConfigs {
  if (wrong.length > 0) {
    throw new CoreError('CORE_INVALID_REQUEST', `parameters ${wrong.join(',')} not applicable to seal type ${type}`);
  }
  if ((req.pgp_keys?.length ?? 0) > 0 || (req.recovery_pgp_keys?.length ?? 0) > 0 || req.root_token_pgp_key) {
    throw new CoreError('CORE_INVALID_REQUEST', 'PGP-encrypted keys and tokens are not supported by this server');
  }
  const invalid = validateSealConfig(configs.barrier);
  if (invalid) throw new CoreError('SEAL_INVALID_CONFIG', `invalid seal configuration: ${invalid}`);
  const invalidRecovery = configs.recovery && validateSealConfig(configs.recovery);
  if (invalidRecovery) throw new CoreError('SEAL_INVALID_CONFIG', `invalid recovery configuration: ${invalidRecovery}`);
  return configs;
}

export abstract class Seal {
  /** The configured seal type (`shamir`, `awskms`, `transit` …). */
  abstract readonly type: string;
  /** True when the operators' shares are recovery shares (Vault's RecoveryKeySupported). */
  abstract readonly recoveryKeys: boolean;
  /** Rekey targets this seal does not support, each with Vault's (or tsvault's) refusal text. */
  abstract readonly refusesRekey: Readonly<Partial<Record<'barrier' | 'recovery', string>>>;

  /** Barrier and recovery seal configs as stored (plaintext, outside the barrier). */
  readConfigs(storage: Backend): Promise<SealConfigs> {
    return readSealConfigs(storage);
  }

  /** seal-status: before init the configured seal speaks, after it the stored configs. */
  statusFields(configs: SealConfigs | null): SealStatusFields {
    return {
      type: configs ? configs.barrier.type : this.type,
      recovery_seal: configs ? configs.recovery !== null : this.recoveryKeys,
      ...(configs?.recovery ? { recovery_seal_type: 'shamir' } : {}),
    };
  }

  /** Validates sys/init's key settings for this seal (Vault's texts); the configs init will write. */
  abstract planInit(req: InitKeyRequest): SealConfigs;

  /**
   * Writes what init leaves outside the barrier: the configs, the recovery key (auto) and the root
   * key wrapped by the seal. `operatorKey` is what the operators' shares split: KEK or recovery key.
   */
  abstract storeInitKeys(storage: Backend, configs: SealConfigs, rootKey: Uint8Array, operatorKey: Uint8Array): Promise<void>;

  /** At the unseal threshold: the root key the combined shares open (Vault's texts on failure). */
  abstract rootKeyFromShares(storage: Backend, combined: Uint8Array): Promise<Uint8Array>;

  /** generate-root and rekey: throws CoreError 400 unless the combined shares are the operators' key. */
  abstract verifyOperatorKey(storage: Backend, combined: Uint8Array): Promise<void>;

  /**
   * Rekey: the new operator key replaces the old one (after every write, the old shares stop
   * working). `rootKey` gives the root key in force, for seals that re-wrap it.
   */
  abstract rekeyOperatorKey(
    storage: Backend,
    target: 'barrier' | 'recovery',
    key: Uint8Array,
    next: { shares: number; threshold: number },
    configs: SealConfigs,
    rootKey: () => Uint8Array,
  ): Promise<void>;

  /**
   * Whether the stored root key was wrapped by this seal's current key and this seal reads it
   * (a finished same-type migration, Vault's sealMigrated); false when it cannot tell.
   */
  abstract readsStoredKeys(storage: Backend): Promise<boolean>;

  /** Vault's UnsealWithStoredKeys: a no-op for seals without stored keys. */
  abstract unsealWithStoredKeys(host: StoredKeysHost): Promise<void>;

  /** The start-up fetch-retry loop (auto seals); undefined for seals that need people. */
  abstract startUnsealLoop(core: StoredKeysUnsealer, opts: AutoUnsealOptions): UnsealLoop | undefined;

  /** Starts the periodic health check where the seal has something to check. */
  abstract startHealthCheck(opts: SealHealthOptions): void;
  abstract stopHealthCheck(): void;
  /** sys/seal-backend-status. */
  abstract backendStatus(): SealHealthStatus;

  /**
   * What wraps the root key under this seal once the operators' key is `operatorKey` (a migration
   * to this seal): the KEK for Shamir, the plugin's wrapper for an auto seal.
   */
  abstract rootKeyWrapper(operatorKey: Uint8Array): KeyWrapper;

  abstract close(): Promise<void>;

  protected writeBarrierConfig(storage: Backend, config: SealConfig): Promise<void> {
    return writeSealConfig(storage, BARRIER_SEAL_CONFIG_PATH, config);
  }
}
