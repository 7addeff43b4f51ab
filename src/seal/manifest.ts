/**
 * `plugin.json`, the manifest beside each seal plugin's entry module:
 * `{"apiVersion":1,"type":"<type>","entry":"index.js"}`. It is read and checked before any code
 * is imported, so a plugin written for another contract is refused without running it.
 */
import { readFile } from 'node:fs/promises';
import { PluginLoadError } from '../errors.js';
import { pluginLabel } from './plugin-files.js';

/** The contract version this server implements (SealPlugin.apiVersion). */
export const SEAL_PLUGIN_API_VERSION = 1;
export const MANIFEST_FILE = 'plugin.json';
const DEFAULT_ENTRY = 'index.js';

export interface PluginManifest {
  apiVersion: number;
  type: string;
  /** Relative to the plugin's folder. */
  entry: string;
}

/** Parses and checks a manifest already found at `path` (a real path). */
export async function readManifest(type: string, path: string): Promise<PluginManifest> {
  const label = pluginLabel(type);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new PluginLoadError('PLUGIN_API_MISMATCH', `${label}: ${path} is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PluginLoadError('PLUGIN_API_MISMATCH', `${label}: ${path} must hold a JSON object`);
  }
  const m = raw as Record<string, unknown>;
  if (m.apiVersion !== SEAL_PLUGIN_API_VERSION) {
    throw new PluginLoadError(
      'PLUGIN_API_MISMATCH',
      `${label}: ${path} declares apiVersion ${JSON.stringify(m.apiVersion)}; this server supports apiVersion ${SEAL_PLUGIN_API_VERSION}`,
    );
  }
  if (m.type !== type) {
    throw new PluginLoadError(
      'PLUGIN_API_MISMATCH',
      `${label}: ${path} declares type ${JSON.stringify(m.type)}, but the seal block is labelled ${JSON.stringify(type)}`,
    );
  }
  const entry = m.entry === undefined ? DEFAULT_ENTRY : m.entry;
  if (typeof entry !== 'string' || entry === '' || entry.includes('\0')) {
    throw new PluginLoadError('PLUGIN_API_MISMATCH', `${label}: ${path} has an invalid "entry" (a relative file name is expected)`);
  }
  return { apiVersion: m.apiVersion, type, entry };
}
