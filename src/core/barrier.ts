import { aeadOpen, aeadSeal, type AeadKey } from '../crypto/aead.js';
import { BarrierError, CoreError, CryptoError } from '../errors.js';
import type { Backend } from '../storage/types.js';
import { Keyring } from './keyring.js';

export const KEYRING_PATH = 'core/keyring';
export const ROOT_KEY_COPY_PATH = 'core/master';
const VERSION_AAD = 0x2;
const HEADER = 5; // 4-byte big-endian term + 1 version byte

export interface KeyStatus {
  term: number;
  installTime: string;
  encryptions: number;
}

/** Vault's sealed error: the HTTP layer maps this text to 503 wherever it appears. */
export function sealedError(): CoreError {
  return new CoreError('BARRIER_SEALED');
}

/**
 * The security barrier (Vault's AESGCMBarrier): every value is
 * `[term u32 BE][0x02][nonce 12][AES-256-GCM ciphertext||tag]` with the storage path as AAD.
 * The keyring itself is encrypted with the root key under term 1.
 */
/** Times one barrier operation (telemetry's vault.barrier.get|put|delete|list). */
export type BarrierTimer = <T>(op: 'get' | 'put' | 'delete' | 'list', run: () => Promise<T>) => Promise<T>;

const untimed: BarrierTimer = (_op, run) => run();

export class Barrier {
  #storage: Backend;
  #keyring: Keyring | undefined;
  readonly #time: BarrierTimer;
  #opens = 0;

  constructor(storage: Backend, time: BarrierTimer = untimed) {
    this.#storage = storage;
    this.#time = time;
  }

  get sealed(): boolean {
    return this.#keyring === undefined;
  }

  /** How many times the keyring has been opened (unseal, init): the auto-unseal loop's cue to end. */
  get opens(): number {
    return this.#opens;
  }

  async initialized(): Promise<boolean> {
    return (await this.#storage.get(KEYRING_PATH)) !== null;
  }

  /** Create the keyring under a new root key; leaves the barrier sealed. */
  async initialize(rootKey: Uint8Array): Promise<void> {
    if (await this.initialized()) {
      throw new BarrierError('BARRIER_ALREADY_INITIALIZED', 'Vault is already initialized');
    }
    const keyring = Keyring.create(rootKey);
    await this.#persistKeyring(keyring);
    keyring.wipe();
  }

  /** Open the keyring with the root key. */
  async unseal(rootKey: Uint8Array): Promise<void> {
    if (this.#keyring) return;
    this.#keyring = await this.#readKeyring(rootKey);
    this.#opens++;
  }

  /**
   * Read the keyring again with the root key held (a standby taking over: the previous active node
   * may have rotated it). The barrier stays open with the old keyring when this fails.
   */
  async reload(): Promise<void> {
    const rootKey = this.rootKey();
    try {
      const fresh = await this.#readKeyring(rootKey);
      this.#keyring?.wipe();
      this.#keyring = fresh;
    } finally {
      rootKey.fill(0);
    }
  }

  async #readKeyring(rootKey: Uint8Array): Promise<Keyring> {
    const stored = await this.#storage.get(KEYRING_PATH);
    if (!stored) throw new BarrierError('BARRIER_NOT_INITIALIZED', 'Vault is not initialized');
    let plain: Uint8Array;
    try {
      plain = decrypt(KEYRING_PATH, 1, rootKey, stored);
    } catch (cause) {
      throw new BarrierError('BARRIER_INVALID_KEY', 'Unseal failed, invalid key', { cause });
    }
    const keyring = Keyring.deserialize(plain);
    plain.fill(0);
    return keyring;
  }

  seal(): void {
    this.#keyring?.wipe();
    this.#keyring = undefined;
  }

  #open(): Keyring {
    if (!this.#keyring) throw sealedError();
    return this.#keyring;
  }

  /** The root key, for re-wrapping by the seal; only while unsealed. */
  rootKey(): Uint8Array {
    return Uint8Array.from(this.#open().rootKey);
  }

  get(path: string): Promise<Uint8Array | null> {
    return this.#time('get', () => this.#get(path));
  }

  put(path: string, value: Uint8Array): Promise<void> {
    return this.#time('put', () => this.#put(path, value));
  }

  delete(path: string): Promise<void> {
    return this.#time('delete', () => this.#delete(path));
  }

  list(prefix: string): Promise<string[]> {
    return this.#time('list', () => this.#list(prefix));
  }

  async #get(path: string): Promise<Uint8Array | null> {
    const keyring = this.#open();
    const stored = await this.#storage.get(path);
    if (!stored) return null;
    if (stored.length < HEADER) throw new BarrierError('BARRIER_CORRUPT', 'invalid cipher length');
    const term = Buffer.from(stored).readUInt32BE(0);
    const key = keyring.term(term);
    if (!key) throw new BarrierError('BARRIER_CORRUPT', `no decryption key available for term ${term}`);
    return decrypt(path, term, key.key, stored);
  }

  async #put(path: string, value: Uint8Array): Promise<void> {
    const keyring = this.#open();
    const active = keyring.active();
    await this.#storage.put(path, encrypt(path, active.term, active.key, value));
    active.encryptions += 1;
  }

  async #delete(path: string): Promise<void> {
    this.#open();
    await this.#storage.delete(path);
  }

  async #list(prefix: string): Promise<string[]> {
    this.#open();
    return this.#storage.list(prefix);
  }

  keyStatus(): KeyStatus {
    const active = this.#open().active();
    return { term: active.term, installTime: active.installTime, encryptions: active.encryptions };
  }

  /** Install term N+1; new writes use it, old terms still decrypt. */
  async rotate(): Promise<number> {
    const next = this.#open().rotated();
    await this.#persistKeyring(next);
    this.#keyring = next;
    return next.activeTerm;
  }

  /**
   * The stored entries (path → bytes) that put this keyring under another root key, for a seal
   * migration to stage and write later; the barrier itself is unchanged.
   */
  keyringEntriesFor(rootKey: Uint8Array): Map<string, Uint8Array> {
    const keyring = this.#open().withRootKey(rootKey);
    const plain = keyring.serialize();
    const entries = new Map<string, Uint8Array>([[KEYRING_PATH, encrypt(KEYRING_PATH, 1, keyring.rootKey, plain)]]);
    plain.fill(0);
    const copy = Buffer.from(JSON.stringify({ Term: 1, Version: 1, Value: Buffer.from(keyring.rootKey).toString('base64') }));
    const active = keyring.active();
    entries.set(ROOT_KEY_COPY_PATH, encrypt(ROOT_KEY_COPY_PATH, active.term, active.key, copy));
    return entries;
  }

  async #persistKeyring(keyring: Keyring): Promise<void> {
    const plain = keyring.serialize();
    await this.#storage.put(KEYRING_PATH, encrypt(KEYRING_PATH, 1, keyring.rootKey, plain));
    plain.fill(0);
    // A copy of the root key under the active term, as Vault keeps for standbys.
    const active = keyring.active();
    const copy = Buffer.from(JSON.stringify({ Term: 1, Version: 1, Value: Buffer.from(keyring.rootKey).toString('base64') }));
    await this.#storage.put(ROOT_KEY_COPY_PATH, encrypt(ROOT_KEY_COPY_PATH, active.term, active.key, copy));
  }
}

function encrypt(path: string, term: number, key: AeadKey, plain: Uint8Array): Uint8Array {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(term, 0);
  header[4] = VERSION_AAD;
  const sealed = aeadSeal(key, plain, path ? Buffer.from(path) : undefined);
  return Buffer.concat([header, sealed]);
}

function decrypt(path: string, term: number, key: AeadKey, stored: Uint8Array): Uint8Array {
  const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (buf.length < HEADER + 12 + 16) throw new BarrierError('BARRIER_CORRUPT', 'invalid cipher length');
  if (buf.readUInt32BE(0) !== term) throw new BarrierError('BARRIER_CORRUPT', 'term mis-match');
  const version = buf[4];
  if (version !== VERSION_AAD && version !== 0x1) throw new BarrierError('BARRIER_CORRUPT', 'version bytes mis-match');
  try {
    return aeadOpen(key, buf.subarray(HEADER), version === VERSION_AAD && path ? Buffer.from(path) : undefined);
  } catch (cause) {
    if (cause instanceof CryptoError) throw new BarrierError('BARRIER_CORRUPT', cause.message, { cause });
    throw cause;
  }
}
