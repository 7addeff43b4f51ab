/**
 * Secret paths as the KV engines and cubbyhole accept them. Vault itself leaves this to the
 * storage backend (its file backend answers `..` with `path cannot contain parent references` as a
 * 500); tsvault refuses a bad path up front with a 400 so that no backend ever sees it:
 *
 * - a `..` segment: Vault's text `path cannot contain parent references`;
 * - a NUL byte, an empty segment (`a//b`, a leading or trailing `/`) or a `.` segment: they would
 *   alias another key once joined into a file path;
 * - a segment longer than 254 bytes (UTF-8): the file backend stores a leaf `x` as the file `_x`,
 *   and file names are limited to 255 bytes (NAME_MAX), so a longer segment could never be written.
 */
import { badRequest } from '../../logical/errors.js';
import { PARENT_REFERENCE_MESSAGE } from '../../storage/keys.js';

export const MAX_SEGMENT_BYTES = 254;

/** Why `path` cannot name a stored key, or undefined when it can. The empty path is reported as `missing path`. */
export function pathProblem(path: string): string | undefined {
  if (path === '') return 'missing path';
  const segments = path.split('/');
  if (segments.includes('..')) return PARENT_REFERENCE_MESSAGE;
  if (path.includes('\0')) return 'path cannot contain NUL bytes';
  if (segments.includes('')) return `path contains an empty segment: ${JSON.stringify(path)}`;
  if (segments.includes('.')) return `path cannot contain "." segments: ${JSON.stringify(path)}`;
  if (segments.some((s) => Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES)) {
    return `path segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}

/** Whether `path` is refused on every operation (parent references), not merely absent. */
export function isForbiddenPath(path: string): boolean {
  return path.split('/').includes('..');
}

/** A key to write: 400 with the reason unless `path` names a storable key. */
export function requireKey(path: string): string {
  const problem = pathProblem(path);
  if (problem) throw badRequest(problem);
  return path;
}

/**
 * A key to read or delete: 400 for parent references, undefined for a path that cannot hold a
 * value (empty, trailing slash, …), which reads as "nothing here" as it does in Vault.
 */
export function lookupKey(path: string): string | undefined {
  if (isForbiddenPath(path)) throw badRequest(PARENT_REFERENCE_MESSAGE);
  return pathProblem(path) ? undefined : path;
}

/** A folder to list: "" or a path ending in "/" (one is added, as Vault's passthrough does); 400 if malformed. */
export function listPrefix(path: string): string {
  if (path === '') return '';
  const folder = path.endsWith('/') ? path : `${path}/`;
  requireKey(folder.slice(0, -1));
  return folder;
}
