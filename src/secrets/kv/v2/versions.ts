/**
 * `delete/<path>`, `undelete/<path>` and `destroy/<path>` with a `versions` list
 * (vault-plugin-secrets-kv path_delete.go, path_destroy.go). Unknown or destroyed versions are
 * skipped; a secret that does not exist is a no-op; all answer 204.
 */
import { badRequest } from '../../../logical/errors.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../../logical/types.js';
import { formatTimestamp } from '../clock.js';
import { intList } from '../input.js';
import { lookupKey } from '../paths.js';
import { NO_CONTENT, type V2Context } from './context.js';
import { deletionTimeFor, isDeleted, versionOf, type KeyMetadata } from './model.js';
import type { V2Store } from './store.js';

type Change = (meta: KeyMetadata, versions: readonly number[], store: V2Store) => Promise<void>;

function versionsPath(ctx: V2Context, verb: string, missingText: string, change: Change): PathSpec {
  const update = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> => {
    const versions = intList(req.data, 'versions');
    if (versions.length === 0) throw badRequest(missingText);
    const key = lookupKey(path);
    if (!key) return NO_CONTENT;
    const store = await ctx.store(req);
    await ctx.locks.run(key, async () => {
      const meta = await store.metadata(key);
      if (meta) await change(meta, versions, store);
    });
    return NO_CONTENT;
  };
  return { pattern: new RegExp(`^${verb}/(?<path>.*)$`, 's'), synopsis: 'Soft-delete, undelete or permanently destroy given versions of a secret.', operations: { update } };
}

export function versionsPaths(ctx: V2Context): PathSpec[] {
  const softDelete: Change = async (meta, versions, store) => {
    const nowNs = ctx.clock();
    for (const n of versions) {
      const v = versionOf(meta, n);
      if (!v || v.destroyed || isDeleted(v, nowNs)) continue;
      v.deletion_time = formatTimestamp(nowNs);
    }
    await store.putMetadata(meta);
  };

  const undelete: Change = async (meta, versions, store) => {
    const config = await store.config();
    for (const n of versions) {
      const v = versionOf(meta, n);
      if (!v || v.destroyed) continue;
      const at = deletionTimeFor(ctx.clock(), config, meta);
      v.deletion_time = at === undefined ? '' : formatTimestamp(at);
    }
    await store.putMetadata(meta);
  };

  const destroy: Change = async (meta, versions, store) => {
    const known = versions.filter((n) => versionOf(meta, n) !== undefined);
    for (const n of known) versionOf(meta, n)!.destroyed = true;
    // The metadata first: it must never name a version whose data is gone. Data of versions
    // destroyed earlier is deleted again, in case a crash interrupted that earlier destroy.
    await store.putMetadata(meta);
    for (const n of known) await store.deleteVersion(meta.key, n);
  };

  return [
    versionsPath(ctx, 'delete', 'No version number provided', softDelete),
    versionsPath(ctx, 'undelete', 'No version number provided', undelete),
    versionsPath(ctx, 'destroy', 'no version number provided', destroy),
  ];
}
