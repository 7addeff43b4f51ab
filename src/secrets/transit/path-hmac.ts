/**
 * `hmac/<name>[/<algorithm>]` and HMAC verification (reached through `verify/<name>` with an
 * `hmac` field), as path_hmac.go: output `vault:v<version>:<base64 hmac>`, every key type's
 * per-version HMAC key (the key itself for `hmac` keys), constant-time comparison.
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { int, str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { decodeStringMaps } from './batch.js';
import { UserError, errorResponse, messageOf } from './errors.js';
import { GoAtoiError, goAtoi, goBase64Decode } from './go-compat.js';
import { nodeDigest } from './hashes.js';
import { keyEntry, secretKeyOf } from './key-material.js';
import { KeyType } from './key-types.js';
import { NAME } from './path-keys.js';
import type { Policy } from './policy.js';
import type { PolicyStore } from './policy-store.js';

/** keysutil Policy.HMACKey, as the version's KeyObject (made once per version). */
function hmacKey(p: Policy, ver: number): KeyObject {
  if (ver < 0) throw new UserError('key version does not exist (cannot be negative)');
  if (ver > p.latestVersion) throw new UserError(`key version does not exist; latest key version is ${p.latestVersion}`);
  const entry = keyEntry(p, ver);
  if (p.type === KeyType.HMAC && entry.key) return secretKeyOf(entry.key);
  if (!entry.hmacKey) throw new UserError('no HMAC key exists for that key version');
  return secretKeyOf(entry.hmacKey);
}

/** Vault formats the unknown algorithm's zero HashType with %q, so every unknown name reads the same. */
function digestFor(algorithm: string): string {
  const digest = nodeDigest(algorithm);
  if (!digest) throw errorResponse("unsupported algorithm '\\x00'");
  return digest;
}

function items(req: LogicalRequest, single: () => Record<string, string>): { list: Record<string, string>[]; isBatch: boolean } {
  const raw = req.data.batch_input;
  if (raw === undefined || raw === null) return { list: [single()], isBatch: false };
  const list = decodeStringMaps(raw);
  if (list.length === 0) throw errorResponse('missing batch input to process');
  return { list, isBatch: true };
}

function decodeInput(raw: string): Buffer {
  try {
    return goBase64Decode(raw);
  } catch (err) {
    throw new UserError(`unable to decode input as base64: ${messageOf(err)}`);
  }
}

async function hmacWrite(store: PolicyStore, req: LogicalRequest, name: string, urlAlgorithm: string): Promise<LogicalResponse> {
  let ver = int(req.data, 'key_version', 0);
  const algorithm = urlAlgorithm || str(req.data, 'algorithm', 'sha2-256');
  const p = await store.get(req.storage, name);
  if (!p) throw errorResponse('encryption key not found');
  if (ver === 0) ver = p.latestVersion;
  else if (ver !== p.latestVersion && p.minEncryptionVersion > 0 && ver < p.minEncryptionVersion) {
    throw errorResponse('cannot generate HMAC: version is too old (disallowed by policy)');
  }
  let key: KeyObject;
  try {
    key = hmacKey(p, ver);
  } catch (err) {
    throw errorResponse(messageOf(err));
  }
  const digest = digestFor(algorithm);
  const { list, isBatch } = items(req, () => {
    if (req.data.input === undefined) throw errorResponse('missing input for HMAC');
    return { input: str(req.data, 'input') };
  });
  const results = list.map((item) => {
    try {
      if (item.input === undefined) throw new UserError('missing input for HMAC');
      const mac = createHmac(digest, key).update(decodeInput(item.input)).digest('base64');
      return { hmac: `vault:v${ver}:${mac}`, valid: false };
    } catch (err) {
      return { valid: false, error: messageOf(err) };
    }
  });
  if (isBatch) return { data: { batch_results: results.map((r, i) => ({ ...r, reference: list[i]!.reference ?? '' })) } };
  if (results[0]!.error !== undefined) throw errorResponse(results[0]!.error);
  return { data: { hmac: results[0]!.hmac } };
}

function verifyOne(p: Policy, digest: string, item: Record<string, string>): boolean {
  if (item.input === undefined) throw new UserError('missing input');
  const input = decodeInput(item.input);
  const given = item.hmac;
  if (given === undefined) throw new UserError('missing hmac');
  if (!given.startsWith('vault:v')) throw new UserError('invalid HMAC to verify: no prefix');
  const rest = given.slice('vault:v'.length);
  const at = rest.indexOf(':');
  if (at < 0) throw new UserError('invalid HMAC: wrong number of fields');
  let ver: number;
  try {
    ver = goAtoi(rest.slice(0, at));
  } catch (err) {
    if (err instanceof GoAtoiError) throw new UserError('invalid HMAC: version number could not be decoded');
    throw err;
  }
  let expected: Buffer;
  try {
    expected = goBase64Decode(rest.slice(at + 1));
  } catch (err) {
    throw new UserError(`unable to decode verification HMAC as base64: ${messageOf(err)}`);
  }
  if (ver > p.latestVersion) throw new UserError('invalid HMAC: version is too new');
  if (p.minDecryptionVersion > 0 && ver < p.minDecryptionVersion) {
    throw new UserError('cannot verify HMAC: version is too old (disallowed by policy)');
  }
  const mac = createHmac(digest, hmacKey(p, ver)).update(input).digest();
  return mac.length === expected.length && timingSafeEqual(mac, expected);
}

/** pathHMACVerify: `verify/<name>` when the request carries `hmac`. */
export async function hmacVerify(store: PolicyStore, req: LogicalRequest, name: string, urlAlgorithm: string): Promise<LogicalResponse> {
  const has = (k: string) => req.data[k] !== undefined && req.data[k] !== null;
  let algorithm = urlAlgorithm;
  if (!algorithm) algorithm = has('hash_algorithm') ? str(req.data, 'hash_algorithm') : has('algorithm') ? str(req.data, 'algorithm') : 'sha2-256';
  const p = await store.get(req.storage, name);
  if (!p) throw errorResponse('encryption key not found');
  const digest = digestFor(algorithm);
  const { list, isBatch } = items(req, () => ({ input: str(req.data, 'input'), hmac: str(req.data, 'hmac') }));
  const results = list.map((item) => {
    try {
      return { valid: verifyOne(p, digest, item) };
    } catch (err) {
      return { valid: false, error: messageOf(err) };
    }
  });
  if (isBatch) return { data: { batch_results: results.map((r, i) => ({ ...r, reference: list[i]!.reference ?? '' })) } };
  if (results[0]!.error !== undefined) throw errorResponse(results[0]!.error);
  return { data: { valid: results[0]!.valid } };
}

export function hmacPaths(store: PolicyStore): PathSpec[] {
  return [
    {
      pattern: new RegExp(`^hmac/${NAME}(?:/(?<urlalgorithm>.+))?$`), synopsis: 'Compute an HMAC of input with the named key.',
      operations: { update: async (req, { name, urlalgorithm }) => hmacWrite(store, req, name!, urlalgorithm ?? '') },
    },
  ];
}
