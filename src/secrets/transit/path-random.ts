/**
 * `random[/<source>][/<bytes>]` (Vault's helper/random HandleRandomAPI: platform entropy; `seal`
 * and `all` fall back to it with Vault's warning, as no entropy augmentation exists here) and
 * `hash[/<algorithm>]` (path_hash.go).
 */
import { createHash, randomBytes } from 'node:crypto';
import { int, str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { errorResponse, messageOf } from './errors.js';
import { GoAtoiError, goAtoi, goBase64Decode, goQuote } from './go-compat.js';
import { nodeDigest } from './hashes.js';

const API_MAX_BYTES = 10 * 1024 * 1024;
const SEAL_MAX_BYTES = 128 * 1024;
const SOURCES = new Set(['', 'platform', 'seal', 'all']);

function urlCount(raw: string): number {
  try {
    return goAtoi(raw);
  } catch (err) {
    if (err instanceof GoAtoiError) throw errorResponse(`error parsing url-set byte count: ${err.message}`);
    throw err;
  }
}

function randomWrite(req: LogicalRequest, params: Record<string, string | undefined>): LogicalResponse {
  const maybeSource = params.source ?? '';
  const urlBytes = params.urlbytes ?? '';
  let source = 'platform';
  let bytes: number;
  if (maybeSource === '') {
    bytes = int(req.data, 'bytes', 32);
  } else if (urlBytes === '' && SOURCES.has(maybeSource)) {
    source = maybeSource;
    bytes = int(req.data, 'bytes', 32);
  } else if (urlBytes === '') {
    bytes = urlCount(maybeSource);
  } else {
    source = maybeSource;
    bytes = urlCount(urlBytes);
  }
  const format = str(req.data, 'format', 'base64');
  if (bytes < 1) throw errorResponse('"bytes" cannot be less than 1');
  if (bytes > API_MAX_BYTES) throw errorResponse(`"bytes" must be less than ${API_MAX_BYTES}`);
  if ((source === 'seal' || source === 'all') && bytes > SEAL_MAX_BYTES) {
    throw errorResponse(`bytes cannot be more than ${SEAL_MAX_BYTES} if sourced from seal.  Use drbg mode instead`);
  }
  if (!SOURCES.has(source)) throw errorResponse(`unsupported entropy source ${goQuote(source)}; must be "platform" or "seal", or "all"`);
  if (format !== 'hex' && format !== 'base64') throw errorResponse(`unsupported encoding format ${goQuote(format)}; must be "hex" or "base64"`);
  const out = randomBytes(bytes).toString(format);
  return {
    data: { random_bytes: out },
    ...(source === 'seal' ? { warnings: ['no seal/entropy augmentation available, using platform entropy source'] } : {}),
  };
}

const HASH_ALGORITHMS = new Set(['sha2-224', 'sha2-256', 'sha2-384', 'sha2-512', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512']);

function hashWrite(req: LogicalRequest, urlAlgorithm: string): LogicalResponse {
  if (req.data.input === undefined) throw errorResponse('input missing');
  const format = str(req.data, 'format', 'hex');
  const algorithm = urlAlgorithm || str(req.data, 'algorithm', 'sha2-256');
  let input: Buffer;
  try {
    input = goBase64Decode(str(req.data, 'input'));
  } catch (err) {
    throw errorResponse(`unable to decode input as base64: ${messageOf(err)}`);
  }
  if (format !== 'hex' && format !== 'base64') throw errorResponse(`unsupported encoding format ${format}; must be "hex" or "base64"`);
  if (!HASH_ALGORITHMS.has(algorithm)) throw errorResponse(`unsupported algorithm ${algorithm}`);
  return { data: { sum: createHash(nodeDigest(algorithm)!).update(input).digest(format) } };
}

export function randomPaths(): PathSpec[] {
  return [
    {
      pattern: /^random(?:\/(?<source>\w(?:[\w.-]*\w)?))?(?:\/(?<urlbytes>.+))?$/,
      operations: { update: async (req, params) => randomWrite(req, params) },
    },
    {
      pattern: /^hash(?:\/(?<urlalgorithm>.+))?$/,
      operations: { update: async (req, { urlalgorithm }) => hashWrite(req, urlalgorithm ?? '') },
    },
  ];
}
