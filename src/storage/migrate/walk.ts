/**
 * Every key of a backend in sorted order (Go's string order: by UTF-8 bytes), found by listing
 * depth-first from the root as Vault's dfsScan does. Because a folder `a/` sorts where its keys do,
 * depth-first order is the order of the full keys, so "every key before K" is a prefix of the walk.
 */
import { compareBytewise } from '../keys.js';
import type { Backend } from '../types.js';

/** Vault's text when a list fails during the scan. */
export const SCAN_ERROR = 'failed to scan for children';

/**
 * Yields the keys of `backend` in order, starting at the first key that `from` admits: a key is
 * admitted when it is at or after `from.atOrAfter`, and after `from.after`. Folders whose keys all
 * come before the start are not listed.
 */
export async function* walkKeys(
  backend: Backend,
  from: { atOrAfter?: string; after?: string } = {},
): AsyncGenerator<string> {
  const admits = (key: string): boolean =>
    (from.atOrAfter === undefined || compareBytewise(key, from.atOrAfter) >= 0) &&
    (from.after === undefined || compareBytewise(key, from.after) > 0);
  /** Whether some key under the folder could be admitted (its keys all start with `folder`). */
  const mayHold = (folder: string): boolean =>
    [from.atOrAfter, from.after].every(
      (bound) => bound === undefined || bound.startsWith(folder) || compareBytewise(folder, bound) > 0,
    );
  const stack: string[] = [''];
  while (stack.length > 0) {
    const path = stack.pop()!;
    if (path === '' || path.endsWith('/')) {
      let children: string[];
      try {
        children = await backend.list(path);
      } catch (err) {
        throw new Error(`${SCAN_ERROR}: ${(err as Error).message}`, { cause: err });
      }
      children.sort(compareBytewise);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i]!;
        if (child === '') continue;
        const full = path + child;
        if (full.endsWith('/') ? mayHold(full) : admits(full)) stack.push(full);
      }
    } else {
      yield path;
    }
  }
}
