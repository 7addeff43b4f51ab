/**
 * In-memory backend (Vault's `inmem`): for tests and dev mode. Keys are kept in a sorted array
 * beside the value map, so list() reads one contiguous range. Bytes are copied in and out, so a
 * caller mutating its buffer never changes what is stored.
 */
import type { Backend } from './types.js';
import { compareBytewise, validateKey, validatePrefix } from './keys.js';

/** Index of the first element >= target in the sorted array (code-unit order). */
function lowerBound(sorted: readonly string[], target: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createInmemBackend(): Backend {
  const values = new Map<string, Uint8Array>();
  const sortedKeys: string[] = [];

  return {
    type: 'inmem',

    async get(key: string): Promise<Uint8Array | null> {
      validateKey(key);
      const value = values.get(key);
      return value === undefined ? null : value.slice();
    },

    async put(key: string, value: Uint8Array): Promise<void> {
      validateKey(key);
      if (!values.has(key)) sortedKeys.splice(lowerBound(sortedKeys, key), 0, key);
      values.set(key, Uint8Array.from(value));
    },

    async delete(key: string): Promise<void> {
      validateKey(key);
      if (!values.delete(key)) return;
      const at = lowerBound(sortedKeys, key);
      if (sortedKeys[at] === key) sortedKeys.splice(at, 1);
    },

    async list(prefix: string): Promise<string[]> {
      validatePrefix(prefix);
      const children = new Set<string>();
      // Keys that start with prefix form one contiguous run in a lexicographically sorted array.
      for (let i = lowerBound(sortedKeys, prefix); i < sortedKeys.length; i++) {
        const key = sortedKeys[i]!;
        if (!key.startsWith(prefix)) break;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf('/');
        children.add(slash === -1 ? rest : rest.slice(0, slash + 1));
      }
      return [...children].sort(compareBytewise);
    },
  };
}
