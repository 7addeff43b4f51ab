/**
 * Transit key types, numbered as keysutil numbers them (the stored policy's `type` is this
 * integer), with Vault's names and capability predicates. BUILT lists the types this server can
 * create and use; the others are known only so that their names parse and errors read right.
 */
export const KeyType = {
  AES256_GCM96: 0,
  ECDSA_P256: 1,
  ED25519: 2,
  RSA2048: 3,
  RSA4096: 4,
  CHACHA20_POLY1305: 5,
  ECDSA_P384: 6,
  ECDSA_P521: 7,
  AES128_GCM96: 8,
  RSA3072: 9,
  MANAGED_KEY: 10,
  HMAC: 11,
  AES128_CMAC: 12,
  AES256_CMAC: 13,
  ML_DSA: 14,
  HYBRID: 15,
} as const;

export type KeyTypeId = (typeof KeyType)[keyof typeof KeyType];

const NAMES: Record<KeyTypeId, string> = {
  0: 'aes256-gcm96',
  1: 'ecdsa-p256',
  2: 'ed25519',
  3: 'rsa-2048',
  4: 'rsa-4096',
  5: 'chacha20-poly1305',
  6: 'ecdsa-p384',
  7: 'ecdsa-p521',
  8: 'aes128-gcm96',
  9: 'rsa-3072',
  10: 'managed_key',
  11: 'hmac',
  12: 'aes128-cmac',
  13: 'aes256-cmac',
  14: 'ml-dsa',
  15: 'hybrid',
};

const BY_NAME = new Map<string, KeyTypeId>(Object.entries(NAMES).map(([id, name]) => [name, Number(id) as KeyTypeId]));

/** The types this server generates and operates. */
export const BUILT: ReadonlySet<KeyTypeId> = new Set<KeyTypeId>([
  KeyType.AES128_GCM96,
  KeyType.AES256_GCM96,
  KeyType.CHACHA20_POLY1305,
  KeyType.ED25519,
  KeyType.ECDSA_P256,
  KeyType.ECDSA_P384,
  KeyType.ECDSA_P521,
  KeyType.HMAC,
]);

/** KeyType.String(): `[unknown]` for a number Vault does not know. */
export function keyTypeName(t: number): string {
  return NAMES[t as KeyTypeId] ?? '[unknown]';
}

export function parseKeyType(name: string): KeyTypeId | undefined {
  return BY_NAME.get(name);
}

const RSA: readonly number[] = [KeyType.RSA2048, KeyType.RSA3072, KeyType.RSA4096];
const ECDSA: readonly number[] = [KeyType.ECDSA_P256, KeyType.ECDSA_P384, KeyType.ECDSA_P521];
const AEAD: readonly number[] = [KeyType.AES128_GCM96, KeyType.AES256_GCM96, KeyType.CHACHA20_POLY1305];

export const isAead = (t: number): boolean => AEAD.includes(t);
export const isEcdsa = (t: number): boolean => ECDSA.includes(t);
export const isRsa = (t: number): boolean => RSA.includes(t);

export function encryptionSupported(t: number): boolean {
  return isAead(t) || isRsa(t) || t === KeyType.MANAGED_KEY;
}

export const decryptionSupported = encryptionSupported;

export function signingSupported(t: number): boolean {
  return isEcdsa(t) || isRsa(t) || t === KeyType.ED25519 || t === KeyType.MANAGED_KEY || t === KeyType.ML_DSA || t === KeyType.HYBRID;
}

/** Whether sign/verify hash the input first (not for Ed25519, which hashes internally). */
export function hashSignatureInput(t: number): boolean {
  return isEcdsa(t) || isRsa(t) || t === KeyType.MANAGED_KEY;
}

export function derivationSupported(t: number): boolean {
  return isAead(t) || t === KeyType.ED25519;
}

export function associatedDataSupported(t: number): boolean {
  return isAead(t) || t === KeyType.MANAGED_KEY;
}

export function hmacSupported(t: number): boolean {
  return t !== KeyType.AES128_CMAC && t !== KeyType.AES256_CMAC && t !== KeyType.MANAGED_KEY;
}

/** Symmetric key length in bytes for the AEAD types. */
export function aeadKeyBytes(t: number): number {
  return t === KeyType.AES128_GCM96 ? 16 : 32;
}

/** keysutil.HmacMinKeySize / HmacMaxKeySize. */
export const HMAC_MIN_KEY_SIZE = 32;
export const HMAC_MAX_KEY_SIZE = 512;

/** The NIST curve behind an ECDSA type: node's name, Go's Params().Name, and the scalar size in bytes. */
export function ecCurve(t: number): { node: string; name: string; bytes: number } {
  if (t === KeyType.ECDSA_P384) return { node: 'P-384', name: 'P-384', bytes: 48 };
  if (t === KeyType.ECDSA_P521) return { node: 'P-521', name: 'P-521', bytes: 66 };
  return { node: 'P-256', name: 'P-256', bytes: 32 };
}
