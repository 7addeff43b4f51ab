/**
 * Key material per type: generating a version (keysutil RotateInMemory), deriving per-context
 * keys (HKDF-SHA256, salt none, info = context), and node:crypto KeyObjects for every version's
 * own keys (symmetric, HMAC, asymmetric), built once per version and kept beside the (immutable)
 * entry: given raw bytes, every createCipheriv/createHmac would build a KeyObject of its own.
 */
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { InternalError, UserError } from './errors.js';
import {
  HMAC_MAX_KEY_SIZE,
  HMAC_MIN_KEY_SIZE,
  KeyType,
  derivationSupported,
  ecCurve,
  isAead,
  isEcdsa,
  keyTypeName,
} from './key-types.js';
import { CONVERGENT_VERSION, KDF_HKDF_SHA256, clonePolicy, type KeyEntry, type Policy } from './policy.js';
import { goTimeJson } from './go-compat.js';

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A new key version for the policy's type (keysutil RotateInMemory's entry). */
export function generateEntry(p: Policy, now = new Date()): KeyEntry {
  const time = goTimeJson(now);
  const creationTime = Math.floor(now.getTime() / 1000);
  const hmacKey = p.type === KeyType.HMAC ? null : randomBytes(32);
  const convergent =
    p.convergentEncryption && (p.convergentVersion === -1 || p.convergentVersion > 1) ? { convergentVersion: CONVERGENT_VERSION } : {};
  if (isAead(p.type) || p.type === KeyType.HMAC) {
    let size = p.type === KeyType.AES128_GCM96 ? 16 : 32;
    if (p.type === KeyType.HMAC) {
      size = p.keySize;
      if (size < HMAC_MIN_KEY_SIZE || size > HMAC_MAX_KEY_SIZE) {
        throw new InternalError(`invalid key size for HMAC key, must be between ${HMAC_MIN_KEY_SIZE} and ${HMAC_MAX_KEY_SIZE} bytes`);
      }
    }
    const key = randomBytes(size);
    return { key, hmacKey: p.type === KeyType.HMAC ? key : hmacKey, time, creationTime, ...convergent };
  }
  if (p.type === KeyType.ED25519) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    return { key: Buffer.concat([seed, pub]), hmacKey, time, creationTime, publicKey: pub.toString('base64'), ...convergent };
  }
  if (isEcdsa(p.type)) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: ecCurve(p.type).node });
    const jwk = privateKey.export({ format: 'jwk' });
    const big = (s: string | undefined) => BigInt(`0x${Buffer.from(s!, 'base64url').toString('hex')}`);
    return {
      key: null,
      hmacKey,
      time,
      creationTime,
      ecX: big(jwk.x),
      ecY: big(jwk.y),
      ecD: big(jwk.d),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  throw new InternalError(`unsupported key type ${keyTypeName(p.type)}`);
}

/** keysutil Rotate: a copy of the policy with one more version (min_decryption_version starts at 1). */
export function rotated(p: Policy, now = new Date()): Policy {
  const next = clonePolicy(p);
  next.latestVersion = p.latestVersion + 1;
  next.keys.set(next.latestVersion, generateEntry(p, now));
  if (next.minDecryptionVersion === 0) next.minDecryptionVersion = 1;
  next.imported = false;
  return next;
}

/** keysutil safeGetKeyEntry. */
export function keyEntry(p: Policy, ver: number): KeyEntry {
  const entry = p.keys.get(ver);
  if (!entry) throw new UserError('no such key version');
  return entry;
}

/** KeyObjects of entries' raw key buffers (never written after the entry is made), by buffer. */
const secretCache = new WeakMap<Buffer, KeyObject>();

/** The KeyObject of a version's own raw key (entry.key or entry.hmacKey), built once per buffer. */
export function secretKeyOf(raw: Buffer): KeyObject {
  let key = secretCache.get(raw);
  if (!key) secretCache.set(raw, (key = createSecretKey(raw)));
  return key;
}

/**
 * getKey as a cipher takes it: an underived version's key as its KeyObject (made once), a derived
 * key (new for every context) as the raw bytes.
 */
export function cipherKey(p: Policy, raw: Buffer): Buffer | KeyObject {
  return p.derived ? raw : secretKeyOf(raw);
}

/** keysutil DeriveKey with KDF hkdf_sha256. */
export function deriveKey(p: Policy, context: Uint8Array | undefined, ver: number, numBytes: number): Buffer {
  if (!derivationSupported(p.type)) throw new UserError(`derivation not supported for key type ${keyTypeName(p.type)}`);
  if (p.latestVersion === 0) throw new InternalError('unable to access the key; no key versions found');
  if (ver <= 0 || ver > p.latestVersion) throw new UserError('invalid key version');
  if (!context || context.length === 0) {
    throw new UserError(
      "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key",
    );
  }
  const entry = keyEntry(p, ver);
  if (p.kdf !== KDF_HKDF_SHA256) throw new InternalError('unsupported key derivation mode');
  const ikm = entry.key && entry.key.length > 0 ? secretKeyOf(entry.key) : Buffer.alloc(0);
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), context, numBytes));
}

/** keysutil GetKey: the raw key, or the per-context key of a derived policy. */
export function getKey(p: Policy, context: Uint8Array | undefined, ver: number, numBytes: number): Buffer {
  if (!p.derived) return keyEntry(p, ver).key ?? Buffer.alloc(0);
  return deriveKey(p, context, ver, numBytes);
}

interface AsymmetricKeys {
  priv: KeyObject | undefined;
  pub: KeyObject;
}

const asymmetricCache = new WeakMap<KeyEntry, AsymmetricKeys>();

export function ed25519FromSeed(seed: Buffer): AsymmetricKeys {
  const priv = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
  return { priv, pub: createPublicKey(priv) };
}

export function ed25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The raw 32-byte Ed25519 public key of a KeyObject. */
export function ed25519RawPublic(pub: KeyObject): Buffer {
  return Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url');
}

function fixed(n: bigint, bytes: number): string {
  return Buffer.from(n.toString(16).padStart(bytes * 2, '0'), 'hex').toString('base64url');
}

/** KeyObjects of an (underived) Ed25519 or ECDSA version, built once. */
export function asymmetricKeys(p: Policy, entry: KeyEntry): AsymmetricKeys {
  const cached = asymmetricCache.get(entry);
  if (cached) return cached;
  let keys: AsymmetricKeys;
  if (p.type === KeyType.ED25519) {
    keys = entry.key && entry.key.length >= 32 ? ed25519FromSeed(entry.key) : { priv: undefined, pub: ed25519PublicKey(Buffer.from(entry.publicKey ?? '', 'base64')) };
  } else {
    const { node, bytes } = ecCurve(p.type);
    if (entry.ecX === undefined || entry.ecY === undefined) throw new InternalError(`invalid key type ${keyTypeName(p.type)} for ECDSA`);
    const jwk = { kty: 'EC', crv: node, x: fixed(entry.ecX, bytes), y: fixed(entry.ecY, bytes) };
    const pub = createPublicKey({ key: jwk, format: 'jwk' });
    const priv = entry.ecD === undefined ? undefined : createPrivateKey({ key: { ...jwk, d: fixed(entry.ecD, bytes) }, format: 'jwk' });
    keys = { priv, pub };
  }
  asymmetricCache.set(entry, keys);
  return keys;
}

/** KeyEntry.IsPrivateKeyMissing. */
export function privateKeyMissing(entry: KeyEntry): boolean {
  return entry.ecD === undefined && (!entry.key || entry.key.length === 0);
}
