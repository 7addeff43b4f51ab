/**
 * The transit engine's key and encrypt/decrypt calls (Vault's transit API: `keys/` LIST,
 * `keys/<name>` read and create, `keys/<name>/rotate`, `encrypt/<name>`, `decrypt/<name>`) on a
 * mount path, and the mounts a token may see (sys/internal/ui/mounts). Plaintext travels as base64
 * of the UTF-8 text; a decrypted value reads as text when it is valid UTF-8, base64 otherwise.
 */
import { fromBase64, toBase64, type Decrypted } from './base64.js';
import { ApiError, type ApiClient } from './client.js';

/** The key types this server creates (src/secrets/transit/key-types.ts BUILT), Vault's default first. */
export const KEY_TYPES = [
  'aes256-gcm96',
  'aes128-gcm96',
  'chacha20-poly1305',
  'ed25519',
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
  'hmac',
] as const;
export type KeyTypeName = (typeof KEY_TYPES)[number];

/** One version of a key: its creation time, and the public key of an asymmetric one. */
export interface KeyVersion {
  version: number;
  created: string;
  publicKey?: string;
}

/** What reading a key answers (the fields the UI shows). */
export interface TransitKey {
  name: string;
  type: string;
  latest_version: number;
  min_decryption_version: number;
  min_encryption_version: number;
  deletion_allowed: boolean;
  supports_encryption: boolean;
  supports_decryption: boolean;
  supports_signing: boolean;
  /** AEAD keys: version → unix seconds; asymmetric: version → {creation_time, public_key}; HMAC: none. */
  keys?: Record<string, number | { creation_time?: string; public_key?: string }>;
}

/** The key's versions, oldest first, with their creation times as ISO text. */
export function keyVersions(key: TransitKey): KeyVersion[] {
  return Object.entries(key.keys ?? {})
    .map(([v, entry]): KeyVersion => {
      if (typeof entry === 'number') return { version: Number(v), created: new Date(entry * 1000).toISOString() };
      return { version: Number(v), created: entry.creation_time ?? '', ...(entry.public_key ? { publicKey: entry.public_key } : {}) };
    })
    .sort((a, b) => a.version - b.version);
}

/** A mount path as the API takes it: no leading or trailing slash. */
const base = (mount: string): string => mount.replace(/^\/+|\/+$/g, '');
const seg = encodeURIComponent;

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the server sent no answer for ${what}`);
  return value;
}

export const transit = {
  /** The transit mounts the token can see, as paths without the trailing slash, sorted. */
  async mounts(api: ApiClient): Promise<string[]> {
    const res = await api.get<{ data?: { secret?: Record<string, { type?: string }> } }>('sys/internal/ui/mounts');
    return Object.entries(res?.data?.secret ?? {})
      .filter(([, m]) => m.type === 'transit')
      .map(([path]) => base(path))
      .sort();
  },
  /** Key names; none yet is Vault's 404 with no errors, read as an empty list. */
  async listKeys(api: ApiClient, mount: string): Promise<string[]> {
    try {
      const res = await api.list<{ data?: { keys?: string[] } }>(`${base(mount)}/keys`);
      return res?.data?.keys ?? [];
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && err.errors.length === 0) return [];
      throw err;
    }
  },
  async readKey(api: ApiClient, mount: string, name: string): Promise<TransitKey> {
    return must(await api.get<{ data: TransitKey }>(`${base(mount)}/keys/${seg(name)}`), `key ${name}`).data;
  },
  async createKey(api: ApiClient, mount: string, name: string, type: KeyTypeName): Promise<void> {
    await api.post(`${base(mount)}/keys/${seg(name)}`, { type });
  },
  async rotate(api: ApiClient, mount: string, name: string): Promise<void> {
    await api.post(`${base(mount)}/keys/${seg(name)}/rotate`);
  },
  /** The ciphertext (`vault:v<N>:…`) of the UTF-8 text. */
  async encrypt(api: ApiClient, mount: string, name: string, text: string): Promise<{ ciphertext: string; keyVersion?: number }> {
    const res = await api.post<{ data: { ciphertext: string; key_version?: number } }>(`${base(mount)}/encrypt/${seg(name)}`, {
      plaintext: toBase64(text),
    });
    const data = must(res, 'the encryption').data;
    return { ciphertext: data.ciphertext, ...(data.key_version !== undefined ? { keyVersion: data.key_version } : {}) };
  },
  async decrypt(api: ApiClient, mount: string, name: string, ciphertext: string): Promise<Decrypted> {
    const res = await api.post<{ data: { plaintext: string } }>(`${base(mount)}/decrypt/${seg(name)}`, { ciphertext: ciphertext.trim() });
    return fromBase64(must(res, 'the decryption').data.plaintext);
  },
};
