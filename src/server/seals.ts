import type { SealBlockConfig, ServerConfig } from '../config/types.js';
import { planMigration } from '../seal/migration-plan.js';
import { BARRIER_SEAL_CONFIG_PATH, readSealConfig } from '../seal/seal-config.js';
import { SealError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { SealWrapper } from '../seal/plugin-api.js';
import type { Backend } from '../storage/types.js';
import { createSealWrapperFor, loadSealPluginFor } from './phases.js';

export interface Seals {
  /** The configured (not disabled) seal, or Shamir. */
  wrapper: SealWrapper;
  /** The seal migrated from, when the configuration and the stored seal ask for a migration. */
  migrationFrom?: SealWrapper;
}

async function build(config: ServerConfig, block: SealBlockConfig | undefined, logger: Logger, env: NodeJS.ProcessEnv): Promise<SealWrapper> {
  const plugin = await loadSealPluginFor(config, block, logger);
  return createSealWrapperFor(block, plugin, logger.named(`seal.${block?.type ?? 'shamir'}`), env);
}

/**
 * The seals from the plugin directory, and Vault's migration rules against the seal type stored
 * in `core/seal-config`: a refused combination stops start-up with Vault's text.
 */
export async function createSeals(config: ServerConfig, storage: Backend, logger: Logger, env: NodeJS.ProcessEnv): Promise<Seals> {
  const active = config.seals.find((s) => !s.disabled);
  const wrapper = await build(config, active, logger, env);
  const stored = (await readSealConfig(storage, BARRIER_SEAL_CONFIG_PATH))?.type ?? null;
  const plan = planMigration(stored, config.seals);
  if (plan.kind === 'refuse') {
    await wrapper.close?.();
    throw new SealError('SEAL_UNSUPPORTED', `Error checking seal migration: ${plan.message}`);
  }
  if (plan.kind === 'none') return { wrapper };
  // Shamir is never a block: migrating from it builds the plugin with no block.
  const old = config.seals.find((s) => s.disabled && s.type === plan.from);
  const migrationFrom = await build(config, old, logger, env);
  return { wrapper, migrationFrom };
}
