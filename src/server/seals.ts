import type { SealBlockConfig, ServerConfig } from '../config/types.js';
import { planMigration } from '../core/migration-plan.js';
import { BARRIER_SEAL_CONFIG_PATH, readSealConfig } from '../core/seal-config.js';
import { SealError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { defaultPluginDirectory, loadSealPlugin } from '../seal/loader.js';
import { aead, type SealWrapper } from '../seal/plugin-api.js';
import type { Backend } from '../storage/types.js';

export interface Seals {
  /** The configured (not disabled) seal, or Shamir. */
  wrapper: SealWrapper;
  /** The seal migrated from, when the configuration and the stored seal ask for a migration. */
  migrationFrom?: SealWrapper;
}

async function build(config: ServerConfig, block: SealBlockConfig | undefined, type: string, logger: Logger, env: NodeJS.ProcessEnv): Promise<SealWrapper> {
  const plugin = await loadSealPlugin({
    directory: config.pluginDirectory ?? defaultPluginDirectory(),
    type,
    ...(block?.config.sha256 ? { sha256: block.config.sha256 } : {}),
    logger: logger.named('seal.loader'),
  });
  try {
    return await plugin.create(block?.config ?? {}, { logger: logger.named(`seal.${type}`), env, aead });
  } catch (cause) {
    throw new SealError('SEAL_UNAVAILABLE', `Error parsing Seal configuration: ${(cause as Error).message}`, { cause });
  }
}

/**
 * The seals from the plugin directory, and Vault's migration rules against the seal type stored
 * in `core/seal-config`: a refused combination stops start-up with Vault's text.
 */
export async function createSeals(config: ServerConfig, storage: Backend, logger: Logger, env: NodeJS.ProcessEnv): Promise<Seals> {
  const active = config.seals.find((s) => !s.disabled);
  const wrapper = await build(config, active, active?.type ?? 'shamir', logger, env);
  const stored = (await readSealConfig(storage, BARRIER_SEAL_CONFIG_PATH))?.type ?? null;
  const plan = planMigration(stored, config.seals);
  if (plan.kind === 'refuse') {
    await wrapper.close?.();
    throw new SealError('SEAL_UNSUPPORTED', `Error checking seal migration: ${plan.message}`);
  }
  if (plan.kind === 'none') return { wrapper };
  const old = config.seals.find((s) => s.disabled && s.type === plan.from);
  const migrationFrom = await build(config, old, plan.from, logger, env);
  return { wrapper, migrationFrom };
}
