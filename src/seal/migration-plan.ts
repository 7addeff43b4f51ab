import type { SealBlockConfig } from '../config/types.js';

export type MigrationPlan =
  | { kind: 'none'; seal: string }
  | { kind: 'migrate'; from: string; to: string }
  | { kind: 'refuse'; message: string };

/**
 * Vault's rules for seal migration, from the stored seal type and the configured seal blocks: the
 * active (not disabled) block, or Shamir when there is none, is the target; a stored seal other
 * than the target is migrated from, which for an auto seal needs its block marked disabled.
 */
export function planMigration(stored: string | null, seals: readonly SealBlockConfig[]): MigrationPlan {
  const target = seals.find((s) => !s.disabled)?.type ?? 'shamir';
  const old = seals.find((s) => s.disabled);
  if (stored === null) return { kind: 'none', seal: target };
  if (stored === target) {
    // Same type on both sides (awskms → awskms with another key): a migration while a disabled block
    // of that type is configured; the core tells a finished one from a pending one by which seal
    // can read the stored keys.
    return old && old.type === stored ? { kind: 'migrate', from: stored, to: target } : { kind: 'none', seal: target };
  }
  if (stored === 'shamir') return { kind: 'migrate', from: 'shamir', to: target };
  if (!old || old.type !== stored) {
    const to = target === 'shamir' ? 'Shamir' : `"${target}"`;
    return { kind: 'refuse', message: `cannot seal migrate from "${stored}" to ${to}, no disabled seal in configuration` };
  }
  return { kind: 'migrate', from: stored, to: target };
}
