/**
 * Transit keys in a mount's storage (`policy/<name>`, `archive/<name>`), with Vault's lock
 * manager behaviour: parsed policies are cached per storage view, every change runs under a
 * per-key lock (so two first-time encrypts cannot both create a key), and a change is made on a
 * copy that replaces the cached policy only once it is persisted.
 */
import type { StorageView } from '../../logical/types.js';
import { plainError } from './errors.js';
import { rotated } from './key-material.js';
import { KeyType, isAead, isEcdsa, keyTypeName, type KeyTypeId } from './key-types.js';
import {
  KDF_HKDF_SHA256,
  applyArchiving,
  parseArchive,
  parsePolicy,
  serializeArchive,
  serializePolicy,
  type Policy,
} from './policy.js';

/** keysutil PolicyRequest: what an upsert creates when the key does not exist yet. */
export interface CreateRequest {
  name: string;
  type: KeyTypeId;
  derived: boolean;
  convergent: boolean;
  keySize: number;
  autoRotatePeriodSeconds: number;
}

const POLICY_PREFIX = 'policy/';
const ARCHIVE_PREFIX = 'archive/';

export class PolicyStore {
  readonly #cache = new WeakMap<StorageView, Map<string, Policy>>();
  readonly #locks = new WeakMap<StorageView, Map<string, Promise<void>>>();

  #cached(storage: StorageView): Map<string, Policy> {
    let m = this.#cache.get(storage);
    if (!m) this.#cache.set(storage, (m = new Map()));
    return m;
  }

  async #withLock<T>(storage: StorageView, name: string, fn: () => Promise<T>): Promise<T> {
    let locks = this.#locks.get(storage);
    if (!locks) this.#locks.set(storage, (locks = new Map()));
    const prev = locks.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = prev.then(() => mine);
    locks.set(name, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (locks.get(name) === tail) locks.delete(name);
    }
  }

  async #load(storage: StorageView, name: string): Promise<Policy | null> {
    const cache = this.#cached(storage);
    const hit = cache.get(name);
    if (hit) return hit;
    const raw = await storage.get(POLICY_PREFIX + name);
    if (!raw) return null;
    const p = parsePolicy(Buffer.from(raw).toString('utf8'));
    cache.set(name, p);
    return p;
  }

  /** The key, or null (cache first; a miss reads storage under the key's lock). */
  async get(storage: StorageView, name: string): Promise<Policy | null> {
    return this.#cached(storage).get(name) ?? this.#withLock(storage, name, () => this.#load(storage, name));
  }

  /** keysutil GetPolicy with Upsert: the existing key, or a new one made from the request. */
  async upsert(storage: StorageView, req: CreateRequest): Promise<{ policy: Policy; upserted: boolean }> {
    const hit = this.#cached(storage).get(req.name);
    if (hit) return { policy: hit, upserted: false };
    return this.#withLock(storage, req.name, async () => {
      const existing = await this.#load(storage, req.name);
      if (existing) return { policy: existing, upserted: false };
      validateCreate(req);
      const blank: Policy = {
        name: req.name,
        type: req.type,
        keys: new Map(),
        keySize: req.keySize,
        derived: req.derived,
        kdf: req.derived ? KDF_HKDF_SHA256 : 0,
        convergentEncryption: req.derived && req.convergent,
        // As of convergent version 3 each key version records its own version; -1 marks that.
        convergentVersion: req.derived && req.convergent ? -1 : 0,
        exportable: false,
        minDecryptionVersion: 0,
        minEncryptionVersion: 0,
        latestVersion: 0,
        archiveVersion: 0,
        archiveMinVersion: 0,
        minAvailableVersion: 0,
        deletionAllowed: false,
        allowPlaintextBackup: false,
        versionTemplate: '',
        autoRotatePeriodSeconds: req.autoRotatePeriodSeconds,
        imported: false,
        extra: {},
      };
      const policy = rotated(blank);
      await this.#persist(storage, policy);
      return { policy, upserted: true };
    });
  }

  /**
   * Changes a key under its lock: `change` receives the current policy and returns a changed copy
   * (or null to leave it as it is); the copy is persisted (which archives old versions), then cached.
   */
  async update(
    storage: StorageView,
    name: string,
    change: (current: Policy | null) => Policy | null,
  ): Promise<{ current: Policy | null; next: Policy | null }> {
    return this.#withLock(storage, name, async () => {
      const current = await this.#load(storage, name);
      const next = change(current);
      if (next) await this.#persist(storage, next);
      return { current, next };
    });
  }

  /** keysutil Persist: archive first, then the policy; the cache sees the key only once written. */
  async #persist(storage: StorageView, p: Policy): Promise<void> {
    const raw = await storage.get(ARCHIVE_PREFIX + p.name);
    const archive = raw ? parseArchive(Buffer.from(raw).toString('utf8')) : [];
    const nextArchive = applyArchiving(p, archive);
    if (nextArchive) await storage.put(ARCHIVE_PREFIX + p.name, Buffer.from(serializeArchive(nextArchive)));
    await storage.put(POLICY_PREFIX + p.name, Buffer.from(serializePolicy(p)));
    this.#cached(storage).set(p.name, p);
  }

  /** keysutil DeletePolicy, with Vault's texts. */
  async delete(storage: StorageView, name: string): Promise<void> {
    await this.#withLock(storage, name, async () => {
      const p = await this.#load(storage, name);
      if (!p) throw plainError('could not delete key; not found');
      if (!p.deletionAllowed) throw plainError('deletion is not allowed for this key');
      this.#cached(storage).delete(name);
      await storage.delete(POLICY_PREFIX + name);
      await storage.delete(ARCHIVE_PREFIX + name);
    });
  }

  async list(storage: StorageView): Promise<string[]> {
    return storage.list(POLICY_PREFIX);
  }

  /** Forgets every cached key of a storage view (seal, unmount). */
  forget(storage: StorageView): void {
    this.#cache.delete(storage);
  }
}

/** keysutil lock manager's checks before creating a key; Vault returns these as plain errors (500). */
function validateCreate(req: CreateRequest): void {
  const t = req.type;
  if (isAead(t)) {
    if (req.convergent && !req.derived) throw plainError('convergent encryption requires derivation to be enabled');
  } else if (t === KeyType.ED25519) {
    if (req.convergent) throw plainError(`convergent encryption not supported for keys of type ${keyTypeName(t)}`);
  } else if (isEcdsa(t) || t === KeyType.HMAC) {
    if (req.derived || req.convergent) {
      throw plainError(`key derivation and convergent encryption not supported for keys of type ${keyTypeName(t)}`);
    }
  } else {
    throw plainError(`unsupported key type ${keyTypeName(t)}`);
  }
}
