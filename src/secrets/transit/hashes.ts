/**
 * keysutil's HashTypeMap: Vault's hash names and their node:crypto digests. `none` is a valid
 * name (HashTypeNone, the zero value) with no digest, used only by RSA PKCS#1 v1.5 signing.
 */
export const HASH_NONE = 'none';

const NODE_DIGESTS: Readonly<Record<string, string>> = {
  sha1: 'sha1',
  'sha2-224': 'sha224',
  'sha2-256': 'sha256',
  'sha2-384': 'sha384',
  'sha2-512': 'sha512',
  'sha3-224': 'sha3-224',
  'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384',
  'sha3-512': 'sha3-512',
};

/** Whether Vault's HashTypeMap knows the name (including `none`). */
export function isHashName(name: string): boolean {
  return name === HASH_NONE || Object.hasOwn(NODE_DIGESTS, name);
}

/** The node:crypto digest for a Vault hash name, undefined for `none` or an unknown name. */
export function nodeDigest(name: string): string | undefined {
  return Object.hasOwn(NODE_DIGESTS, name) ? NODE_DIGESTS[name] : undefined;
}

/** Marshaling types (keysutil MarshalingTypeMap). */
export type Marshaling = 'asn1' | 'jws';

export function parseMarshaling(name: string): Marshaling | undefined {
  return name === 'asn1' || name === 'jws' ? name : undefined;
}
