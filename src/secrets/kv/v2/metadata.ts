/**
 * `metadata/<path>` (vault-plugin-secrets-kv path_metadata.go): a secret's settings and version
 * history; DELETE removes the secret with every version; LIST walks the secret tree.
 */
import { badRequest } from '../../../logical/errors.js';
import { bool, int } from '../../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../../logical/types.js';
import { formatTimestamp } from '../clock.js';
import { isSet, objectField, unsignedDuration } from '../input.js';
import { mergePatch } from '../merge-patch.js';
import { listPrefix, lookupKey, requireKey } from '../paths.js';
import { NO_CONTENT, type V2Context } from './context.js';
import { customMetadataPatch, parseCustomMetadata, validateCustomMetadata } from './custom-metadata.js';
import { metadataView, newKeyMetadata, type KeyMetadata, type KvConfig } from './model.js';

/** Vault's warning when a key turns off check-and-set that the mount requires. */
const CAS_MANDATED_WARNING = '"cas_required" set to false, but is mandated by backend config. This value will be ignored.';

const FIELDS = ['max_versions', 'cas_required', 'delete_version_after', 'custom_metadata'] as const;

function pathKey(path: string): string {
  if (path === '') throw badRequest('missing path');
  return requireKey(path);
}

function casWarning(data: Record<string, unknown>, config: KvConfig): LogicalResponse {
  return isSet(data, 'cas_required') && config.cas_required && !bool(data, 'cas_required')
    ? { warnings: [CAS_MANDATED_WARNING] }
    : NO_CONTENT;
}

/** The settings a request carries, parsed and validated before anything is locked or written. */
function readSettings(data: Record<string, unknown>, patch: boolean): (meta: KeyMetadata) => void {
  const maxVersions = isSet(data, 'max_versions') || (patch && data.max_versions === null) ? int(data, 'max_versions') >>> 0 : undefined;
  const casRequired = isSet(data, 'cas_required') || (patch && data.cas_required === null) ? bool(data, 'cas_required') : undefined;
  const dva = isSet(data, 'delete_version_after') ? unsignedDuration(data, 'delete_version_after') : undefined;
  const rawCustom = objectField(data, 'custom_metadata');
  let custom: ((current: Record<string, string> | null) => Record<string, string> | null) | undefined;
  if (rawCustom) {
    validateCustomMetadata(parseCustomMetadata(rawCustom, patch));
    const replacement = parseCustomMetadata(rawCustom, false);
    const changes = customMetadataPatch(rawCustom);
    custom = patch ? (current) => mergePatch(current ?? {}, changes) as Record<string, string> : () => replacement;
  } else if (patch && data.custom_metadata === null) {
    custom = () => null;
  }
  return (meta) => {
    if (maxVersions !== undefined) meta.max_versions = maxVersions;
    if (casRequired !== undefined) meta.cas_required = casRequired;
    if (dva !== undefined) meta.delete_version_after = dva;
    if (custom) meta.custom_metadata = custom(meta.custom_metadata);
  };
}

export function metadataPath(ctx: V2Context): PathSpec {
  const read = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const key = lookupKey(path);
    if (!key) return null;
    const meta = await (await ctx.store(req)).metadata(key);
    return meta ? { data: metadataView(meta) } : null;
  };

  const write = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> => {
    const key = pathKey(path);
    if (!FIELDS.some((f) => isSet(req.data, f))) return NO_CONTENT;
    const apply = readSettings(req.data, false);
    const store = await ctx.store(req);
    const response = casWarning(req.data, await store.config());
    await ctx.locks.run(key, async () => {
      const meta = (await store.metadata(key)) ?? newKeyMetadata(key, formatTimestamp(ctx.clock()));
      apply(meta);
      await store.putMetadata(meta);
    });
    return response;
  };

  const patch = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const key = pathKey(path);
    const apply = readSettings(req.data, true);
    const store = await ctx.store(req);
    const config = await store.config();
    return ctx.locks.run(key, async () => {
      const meta = await store.metadata(key);
      if (!meta) return null;
      apply(meta);
      await store.putMetadata(meta);
      return casWarning(req.data, config);
    });
  };

  const remove = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> => {
    const key = lookupKey(path);
    if (!key) return NO_CONTENT;
    const store = await ctx.store(req);
    await ctx.locks.run(key, async () => {
      if (!(await store.metadata(key))) return;
      await store.deleteMetadata(key);
      await store.sweepVersions(key);
    });
    return NO_CONTENT;
  };

  const list = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const prefix = listPrefix(path);
    const keys = await (await ctx.store(req)).listMetadata(prefix);
    return keys.length > 0 ? { data: { keys } } : null;
  };

  return {
    pattern: /^metadata\/(?<path>.*)$/s, synopsis: "List keys, read a secret's versions and settings, or delete the secret with all its versions.",
    operations: { read, create: write, update: write, patch, delete: remove, list },
    existenceCheck: async (req, { path = '' }) => {
      const key = lookupKey(path);
      return key ? (await (await ctx.store(req)).metadata(key)) !== null : false;
    },
  };
}
