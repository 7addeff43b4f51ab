/**
 * Seal blocks to plugin wrappers: which block is in force, where the plugins are, loading one
 * (loader.ts's rules) and creating its wrapper, each failing with one coded error wherever it runs
 * (start-up, `vault operator diagnose`). No block means the default Shamir seal.
 */
import type { SealBlockConfig, ServerConfig } from '../config/types.js';
import { SealError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { defaultPluginDirectory, loadSealPlugin } from './loader.js';
import { aead, type SealPlugin, type SealWrapper } from './plugin-api.js';

/** The seal block in force (the first one not disabled), or undefined for the default Shamir seal. */
export function activeSealBlock(config: ServerConfig): ServerConfig['seals'][number] | undefined {
  return config.seals.find((s) => !s.disabled);
}

export function activeSealType(config: ServerConfig): string {
  return activeSealBlock(config)?.type ?? 'shamir';
}

export function pluginDirectoryOf(config: ServerConfig): string {
  return config.pluginDirectory ?? defaultPluginDirectory();
}

/** Finds and imports a seal block's plugin (PluginLoadError on any loader failure); no block is Shamir. */
export async function loadSealPluginFor(config: ServerConfig, block: SealBlockConfig | undefined, logger: Logger): Promise<SealPlugin> {
  return loadSealPlugin({
    directory: pluginDirectoryOf(config),
    type: block?.type ?? 'shamir',
    ...(block?.config.sha256 ? { sha256: block.config.sha256 } : {}),
    logger: logger.named('seal.loader'),
  });
}

/** Finds and imports the active seal's plugin. */
export function loadActiveSealPlugin(config: ServerConfig, logger: Logger): Promise<SealPlugin> {
  return loadSealPluginFor(config, activeSealBlock(config), logger);
}

/** The plugin's wrapper for a seal block; `sealLogger` receives the plugin's own lines. */
export async function createSealWrapperFor(
  block: SealBlockConfig | undefined,
  plugin: SealPlugin,
  sealLogger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<SealWrapper> {
  try {
    return await plugin.create(block?.config ?? {}, { logger: sealLogger, env, aead });
  } catch (cause) {
    throw new SealError('SEAL_UNAVAILABLE', `Error parsing Seal configuration: ${(cause as Error).message}`, { cause });
  }
}

/** The plugin's wrapper for the active seal block. */
export function createSealWrapper(config: ServerConfig, plugin: SealPlugin, sealLogger: Logger, env: NodeJS.ProcessEnv): Promise<SealWrapper> {
  return createSealWrapperFor(activeSealBlock(config), plugin, sealLogger, env);
}
