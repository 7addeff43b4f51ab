/**
 * Finds, checks and imports a seal plugin: `<directory>/<type>/plugin.json` and the entry module it
 * names. The plugin directory holds executable code, so the loader is strict, like OpenBao's plugin
 * catalog: plain type names only, real paths that stay inside the directory, nothing writable by
 * group or world, an optional SHA-256 pin, and the manifest and the default export checked against
 * the contract. Each failure is a PluginLoadError with its own code, naming the plugin and the path.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PluginLoadError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { MANIFEST_FILE, readManifest, SEAL_PLUGIN_API_VERSION } from './manifest.js';
import { checkNotWritableByOthers, checkSha256, pluginLabel, resolveInside } from './plugin-files.js';
import type { SealPlugin } from './plugin-api.js';

export interface LoadSealPluginOptions {
  /** The plugin directory (`plugin_directory`, or defaultPluginDirectory()). */
  directory: string;
  /** The seal block's label: `seal "transit" { … }`. */
  type: string;
  /** Hex SHA-256 the entry module must have (the seal block's `sha256` key). */
  sha256?: string;
  logger: Logger;
}

/** A seal type is a plain name: it becomes a folder name under the plugin directory. */
export const PLUGIN_TYPE_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The installation's own `plugins` folder, found from this module's place: the built
 * `dist/src/seal/loader.js` gives `dist/plugins`, where the build puts the built-in seals.
 */
export function defaultPluginDirectory(): string {
  return fileURLToPath(new URL('../../plugins', import.meta.url));
}

export async function loadSealPlugin(opts: LoadSealPluginOptions): Promise<SealPlugin> {
  const { type, logger } = opts;
  const label = pluginLabel(type);
  if (!PLUGIN_TYPE_PATTERN.test(type)) {
    throw new PluginLoadError(
      'PLUGIN_NOT_FOUND',
      `${label}: not a valid plugin name (lower-case letters, digits, "_" and "-"; plugin directory ${opts.directory})`,
    );
  }
  const searched = resolve(opts.directory);
  const root = await resolveInside(type, '/', searched, 'directory', 'plugin directory', searched);
  await checkNotWritableByOthers(type, root);

  const folder = await resolveInside(type, root, resolve(root, type), 'directory', 'plugin folder', searched);
  await checkNotWritableByOthers(type, folder);

  const manifestPath = await resolveInside(type, root, resolve(folder, MANIFEST_FILE), 'file', 'manifest', searched);
  await checkNotWritableByOthers(type, manifestPath);
  const manifest = await readManifest(type, manifestPath);

  const entry = await resolveInside(type, root, resolve(folder, manifest.entry), 'file', 'entry module', searched);
  await checkNotWritableByOthers(type, entry);
  const sha256 = await checkSha256(type, entry, opts.sha256);

  logger.debug('loading seal plugin', { type, path: entry, sha256 });
  let mod: unknown;
  try {
    mod = await import(pathToFileURL(entry).href);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new PluginLoadError('PLUGIN_THREW', `${label}: importing ${entry} threw: ${message}`, { cause: err });
  }
  const plugin = checkExport(type, entry, mod);
  logger.debug('seal plugin loaded', { type, path: entry });
  return plugin;
}

/** The module's default export must be a SealPlugin for this very type. */
function checkExport(type: string, entry: string, mod: unknown): SealPlugin {
  const label = pluginLabel(type);
  const bad = (what: string): PluginLoadError =>
    new PluginLoadError('PLUGIN_BAD_EXPORT', `${label}: ${entry}: ${what}`);
  const exported = (mod as { default?: unknown } | null)?.default;
  if (exported === undefined) throw bad('the module has no default export (a seal plugin object is expected)');
  if (exported === null || typeof exported !== 'object') {
    throw bad(`the default export is ${exported === null ? 'null' : `a ${typeof exported}`}, not a seal plugin object`);
  }
  const p = exported as Record<string, unknown>;
  if (p.apiVersion !== SEAL_PLUGIN_API_VERSION) {
    throw new PluginLoadError(
      'PLUGIN_API_MISMATCH',
      `${label}: ${entry}: the default export has apiVersion ${JSON.stringify(p.apiVersion)}; this server supports apiVersion ${SEAL_PLUGIN_API_VERSION}`,
    );
  }
  if (p.type !== type) {
    throw new PluginLoadError(
      'PLUGIN_API_MISMATCH',
      `${label}: ${entry}: the default export has type ${JSON.stringify(p.type)}, but the seal block is labelled ${JSON.stringify(type)}`,
    );
  }
  if (!Array.isArray(p.sensitiveKeys) || !p.sensitiveKeys.every((k) => typeof k === 'string')) {
    throw bad('the default export has no "sensitiveKeys" array of strings');
  }
  if (typeof p.create !== 'function') throw bad('the default export has no "create" function');
  return exported as SealPlugin;
}
