/**
 * `sign/<name>[/<hash>]` and `verify/<name>[/<hash>]` (path_sign_verify.go). Verify dispatches to
 * HMAC verification when the items carry `hmac`. Single-item signing failures inside the key
 * (bad key_version, missing derivation context) answer 500 as in Vault, which returns them as
 * plain errors; batch items carry them as `error`.
 */
import { bool, int, str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { decodeMaps, decodeStringMaps } from './batch.js';
import { UserError, errorResponse, messageOf, notSupported, plainError } from './errors.js';
import { goBase64Decode, goQuote, goTypeName } from './go-compat.js';
import { HASH_NONE, isHashName, nodeDigest, parseMarshaling } from './hashes.js';
import { isEcdsa, keyTypeName, signingSupported } from './key-types.js';
import { NAME } from './path-keys.js';
import { hmacVerify } from './path-hmac.js';
import type { Policy } from './policy.js';
import type { PolicyStore } from './policy-store.js';
import { sign, verify, type SigningOptions } from './signing.js';

interface CommonArgs extends SigningOptions {
  prehashed: boolean;
  sigAlgorithm: string;
}

/** getCommonSignVerifyApiArgs, with getSaltLength's validation (the salt only matters to RSA-PSS). */
function commonArgs(data: Record<string, unknown>, urlAlgorithm: string): CommonArgs {
  const hashAlgorithm = urlAlgorithm || str(data, 'hash_algorithm', 'sha2-256') || str(data, 'algorithm', 'sha2-256') || 'sha2-256';
  if (!isHashName(hashAlgorithm)) throw errorResponse(`invalid hash algorithm ${goQuote(hashAlgorithm)}`);
  const marshalingName = str(data, 'marshaling_algorithm', 'asn1');
  const marshaling = parseMarshaling(marshalingName);
  if (!marshaling) throw errorResponse(`invalid marshaling type ${goQuote(marshalingName)}`);
  const salt = str(data, 'salt_length', 'auto');
  const lower = salt.toLowerCase();
  if (lower !== 'auto' && lower !== 'hash') {
    if (!/^[+-]?\d+$/.test(lower)) throw errorResponse(`salt length neither 'auto', 'hash', nor an int: ${salt}`);
    if (Number(lower) < -1) throw errorResponse(`salt length is invalid: ${Number(lower)}`);
  }
  return { hashAlgorithm, digest: nodeDigest(hashAlgorithm), marshaling, prehashed: bool(data, 'prehashed'), sigAlgorithm: str(data, 'signature_algorithm') };
}

/** validateCommonSignVerifyApiArgs (CE), plus this server's refusal of prehashed ECDSA input. */
function validate(p: Policy, args: CommonArgs): void {
  if (!signingSupported(p.type)) throw errorResponse(`key type ${keyTypeName(p.type)} does not support signing`);
  if (args.hashAlgorithm === HASH_NONE && (!args.prehashed || args.sigAlgorithm !== 'pkcs1v15')) {
    throw errorResponse('hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15');
  }
  if (args.prehashed && isEcdsa(p.type)) throw notSupported(`prehashed input for ${keyTypeName(p.type)} keys`);
}

/** parseutil.ParseString, as decodeBase64Arg and the verify items use it. */
function parseString(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw new UserError(`'' expected type 'string', got unconvertible type '${goTypeName(v)}'`);
}

function decodeArg(v: unknown): Buffer {
  return goBase64Decode(parseString(v));
}

async function signWrite(store: PolicyStore, req: LogicalRequest, name: string, urlAlgorithm: string): Promise<LogicalResponse> {
  const data = req.data;
  const keyVersion = int(data, 'key_version', 0);
  const args = commonArgs(data, urlAlgorithm);
  const p = await store.get(req.storage, name);
  if (!p) throw errorResponse('signing key not found');
  validate(p, args);
  const isBatch = data.batch_input !== undefined && data.batch_input !== null;
  const list = isBatch ? decodeStringMaps(data.batch_input) : [{ input: str(data, 'input'), context: str(data, 'context') }];
  if (list.length === 0) throw errorResponse('missing batch input to process');
  const results = list.map((item) => {
    let input: Buffer;
    let context: Buffer;
    try {
      if (item.input === undefined) throw new UserError('missing input');
      try {
        input = goBase64Decode(item.input);
      } catch (err) {
        throw new UserError(`unable to decode input: ${messageOf(err)}`);
      }
      try {
        context = decodeArg(item.context);
      } catch {
        throw new UserError('failed to base64-decode context');
      }
    } catch (err) {
      return { key_version: 0, error: messageOf(err), request: true };
    }
    try {
      const sig = sign(p, keyVersion, context, input, args);
      return {
        signature: sig.signature,
        key_version: keyVersion === 0 ? p.latestVersion : keyVersion,
        ...(sig.publicKey ? { publickey: sig.publicKey.toString('base64') } : {}),
      };
    } catch (err) {
      return { key_version: 0, error: messageOf(err), request: false };
    }
  });
  if (isBatch) {
    return {
      data: { batch_results: results.map(({ request: _r, ...r }, i) => ({ ...r, reference: list[i]!.reference ?? '' })) },
    };
  }
  const only = results[0]!;
  if ('error' in only && only.error !== undefined) {
    throw only.request ? errorResponse(only.error) : plainError(only.error);
  }
  const out: Record<string, unknown> = { signature: only.signature, key_version: only.key_version };
  if ('publickey' in only) out.public_key = only.publickey;
  return { data: out };
}

async function verifyWrite(store: PolicyStore, req: LogicalRequest, name: string, urlAlgorithm: string): Promise<LogicalResponse> {
  const data = req.data;
  const isBatch = data.batch_input !== undefined && data.batch_input !== null;
  let list: Record<string, unknown>[];
  if (isBatch) {
    try {
      list = decodeMaps(data.batch_input);
    } catch (err) {
      throw errorResponse(messageOf(err));
    }
    if (list.length === 0) throw errorResponse('missing batch input to process');
  } else {
    const item: Record<string, unknown> = { input: str(data, 'input') };
    for (const k of ['hmac', 'cmac', 'signature']) if (data[k] !== undefined && data[k] !== null) item[k] = str(data, k);
    item.context = str(data, 'context');
    list = [item];
  }
  let sig = false;
  let hmac = false;
  let cmac = false;
  let missing = false;
  for (const v of list) {
    if ('signature' in v) sig = true;
    else if ('hmac' in v) hmac = true;
    else if ('cmac' in v) cmac = true;
    else missing = true;
  }
  const options = [sig, hmac, cmac].filter(Boolean).length;
  if (!isBatch && options > 1) throw errorResponse("provide one of 'signature', 'hmac' or 'cmac'");
  if (!isBatch && options === 0) throw errorResponse("missing one of 'signature', 'hmac' or 'cmac' arguments to verify");
  if (options > 1) throw errorResponse("elements of batch_input must all provide either 'signature', 'hmac' or 'cmac'");
  if (missing && sig) throw errorResponse("some elements of batch_input are missing 'signature'");
  if (missing && hmac) throw errorResponse("some elements of batch_input are missing 'hmac'");
  if (missing && cmac) throw errorResponse("some elements of batch_input are missing 'cmac'");
  if (options === 0) throw errorResponse("no batch_input elements have 'signature', 'hmac' or 'cmac'");
  if (hmac) return hmacVerify(store, req, name, urlAlgorithm);
  if (cmac) throw notSupported('CMAC verification');
  const args = commonArgs(data, urlAlgorithm);
  const p = await store.get(req.storage, name);
  if (!p) throw errorResponse('signature verification key not found');
  validate(p, args);
  const results = list.map((item) => {
    let input: Buffer;
    let signature: string;
    let context: Buffer;
    try {
      try {
        input = decodeArg(item.input);
      } catch (err) {
        throw new UserError(`failed to parse input: ${messageOf(err)}`);
      }
      if (!('signature' in item)) throw new UserError('missing signature');
      try {
        signature = parseString(item.signature);
      } catch (err) {
        throw new UserError(`failed to parse signature as a string: ${messageOf(err)}`);
      }
      try {
        context = decodeArg(item.context);
      } catch (err) {
        throw new UserError(`failed to parse context: ${messageOf(err)}`);
      }
    } catch (err) {
      return { valid: false, error: `failed to parse item: ${messageOf(err)}`, request: true };
    }
    try {
      return { valid: verify(p, context, input, signature, args) };
    } catch (err) {
      return { valid: false, error: messageOf(err), request: err instanceof UserError };
    }
  });
  if (isBatch) {
    return {
      data: {
        batch_results: results.map(({ request: _r, ...r }, i) => {
          let reference = '';
          try {
            reference = parseString(list[i]!.reference);
          } catch {
            // Vault leaves the reference empty when it is not a string
          }
          return { ...r, reference };
        }),
      },
    };
  }
  const only = results[0]!;
  if (only.error !== undefined) throw only.request ? errorResponse(only.error) : plainError(only.error);
  return { data: { valid: only.valid } };
}

export function signPaths(store: PolicyStore): PathSpec[] {
  return [
    {
      pattern: new RegExp(`^sign/${NAME}(?:/(?<urlalgorithm>.+))?$`), synopsis: 'Sign input with the named asymmetric key.',
      operations: { update: async (req, { name, urlalgorithm }) => signWrite(store, req, name!, urlalgorithm ?? '') },
    },
    {
      pattern: new RegExp(`^verify/${NAME}(?:/(?<urlalgorithm>.+))?$`), synopsis: 'Verify a signature or HMAC made with the named key.',
      operations: { update: async (req, { name, urlalgorithm }) => verifyWrite(store, req, name!, urlalgorithm ?? '') },
    },
  ];
}
