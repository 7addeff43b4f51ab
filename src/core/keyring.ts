import { randomBytes } from 'node:crypto';
import { KEY_BYTES, aeadKey, type AeadKey } from '../crypto/aead.js';
import { BarrierError } from '../errors.js';

export interface TermKey {
  term: number;
  value: Uint8Array;
  /**
   * `value` as a KeyObject, made once when the term key is created or read: what the barrier
   * encrypts with. A stored value of the wrong size stays raw, to fail (as before) only when used.
   */
  readonly key: AeadKey;
  installTime: string; // RFC3339 with nanoseconds, as Vault prints it
  encryptions: number;
}

/** Vault's default MaxOperations for automatic key rotation (3,865,470,566). */
export const DEFAULT_MAX_OPERATIONS = 3_865_470_566;

/** RFC3339 with nanosecond precision, as Go prints time.Time in JSON. */
export function rfc3339Nano(d: Date = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function termKey(term: number, value: Uint8Array, installTime: string, encryptions: number): TermKey {
  return { term, value, key: value.length === KEY_BYTES ? aeadKey(value) : value, installTime, encryptions };
}

/**
 * The keyring: the root key plus every term key ever installed. Serialised as Vault's JSON
 * (`MasterKey`, `Keys[{Term,Version,Value,InstallTime,encryptions}]`, `RotationConfig`).
 */
export class Keyring {
  readonly rootKey: Uint8Array;
  readonly keys: ReadonlyMap<number, TermKey>;
  readonly activeTerm: number;

  private constructor(rootKey: Uint8Array, keys: Map<number, TermKey>, activeTerm: number) {
    this.rootKey = rootKey;
    this.keys = keys;
    this.activeTerm = activeTerm;
  }

  static create(rootKey: Uint8Array): Keyring {
    const first = termKey(1, randomBytes(32), rfc3339Nano(), 0);
    return new Keyring(Uint8Array.from(rootKey), new Map([[1, first]]), 1);
  }

  active(): TermKey {
    const key = this.keys.get(this.activeTerm);
    if (!key) throw new BarrierError('BARRIER_CORRUPT', 'keyring has no active key');
    return key;
  }

  term(term: number): TermKey | undefined {
    return this.keys.get(term);
  }

  /** A new keyring with term N+1 installed and active. */
  rotated(): Keyring {
    const term = this.activeTerm + 1;
    const keys = new Map(this.keys);
    keys.set(term, termKey(term, randomBytes(32), rfc3339Nano(), 0));
    return new Keyring(this.rootKey, keys, term);
  }

  /** A new keyring with the same term keys under another root key. */
  withRootKey(rootKey: Uint8Array): Keyring {
    return new Keyring(Uint8Array.from(rootKey), new Map(this.keys), this.activeTerm);
  }

  serialize(): Uint8Array {
    const doc = {
      MasterKey: Buffer.from(this.rootKey).toString('base64'),
      Keys: [...this.keys.values()].map((k) => ({
        Term: k.term,
        Version: 1,
        Value: Buffer.from(k.value).toString('base64'),
        InstallTime: k.installTime,
        ...(k.encryptions > 0 ? { encryptions: k.encryptions } : {}),
      })),
      RotationConfig: { Disabled: false, MaxOperations: DEFAULT_MAX_OPERATIONS, Interval: 0 },
    };
    return Buffer.from(JSON.stringify(doc));
  }

  static deserialize(bytes: Uint8Array): Keyring {
    let doc: { MasterKey?: string; Keys?: Array<{ Term: number; Value: string; InstallTime: string; encryptions?: number }> };
    try {
      doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (cause) {
      throw new BarrierError('BARRIER_CORRUPT', 'failed to decode keyring', { cause });
    }
    if (!doc.MasterKey || !Array.isArray(doc.Keys) || doc.Keys.length === 0) {
      throw new BarrierError('BARRIER_CORRUPT', 'failed to decode keyring');
    }
    const keys = new Map<number, TermKey>();
    for (const k of doc.Keys) {
      const value = Buffer.from(k.Value, 'base64');
      keys.set(k.Term, termKey(k.Term, value, k.InstallTime, k.encryptions ?? 0));
    }
    return new Keyring(Buffer.from(doc.MasterKey, 'base64'), keys, Math.max(...keys.keys()));
  }

  /** Overwrite key material held by this object (best effort; JS may have copies). */
  wipe(): void {
    this.rootKey.fill(0);
    for (const k of this.keys.values()) k.value.fill(0);
  }
}
