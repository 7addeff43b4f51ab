/**
 * `subkeys/<path>` (vault-plugin-secrets-kv path_subkeys.go): a version's structure with every
 * leaf replaced by null, down to `depth` levels (0 = no limit). Deleted and destroyed versions
 * answer 404 with their metadata, as data reads do.
 */
import { int } from '../../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../../logical/types.js';
import { isJsonObject, type JsonObject } from '../merge-patch.js';
import { lookupKey } from '../paths.js';
import { loadVersion, type V2Context } from './context.js';
import { isDeleted, versionOf, versionView } from './model.js';

/** Vault's removeValues: a map with at least one key is walked (until maxDepth), anything else becomes null. */
function removeValues(input: JsonObject, maxDepth: number, depth = 1): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(input)) {
    const walk = isJsonObject(v) && Object.keys(v).length > 0 && (maxDepth === 0 || depth + 1 <= maxDepth);
    Object.defineProperty(out, k, {
      value: walk ? removeValues(v, maxDepth, depth + 1) : null,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export function subkeysPath(ctx: V2Context): PathSpec {
  const read = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const key = lookupKey(path);
    if (!key) return null;
    const depth = int(req.data, 'depth');
    const requested = int(req.data, 'version');
    const store = await ctx.store(req);
    return ctx.locks.run(key, async () => {
      const meta = await store.metadata(key);
      if (!meta) return null;
      const n = requested > 0 ? requested : meta.current_version;
      const version = versionOf(meta, n);
      if (!version) return null;
      const metadata = versionView(meta, n, version);
      if (isDeleted(version, ctx.clock()) || version.destroyed) return { status: 404, data: { metadata, subkeys: null } };
      const record = await loadVersion(store, key, n);
      return { data: { metadata, subkeys: removeValues(record.data, depth) } };
    });
  };
  return { pattern: /^subkeys\/(?<path>.*)$/s, synopsis: 'Read the structure of a secret (its keys) without the values.', operations: { read } };
}
