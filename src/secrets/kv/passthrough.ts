/**
 * The version 1 KV engine (vault-plugin-secrets-kv passthrough.go): any JSON object at any path,
 * stored as written. A `ttl` (or `lease`) field is kept with the data and becomes the response's
 * lease_duration; without one, the mount's default lease TTL is reported, as Vault's core does
 * for kv mounts (which never register a lease). Durations above the mount's max are capped.
 */
import { parseDurationSeconds } from '../../duration.js';
import { exactOf } from '../../json/parse.js';
import { JsonNumber } from '../../json/number.js';
import { badRequest } from '../../logical/errors.js';
import { createPathBackend } from '../../logical/framework.js';
import { getExactJson, putExactJson } from '../../logical/storage-view.js';
import type { Backend, BackendContext, LogicalRequest, LogicalResponse } from '../../logical/types.js';
import { listPrefix, lookupKey, pathProblem, requireKey } from './paths.js';

const NO_CONTENT: LogicalResponse = { noContent: true };

/** Seconds from a stored `ttl`/`lease` value, or undefined when absent or unparsable (Vault ignores those). */
function storedTtl(data: Record<string, unknown>): number | undefined {
  const raw = Object.hasOwn(data, 'ttl') ? data.ttl : Object.hasOwn(data, 'lease') ? data.lease : undefined;
  if (raw === undefined) return undefined;
  try {
    return parseDurationSeconds(raw instanceof JsonNumber ? Number(raw.text) : raw);
  } catch {
    return undefined;
  }
}

export async function createKvV1Backend(ctx: BackendContext): Promise<Backend> {
  const defaultTtl = ctx.config.default_lease_ttl || ctx.systemDefaults.default_lease_ttl;
  const maxTtl = ctx.config.max_lease_ttl || ctx.systemDefaults.max_lease_ttl;

  const read = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const key = lookupKey(path);
    if (!key) return null;
    const data = await getExactJson<Record<string, unknown>>(req.storage, key);
    if (!data) return null;
    const ttl = storedTtl(data) || defaultTtl;
    return { data, leaseDuration: maxTtl > 0 ? Math.min(ttl, maxTtl) : ttl };
  };

  const write = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> => {
    const key = requireKey(path);
    if (Object.keys(req.data).length === 0) throw badRequest('missing data fields');
    await putExactJson(req.storage, key, exactOf(req.data)); // the numbers as written
    return NO_CONTENT;
  };

  const remove = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> => {
    const key = lookupKey(path);
    if (key) await req.storage.delete(key);
    return NO_CONTENT;
  };

  const list = async (req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> => {
    const keys = await req.storage.list(listPrefix(path));
    return keys.length > 0 ? { data: { keys } } : null;
  };

  return createPathBackend({
    type: 'kv',
    help: 'The key/value secrets engine (kv version 1): each path holds one JSON object, replaced on every write; no versions are kept.',
    paths: [
      {
        pattern: /^(?<path>.*)$/s, synopsis: 'Read, write, list or delete the secret at this path.',
        operations: { read, create: write, update: write, delete: remove, list },
        existenceCheck: async (req, { path = '' }) =>
          pathProblem(path) === undefined && (await req.storage.get(path)) !== null,
      },
    ],
  });
}
