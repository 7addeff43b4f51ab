import type { SealBlockConfig, ServerConfig } from '../config/types.js';
import { SealError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Backend } from '../storage/types.js';
import { AutoSeal } from './auto-seal.js';
import { MigrationPair } from './migration-pair.js';
import { planMigration } from './migration-plan.js';
import type { SealWrapper } from './plugin-api.js';
import type { Seal } from './seal.js';
import { BARRIER_SEAL_CONFIG_PATH, readSealConfig } from './seal-config.js';
import { ShamirSeal } from './shamir-seal.js';
import { createSealWrapperFor, loadSealPluginFor } from './wrappers.js';

export interface Seals {
  /** The configured (not disabled) seal, or Shamir. */
  seal: Seal;
  /** The seal migrated from and to, when the configuration and the stored seal ask for a migration. */
  migration?: MigrationPair;
}

/** Shamir is the seal whose shares people type; every other type is an auto seal. */
export function isShamirType(type: string): boolean {
  return type === 'shamir';
}

/** The host's seal around a plugin's wrapper: the one place that tells the variants apart. */
export function sealFor(wrapper: SealWrapper): Seal {
  return isShamirType(wrapper.type) ? new ShamirSeal(wrapper) : new AutoSeal(wrapper);
}

/** Decorates a plugin's wrapper before the host uses it (telemetry's seal metrics). */
export type WrapperDecorator = (wrapper: SealWrapper) => SealWrapper;

async function build(
  config: ServerConfig,
  block: SealBlockConfig | undefined,
  logger: Logger,
  env: NodeJS.ProcessEnv,
  decorate: WrapperDecorator,
): Promise<Seal> {
  const plugin = await loadSealPluginFor(config, block, logger);
  return sealFor(decorate(await createSealWrapperFor(block, plugin, logger.named(`seal.${block?.type ?? 'shamir'}`), env)));
}

/**
 * The seals from the plugin directory, and Vault's migration rules against the seal type stored
 * in `core/seal-config`: a refused combination stops start-up with Vault's text.
 */
export async function createSeals(
  config: ServerConfig,
  storage: Backend,
  logger: Logger,
  env: NodeJS.ProcessEnv,
  decorate: WrapperDecorator = (w) => w,
): Promise<Seals> {
  const active = config.seals.find((s) => !s.disabled);
  const seal = await build(config, active, logger, env, decorate);
  const stored = (await readSealConfig(storage, BARRIER_SEAL_CONFIG_PATH))?.type ?? null;
  const plan = planMigration(stored, config.seals);
  if (plan.kind === 'refuse') {
    await seal.close();
    throw new SealError('SEAL_UNSUPPORTED', `Error checking seal migration: ${plan.message}`);
  }
  if (plan.kind === 'none') return { seal };
  // Shamir is never a block: migrating from it builds the plugin with no block.
  const old = config.seals.find((s) => s.disabled && s.type === plan.from);
  return { seal, migration: new MigrationPair(await build(config, old, logger, env, decorate), seal) };
}
