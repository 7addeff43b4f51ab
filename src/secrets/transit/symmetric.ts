/**
 * keysutil EncryptWithFactory / DecryptWithFactory for the AEAD key types. Ciphertext is Vault's:
 * `vault:v<version>:` + base64(nonce(12) || ciphertext || tag(16)), for AES-GCM and
 * ChaCha20-Poly1305 alike; convergent keys (version 3) take the nonce from HMAC-SHA256 of the
 * plaintext under the second half of the derived key.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, type CipherGCMTypes, type KeyObject } from 'node:crypto';
import { InternalError, UserError } from './errors.js';
import { GoAtoiError, goAtoi, goBase64Decode } from './go-compat.js';
import { cipherKey, getKey } from './key-material.js';
import { KeyType, aeadKeyBytes, decryptionSupported, encryptionSupported, isAead, keyTypeName } from './key-types.js';
import { templateParts, versionPrefix, type Policy } from './policy.js';

export const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** keysutil ErrTooOld. */
export const ERR_TOO_OLD = 'ciphertext or signature version is disallowed by policy (too old)';

export interface SymmetricOptions {
  context?: Uint8Array | undefined;
  nonce?: Uint8Array | undefined;
  /** associated_data, already decoded. */
  aad?: Uint8Array | undefined;
}

function gcmName(type: number): CipherGCMTypes {
  return type === KeyType.AES128_GCM96 ? 'aes-128-gcm' : 'aes-256-gcm';
}

/** The AEAD sealer for the key type (node:crypto overloads need the literal algorithm names). */
function sealer(type: number, key: Uint8Array | KeyObject, nonce: Uint8Array) {
  return type === KeyType.CHACHA20_POLY1305
    ? createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES })
    : createCipheriv(gcmName(type), key, nonce, { authTagLength: TAG_BYTES });
}

function opener(type: number, key: Uint8Array | KeyObject, nonce: Uint8Array) {
  return type === KeyType.CHACHA20_POLY1305
    ? createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES })
    : createDecipheriv(gcmName(type), key, nonce, { authTagLength: TAG_BYTES });
}

/** Go's AEAD Open failure text (crypto/cipher for GCM, x/crypto for ChaCha20-Poly1305). */
function authFailed(type: number): string {
  return type === KeyType.CHACHA20_POLY1305 ? 'chacha20poly1305: message authentication failed' : 'cipher: message authentication failed';
}

/** keysutil convergentVersion: the version of the convergent scheme a key version uses (0 = not convergent). */
export function convergentVersionOf(p: Policy, ver: number): number {
  if (!p.convergentEncryption) return 0;
  const fromEntry = p.keys.get(ver)?.convergentVersion ?? 0;
  if (fromEntry !== 0) return fromEntry;
  return p.convergentVersion === 0 ? 1 : p.convergentVersion;
}

/** Resolves key_version 0 to the latest and applies Vault's encryption version rules. */
export function encryptionVersion(p: Policy, ver: number): number {
  if (ver === 0) return p.latestVersion;
  if (ver < 0) throw new UserError('requested version for encryption is negative');
  if (ver > p.latestVersion) throw new UserError('requested version for encryption is higher than the latest key version');
  if (ver < p.minEncryptionVersion) throw new UserError('requested version for encryption is less than the minimum encryption key version');
  return ver;
}

export function encrypt(p: Policy, requestedVersion: number, plaintext: Uint8Array, opts: SymmetricOptions = {}): string {
  if (!encryptionSupported(p.type)) throw new UserError(`message encryption not supported for key type ${keyTypeName(p.type)}`);
  const ver = encryptionVersion(p, requestedVersion);
  if (!isAead(p.type)) throw new InternalError(`unsupported key type ${keyTypeName(p.type)}`);
  const convergentVersion = convergentVersionOf(p, ver);
  const nonceGiven = opts.nonce !== undefined && opts.nonce.length > 0;
  const encBytes = aeadKeyBytes(p.type);
  let hmacBytes = 0;
  if (convergentVersion > 2) {
    hmacBytes = 32;
    if (nonceGiven) throw new UserError('nonce provided when not allowed');
  } else if (nonceGiven && (!p.convergentEncryption || convergentVersion !== 1)) {
    throw new UserError('nonce provided when not allowed');
  }
  const key = getKey(p, opts.context, ver, encBytes + hmacBytes);
  if (key.length < encBytes + hmacBytes) throw new InternalError('could not derive key, length too small');
  // An underived key is exactly encBytes long (hmacBytes is 0: convergent version 3 needs derivation).
  const encKey = key.length === encBytes ? cipherKey(p, key) : key.subarray(0, encBytes);
  let nonce: Uint8Array;
  if (convergentVersion === 1) {
    if (opts.nonce?.length !== NONCE_BYTES) {
      throw new UserError(`base64-decoded nonce must be ${NONCE_BYTES} bytes long when using convergent encryption with this key`);
    }
    nonce = opts.nonce;
  } else if (convergentVersion > 1) {
    const hmacKey = convergentVersion > 2 ? key.subarray(encBytes) : opts.context;
    if (!hmacKey || hmacKey.length === 0) throw new InternalError('invalid hmac key length of zero');
    nonce = createHmac('sha256', hmacKey).update(plaintext).digest().subarray(0, NONCE_BYTES);
  } else if (nonceGiven) {
    if (opts.nonce!.length !== NONCE_BYTES) {
      throw new UserError(`base64-decoded nonce must be ${NONCE_BYTES} bytes long but given ${opts.nonce!.length} bytes`);
    }
    nonce = opts.nonce!;
  } else {
    nonce = randomBytes(NONCE_BYTES);
  }
  const cipher = sealer(p.type, encKey, nonce);
  if (opts.aad && opts.aad.length > 0) cipher.setAAD(opts.aad, { plaintextLength: plaintext.length });
  const parts = [cipher.update(plaintext), cipher.final(), cipher.getAuthTag()];
  if (convergentVersion !== 1) parts.unshift(Buffer.from(nonce));
  return versionPrefix(p, ver) + Buffer.concat(parts).toString('base64');
}

/** Splits `<prefix><version><sep><payload>` as keysutil does, with Vault's texts for `what` (ciphertext or signature). */
export function splitVersioned(p: Policy, value: string, what: 'ciphertext' | 'signature'): { ver: number; payload: string } {
  const [head, tail] = templateParts(p);
  if (!value.startsWith(head)) throw new UserError(`invalid ${what}: no prefix`);
  const rest = value.slice(head.length);
  const at = rest.indexOf(tail);
  if (at < 0) throw new UserError(`invalid ${what}: wrong number of fields`);
  let ver: number;
  try {
    ver = goAtoi(rest.slice(0, at));
  } catch (err) {
    if (err instanceof GoAtoiError) throw new UserError(`invalid ${what}: version number could not be decoded`, { cause: err });
    throw err;
  }
  return { ver, payload: rest.slice(at + tail.length) };
}

export function decrypt(p: Policy, value: string, opts: SymmetricOptions = {}): Buffer {
  if (!decryptionSupported(p.type)) throw new UserError(`message decryption not supported for key type ${keyTypeName(p.type)}`);
  const split = splitVersioned(p, value, 'ciphertext');
  const ver = split.ver === 0 ? 1 : split.ver; // keys numbered from 0 before Vault 0.3
  if (ver > p.latestVersion) throw new UserError('invalid ciphertext: version is too new');
  if (p.minDecryptionVersion > 0 && ver < p.minDecryptionVersion) throw new UserError(ERR_TOO_OLD);
  const convergentVersion = convergentVersionOf(p, ver);
  if (convergentVersion === 1 && (!opts.nonce || opts.nonce.length === 0)) throw new UserError('invalid convergent nonce supplied');
  let decoded: Buffer;
  try {
    decoded = goBase64Decode(split.payload);
  } catch (err) {
    throw new UserError('invalid ciphertext: could not decode base64', { cause: err });
  }
  if (!isAead(p.type)) throw new InternalError(`unsupported key type ${keyTypeName(p.type)}`);
  const numBytes = aeadKeyBytes(p.type);
  const encKey = getKey(p, opts.context, ver, numBytes);
  if (encKey.length !== numBytes) throw new InternalError('could not derive enc key, length not correct');
  if (decoded.length < NONCE_BYTES) throw new UserError('invalid ciphertext length');
  const legacyConvergent = p.convergentEncryption && p.convergentVersion === 1;
  const nonce = legacyConvergent ? Buffer.from(opts.nonce ?? []) : decoded.subarray(0, NONCE_BYTES);
  const body = legacyConvergent ? decoded : decoded.subarray(NONCE_BYTES);
  if (body.length < TAG_BYTES) throw new UserError(authFailed(p.type));
  try {
    const decipher = opener(p.type, cipherKey(p, encKey), nonce);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const sealed = body.subarray(0, body.length - TAG_BYTES);
    if (opts.aad && opts.aad.length > 0) decipher.setAAD(opts.aad, { plaintextLength: sealed.length });
    return Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch (err) {
    throw new UserError(authFailed(p.type), { cause: err });
  }
}
