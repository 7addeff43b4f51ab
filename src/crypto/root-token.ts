/**
 * Vault's one-time-password protection of a generated root token ([V] sdk/helper/roottoken,
 * sdk/helper/xor, vault/generate_root.go): the server XORs the token with an OTP of the same
 * length and returns the bytes as unpadded standard base64; `generate-root -decode` reverses it.
 * The OTP is base62, TokenLength 24 + the `hvs.` prefix length 4 = 28 characters.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { CryptoError } from '../errors.js';

/** Vault's TokenLength + TokenPrefixLength: the length of an `hvs.` service token. */
export const OTP_LENGTH = 28;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE64 = /^[A-Za-z0-9+/]*$/;

function invalid(message: string): CryptoError {
  return new CryptoError('CRYPTO_INVALID_SHARES', message);
}

/**
 * An OTP as Vault's server and CLI make one: `length` uniform base62 characters, or (the legacy
 * case of a server reporting otp_length 0) 16 random bytes in padded base64.
 */
export function generateOtp(length: number = OTP_LENGTH): string {
  if (length === 0) return randomBytes(16).toString('base64');
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** xor.XORBytes: the two inputs must be the same length. */
export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) {
    throw invalid(`length of byte slices is not equivalent: ${a.length} != ${b.length}`);
  }
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** roottoken.EncodeToken: base64 RawStd of OTP XOR token. */
export function encodeToken(token: string, otp: string): string {
  if (token.length === 0) throw invalid('no token provided');
  if (otp.length === 0) throw invalid('no otp provided');
  let xored: Uint8Array;
  try {
    xored = xorBytes(Buffer.from(otp, 'utf8'), Buffer.from(token, 'utf8'));
  } catch (cause) {
    throw new CryptoError('CRYPTO_INVALID_SHARES', `xor of root token failed: ${(cause as Error).message}`, { cause });
  }
  return Buffer.from(xored).toString('base64').replace(/=+$/, '');
}

/**
 * Go's base64 decoding, Std (padded) or RawStd (unpadded), with its error text
 * `illegal base64 data at input byte N`.
 */
export function decodeGoBase64(s: string, padded: boolean): Uint8Array {
  const fail = (at: number): never => {
    throw invalid(`illegal base64 data at input byte ${at}`);
  };
  let body = s;
  if (padded) {
    const pad = /=*$/.exec(s)?.[0].length ?? 0;
    body = s.slice(0, s.length - pad);
    if (pad > 2 || (s.length % 4 !== 0 && pad > 0)) fail(body.length);
    if (s.length % 4 !== 0) fail(s.length - (s.length % 4));
  }
  for (let i = 0; i < body.length; i++) {
    if (!BASE64.test(body[i]!)) fail(i);
  }
  if (!padded && body.length % 4 === 1) fail(body.length - 1);
  return Buffer.from(body, 'base64');
}

/** uuid.FormatUUID of go-uuid: 16 bytes as 8-4-4-4-12 hex. */
export function formatUuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw invalid(`wrong length byte slice (${bytes.length})`);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
