/**
 * The file checks the seal plugin loader makes before it imports anything: real paths that stay
 * inside the plugin directory, no group- or world-writable folder or file, and an optional
 * SHA-256 pin compared in constant time. Every failure names the plugin and the path.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { PluginLoadError } from '../errors.js';

/** The prefix of every loader message: `seal plugin "awskms"`. */
export function pluginLabel(type: string): string {
  return `seal plugin ${JSON.stringify(type)}`;
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** Whether `child` (a real path) is `root` itself or below it. */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export type Expected = 'directory' | 'file';

/**
 * The real path of `path` (absolute), which must lie inside `root` (already real) both as written
 * and once symlinks are resolved, exist, and be a `kind`. `what` names the thing in messages ("plugin folder", "manifest", "entry module").
 * `searched` is the plugin directory as configured, for the not-found message.
 */
export async function resolveInside(
  type: string,
  root: string,
  path: string,
  kind: Expected,
  what: string,
  searched: string,
): Promise<string> {
  if (!isInside(root, path)) {
    throw new PluginLoadError('PLUGIN_OUTSIDE_DIR', `${pluginLabel(type)}: ${what} ${path} is outside the plugin directory ${root}`);
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new PluginLoadError(
        'PLUGIN_NOT_FOUND',
        `${pluginLabel(type)}: ${what} not found: ${path} (plugin directory searched: ${searched})`,
        { cause: err },
      );
    }
    throw new PluginLoadError('PLUGIN_NOT_FOUND', `${pluginLabel(type)}: cannot resolve ${what} ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!isInside(root, real)) {
    throw new PluginLoadError(
      'PLUGIN_OUTSIDE_DIR',
      `${pluginLabel(type)}: ${what} ${path} resolves to ${real}, outside the plugin directory ${root}`,
    );
  }
  const st = await stat(real);
  const ok = kind === 'directory' ? st.isDirectory() : st.isFile();
  if (!ok) {
    throw new PluginLoadError(
      'PLUGIN_NOT_FOUND',
      `${pluginLabel(type)}: ${what} ${real} is not a ${kind === 'directory' ? 'directory' : 'regular file'} (plugin directory searched: ${searched})`,
    );
  }
  return real;
}

/** Refuses a folder or file that anyone but its owner may write (mode & 0o022). */
export async function checkNotWritableByOthers(type: string, path: string): Promise<void> {
  const mode = (await stat(path)).mode & 0o7777;
  if ((mode & 0o022) !== 0) {
    const who = (mode & 0o002) !== 0 ? 'world-writable' : 'group-writable';
    throw new PluginLoadError(
      'PLUGIN_INSECURE_PERMISSIONS',
      `${pluginLabel(type)}: ${path} is ${who} (mode 0${mode.toString(8).padStart(3, '0')}); ` +
        `plugin code must be writable by its owner only (chmod go-w ${path})`,
    );
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Compares the entry file's SHA-256 with the pinned one (hex), in constant time. Returns the digest. */
export async function checkSha256(type: string, path: string, pinned: string | undefined): Promise<string> {
  const digest = createHash('sha256').update(await readFile(path)).digest();
  const hex = digest.toString('hex');
  if (pinned === undefined || pinned === '') return hex;
  const want = pinned.trim();
  if (!SHA256_HEX.test(want)) {
    throw new PluginLoadError(
      'PLUGIN_CHECKSUM_MISMATCH',
      `${pluginLabel(type)}: the configured sha256 for ${path} is not 64 hexadecimal digits`,
    );
  }
  if (!timingSafeEqual(digest, Buffer.from(want, 'hex'))) {
    throw new PluginLoadError(
      'PLUGIN_CHECKSUM_MISMATCH',
      `${pluginLabel(type)}: ${path} has sha256 ${hex}, but the configuration pins ${want.toLowerCase()}`,
    );
  }
  return hex;
}
