import { CoreError } from '../errors.js';
import type { Backend } from '../storage/types.js';

export const BARRIER_SEAL_CONFIG_PATH = 'core/seal-config';
export const RECOVERY_SEAL_CONFIG_PATH = 'core/recovery-config';

/** Vault's SealConfig, stored as plaintext JSON outside the barrier. */
export interface SealConfig {
  type: string;
  secret_shares: number;
  secret_threshold: number;
  pgp_keys: string[] | null;
  nonce: string;
  backup: boolean;
  stored_shares: number;
}

/** Vault's SealConfig.Validate, with its texts. */
export function validateSealConfig(c: Pick<SealConfig, 'secret_shares' | 'secret_threshold' | 'stored_shares'>): string | null {
  if (c.secret_shares < 1) return 'shares must be at least one';
  if (c.secret_threshold < 1) return 'threshold must be at least one';
  if (c.secret_shares > 1 && c.secret_threshold === 1) return 'threshold must be greater than one for multiple shares';
  if (c.secret_shares > 255) return 'shares must be less than 256';
  if (c.secret_threshold > 255) return 'threshold must be less than 256';
  if (c.secret_threshold > c.secret_shares) return 'threshold cannot be larger than shares';
  if (c.stored_shares > c.secret_shares) return 'stored keys cannot be larger than shares';
  return null;
}

export async function readSealConfig(storage: Backend, path: string): Promise<SealConfig | null> {
  const raw = await storage.get(path);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw).toString('utf8')) as Partial<SealConfig>;
    return {
      type: parsed.type || 'shamir',
      secret_shares: parsed.secret_shares ?? 0,
      secret_threshold: parsed.secret_threshold ?? 0,
      pgp_keys: parsed.pgp_keys ?? null,
      nonce: parsed.nonce ?? '',
      backup: parsed.backup ?? false,
      stored_shares: parsed.stored_shares ?? 0,
    };
  } catch (cause) {
    throw new CoreError('BARRIER_CORRUPT', 'failed to decode seal configuration', { cause });
  }
}

/** The barrier config and, under an auto seal, the recovery config. */
export interface SealConfigs {
  barrier: SealConfig;
  recovery: SealConfig | null;
}

/**
 * The config of the shares the operators hold: the recovery config where one is stored (an auto
 * seal, or one being migrated from), else the barrier config (Shamir unseal shares).
 */
export function operatorKeysConfig(configs: SealConfigs): SealConfig {
  return configs.recovery ?? configs.barrier;
}

/** Both configs of an initialised node; a missing barrier config is corruption. */
export async function readSealConfigs(storage: Backend): Promise<SealConfigs> {
  const barrier = await readSealConfig(storage, BARRIER_SEAL_CONFIG_PATH);
  if (!barrier) throw new CoreError('BARRIER_CORRUPT', 'core: barrier reports initialized but no seal configuration found');
  const recovery = await readSealConfig(storage, RECOVERY_SEAL_CONFIG_PATH);
  return { barrier, recovery };
}

export async function writeSealConfig(storage: Backend, path: string, config: SealConfig): Promise<void> {
  await storage.put(path, Buffer.from(JSON.stringify(config)));
}
