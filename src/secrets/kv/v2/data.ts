/**
 * `data/<path>` (vault-plugin-secrets-kv path_data.go): read a version, write a new one, patch
 * the current one with a JSON merge patch, soft-delete the latest.
 */
import { badRequest } from '../../../logical/errors.js';
import { int } from '../../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../../logical/types.js';
import { formatTimestamp } from '../clock.js';
import { exactOf } from '../../../json/parse.js';
import { objectField } from '../input.js';
import { mergePatch, type JsonObject } from '../merge-patch.js';
import { lookupKey, requireKey } from '../paths.js';
import { checkAndSet, loadVersion, NO_CONTENT, type V2Context } from './context.js';
import { addVersion, deletionTimeFor, isDeleted, newKeyMetadata, versionOf, versionView, type KeyMetadata, type KvConfig } from './model.js';
import type { V2Store } from './store.js';

const CLEANUP_WARNING = 'error occurred when cleaning up old versions, these will be cleaned up on next write';

/** Writes version current+1 and then the metadata naming it; prunes what max_versions pushed out. */
async function writeVersion(
  ctx: V2Context,
  store: V2Store,
  config: KvConfig,
  meta: KeyMetadata,
  data: JsonObject,
): Promise<LogicalResponse> {
  const nowNs = ctx.clock();
  const created = formatTimestamp(nowNs);
  const deletion = deletionTimeFor(nowNs, config, meta);
  await store.putVersion(meta.key, meta.current_version + 1, { created_time: created, data });
  const { version, versionToDelete } = addVersion(meta, created, deletion === undefined ? '' : formatTimestamp(deletion), config.max_versions);
  await store.putMetadata(meta);
  const response: LogicalResponse = { data: versionView(meta, meta.current_version, version) };
  if (versionToDelete > 0) {
    try {
      await store.sweepVersions(meta.key, (n) => n >= meta.oldest_version);
    } catch (err) {
      response.warnings = [`${CLEANUP_WARNING}: ${err instanceof Error ? err.message : String(err)}`];
    }
  }
  return response;
}

function requireData(req: LogicalRequest): JsonObject {
  if (req.data.data === undefined) throw badRequest('no data provided');
  return exactOf(objectField(req.data, 'data')) ?? {}; // the numbers as written
}

export function dataPath(ctx: V2Context): PathSpec {
  const read = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const key = lookupKey(path);
    if (!key) return null;
    const requested = int(req.data, 'version');
    const store = await ctx.store(req);
    return ctx.locks.run(key, async () => {
      const meta = await store.metadata(key);
      if (!meta) return null;
      const n = requested > 0 ? requested : meta.current_version;
      const version = versionOf(meta, n);
      if (!version) return null;
      const metadata = versionView(meta, n, version);
      if (isDeleted(version, ctx.clock()) || version.destroyed) return { status: 404, data: { data: null, metadata } };
      const record = await loadVersion(store, key, n);
      return { data: { data: record.data, metadata } };
    });
  };

  const write = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> => {
    const key = requireKey(path);
    const store = await ctx.store(req);
    const config = await store.config();
    const data = requireData(req);
    return ctx.locks.run(key, async () => {
      const meta = (await store.metadata(key)) ?? newKeyMetadata(key);
      checkAndSet(req.data, config, meta);
      return writeVersion(ctx, store, config, meta, data);
    });
  };

  const patch = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const key = requireKey(path);
    const changes = requireData(req);
    const store = await ctx.store(req);
    return ctx.locks.run(key, async () => {
      const meta = await store.metadata(key);
      if (!meta) return null;
      const config = await store.config();
      checkAndSet(req.data, config, meta);
      const n = meta.current_version;
      const version = versionOf(meta, n);
      if (!version) return null;
      if (isDeleted(version, ctx.clock()) || version.destroyed) return { status: 404, data: versionView(meta, n, version) };
      const record = await loadVersion(store, key, n);
      return writeVersion(ctx, store, config, meta, mergePatch(record.data, changes) as JsonObject);
    });
  };

  const softDelete = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> => {
    const key = lookupKey(path);
    if (!key) return NO_CONTENT;
    const store = await ctx.store(req);
    await ctx.locks.run(key, async () => {
      const meta = await store.metadata(key);
      const latest = meta ? versionOf(meta, meta.current_version) : undefined;
      const nowNs = ctx.clock();
      if (!meta || !latest || latest.destroyed || isDeleted(latest, nowNs)) return;
      latest.deletion_time = formatTimestamp(nowNs);
      await store.putMetadata(meta);
    });
    return NO_CONTENT;
  };

  return {
    pattern: /^data\/(?<path>.*[^/])$/s, synopsis: 'Write, read, patch or soft-delete the current version of a secret.',
    operations: { read, create: write, update: write, patch, delete: softDelete },
    existenceCheck: async (req, { path = '' }) => {
      const key = lookupKey(path);
      return key ? (await (await ctx.store(req)).metadata(key)) !== null : false;
    },
  };
}
