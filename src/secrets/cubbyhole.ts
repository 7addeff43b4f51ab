/**
 * Vault's cubbyhole (vault/logical_cubbyhole.go): KV v1 semantics in a private space per token.
 * Everything a token stores lives under `<tokenHash>/` in the mount's view, so tokens never see
 * each other's values, and revoking a token removes its space (destroyCubbyhole).
 *
 * Vault answers its own guards with plain errors, which its HTTP layer turns into 500s:
 * `client token empty`, `missing path`, `missing data fields`. Those statuses are kept.
 */
import { CoreError } from '../errors.js';
import { createPathBackend } from '../logical/framework.js';
import { getJson, putJson } from '../logical/storage-view.js';
import type { Backend, BackendFactory, LogicalRequest, LogicalResponse, StorageView } from '../logical/types.js';
import { listPrefix, lookupKey, pathProblem, requireKey } from './kv/paths.js';

const NO_CONTENT: LogicalResponse = { noContent: true };

function plainError(message: string): CoreError {
  return new CoreError('CORE_INTERNAL', message);
}

/** The caller's private prefix: `<tokenHash>/`. */
function spaceOf(req: LogicalRequest): string {
  const hash = req.auth?.tokenHash ?? '';
  if (hash === '') throw plainError('client token empty');
  if (pathProblem(hash) !== undefined || hash.includes('/')) throw plainError('invalid token reference');
  return `${hash}/`;
}

/** Vault's `missing path` for the empty path, then the usual path rules. */
function keyToWrite(path: string): string {
  if (path === '') throw plainError('missing path');
  return requireKey(path);
}

async function read(req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> {
  const space = spaceOf(req);
  if (path === '') throw plainError('missing path');
  const key = lookupKey(path);
  if (!key) return null;
  const data = await getJson<Record<string, unknown>>(req.storage, space + key);
  return data ? { data } : null;
}

async function write(req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> {
  const space = spaceOf(req);
  if (Object.keys(req.data).length === 0) throw plainError('missing data fields');
  await putJson(req.storage, space + keyToWrite(path), req.data);
  return NO_CONTENT;
}

async function remove(req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse> {
  const space = spaceOf(req);
  const key = lookupKey(path);
  if (key) await req.storage.delete(space + key);
  return NO_CONTENT;
}

async function list(req: LogicalRequest, { path = '' }: Record<string, string>): Promise<LogicalResponse | null> {
  const space = spaceOf(req);
  const keys = await req.storage.list(space + listPrefix(path));
  return keys.length > 0 ? { data: { keys } } : null;
}

export const createCubbyholeBackend: BackendFactory = async (): Promise<Backend> =>
  createPathBackend({
    type: 'cubbyhole',
    help: 'The cubbyhole secrets engine: a private store per token. Only the token that wrote a secret can read it, and everything goes when the token is revoked.',
    paths: [
      {
        pattern: /^(?<path>.*)$/s, synopsis: "Read, write, list or delete a secret in the caller's own cubbyhole.",
        operations: { read, create: write, update: write, delete: remove, list },
        existenceCheck: async (req, { path = '' }) => {
          const hash = req.auth?.tokenHash ?? '';
          if (hash === '' || hash.includes('/') || pathProblem(hash) || pathProblem(path)) return false;
          return (await req.storage.get(`${hash}/${path}`)) !== null;
        },
      },
    ],
  });

/**
 * Removes everything a token kept in its cubbyhole; call when the token is revoked. `storage` is
 * the cubbyhole mount's view. Vault's text when no token is named: `client token empty during revocation`.
 */
export async function destroyCubbyhole(storage: StorageView, tokenHash: string): Promise<void> {
  if (tokenHash === '') throw plainError('client token empty during revocation');
  if (tokenHash.includes('/') || pathProblem(tokenHash)) throw plainError('invalid token reference');
  const walk = async (prefix: string): Promise<void> => {
    for (const name of await storage.list(prefix)) {
      if (name.endsWith('/')) await walk(prefix + name);
      else await storage.delete(prefix + name);
    }
  };
  await walk(`${tokenHash}/`);
}
