/**
 * The narrow slice of PKCS#11 the seal uses, over pkcs11js (a native binding to the token's
 * library): resolve the slot (by id or token label), log in, find or generate an AES key, and
 * AES-GCM encrypt/decrypt. Unit tests inject a fake HsmApi; the real one runs against SoftHSM2.
 *
 * Each operation opens its own session, logs in and closes it (as go-kms-wrapping's client does), so
 * a token that was restarted or re-plugged is found again without restarting the server. The
 * library's state is shared per process (module.ts).
 *
 * Failures are HsmError with a kind the wrapper maps to its SealError codes. The PIN is handed to
 * C_Login and nowhere else: never into a message.
 */
import { randomFillSync } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { AUTH_FAILURES, ckrOf, classify, HsmError } from './hsm-error.js';
import { acquire, ensureInitialized, generationOf, reinitialize, release, resolveSlot, slotIdOf, ulongOf } from './module.js';
import type { Pkcs11Options } from './options.js';

export { ckrOf, classify, HsmError, type HsmErrorKind } from './hsm-error.js';
export { slotIdOf, trimLabel } from './module.js';

/** A key in the token: its label and CKA_ID (empty when the key has none). */
export interface KeyRef {
  readonly label: string;
  readonly id: Buffer;
}

export interface GcmResult {
  /** Ciphertext with the 16-byte tag appended. */
  ciphertext: Buffer;
  iv: Buffer;
}

export interface HsmApi {
  /** The resolved slot id (the token label's slot when only token_label was given). */
  readonly slot: bigint;
  /** Logs in once: the PIN check of create(). */
  login(): void;
  /** The AES secret key with this label (and id, when given); undefined when there is none. */
  findKey(label: string, id?: Buffer): KeyRef | undefined;
  /** A new AES-256 key with Vault's generation attributes (non-extractable, sensitive, on the token). */
  generateAesKey(label: string, id: Buffer): KeyRef;
  encrypt(key: KeyRef, plaintext: Uint8Array, aad?: Uint8Array): GcmResult;
  decrypt(key: KeyRef, ciphertext: Uint8Array, iv: Uint8Array, aad?: Uint8Array): Buffer;
  close(): void;
}

export type HsmFactory = (opts: Pkcs11Options) => HsmApi;

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;
const AES_KEY_BYTES = 32;

function gcmParams(iv: Uint8Array, aad: Uint8Array | undefined): pkcs11js.AesGCM {
  return {
    type: pkcs11js.CK_PARAMS_AES_GCM,
    iv: Buffer.from(iv),
    ...(aad && aad.length > 0 ? { aad: Buffer.from(aad) } : {}),
    ivBits: iv.length * 8,
    tagBits: GCM_TAG_BYTES * 8,
  };
}

export class Pkcs11Client implements HsmApi {
  readonly #lib: string;
  readonly #pin: string;
  readonly #rw: boolean;
  readonly #opts: Pkcs11Options;
  #slotHandle: Buffer;
  #generation: number;
  #mod: pkcs11js.PKCS11 | undefined;

  constructor(opts: Pkcs11Options) {
    this.#opts = opts;
    this.#lib = opts.lib;
    this.#pin = opts.pin;
    this.#rw = opts.forceRwSession || opts.generateKey;
    const mod = acquire(opts.lib);
    try {
      this.#slotHandle = resolveSlot(mod, opts);
    } catch (err) {
      release(opts.lib);
      throw err;
    }
    this.#generation = generationOf(opts.lib);
    this.#mod = mod;
  }

  /** The slot id in use (a token label's slot is found again after a re-initialisation). */
  get slot(): bigint {
    return slotIdOf(this.#slotHandle);
  }

  login(): void {
    this.#withSession('login', () => undefined);
  }

  findKey(label: string, id?: Buffer): KeyRef | undefined {
    return this.#withSession(`error finding key ${JSON.stringify(label)}`, (mod, s) => {
      const template: pkcs11js.Attribute[] = [
        { type: pkcs11js.CKA_LABEL, value: label },
        ...(id && id.length > 0 ? [{ type: pkcs11js.CKA_ID, value: id }] : []),
      ];
      mod.C_FindObjectsInit(s, template);
      let handles: Buffer[];
      try {
        handles = mod.C_FindObjects(s, 16);
      } finally {
        mod.C_FindObjectsFinal(s);
      }
      if (handles.length === 0) return undefined;
      const secret = handles.filter((h) => {
        const [cls, type] = mod.C_GetAttributeValue(s, h, [{ type: pkcs11js.CKA_CLASS }, { type: pkcs11js.CKA_KEY_TYPE }]);
        return ulongOf(cls?.value) === BigInt(pkcs11js.CKO_SECRET_KEY) && ulongOf(type?.value) === BigInt(pkcs11js.CKK_AES);
      });
      if (secret.length === 0) {
        throw new HsmError(
          'key-type',
          `the object labelled ${JSON.stringify(label)} is not an AES secret key (only CKM_AES_GCM with an AES key is implemented)`,
        );
      }
      if (secret.length > 1 && !(id && id.length > 0)) {
        throw new HsmError('key-type', `several AES keys are labelled ${JSON.stringify(label)}: set key_id to choose one`);
      }
      const [attr] = mod.C_GetAttributeValue(s, secret[0]!, [{ type: pkcs11js.CKA_ID }]);
      return { label, id: Buffer.from((attr?.value as Buffer | undefined) ?? Buffer.alloc(0)) };
    });
  }

  generateAesKey(label: string, id: Buffer): KeyRef {
    return this.#withSession(`error generating key ${JSON.stringify(label)}`, (mod, s) => {
      mod.C_GenerateKey(s, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_VALUE_LEN, value: AES_KEY_BYTES },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_ID, value: id },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
        { type: pkcs11js.CKA_WRAP, value: true },
        { type: pkcs11js.CKA_UNWRAP, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      ]);
      return { label, id: Buffer.from(id) };
    }, true);
  }

  encrypt(key: KeyRef, plaintext: Uint8Array, aad?: Uint8Array): GcmResult {
    return this.#withSession('error encrypting data', (mod, s) => {
      const handle = this.#handle(mod, s, key);
      const iv = randomFillSync(Buffer.alloc(GCM_IV_BYTES));
      mod.C_EncryptInit(s, { mechanism: pkcs11js.CKM_AES_GCM, parameter: gcmParams(iv, aad) }, handle);
      const out = Buffer.alloc(plaintext.length + GCM_TAG_BYTES + GCM_IV_BYTES);
      let ciphertext = Buffer.from(mod.C_Encrypt(s, Buffer.from(plaintext), out));
      // Some HSMs (CloudHSM) ignore the IV given and append their own.
      if (ciphertext.length === plaintext.length + GCM_TAG_BYTES + GCM_IV_BYTES) {
        const own = ciphertext.subarray(ciphertext.length - GCM_IV_BYTES);
        ciphertext = ciphertext.subarray(0, ciphertext.length - GCM_IV_BYTES);
        return { ciphertext, iv: Buffer.from(own) };
      }
      return { ciphertext, iv };
    });
  }

  decrypt(key: KeyRef, ciphertext: Uint8Array, iv: Uint8Array, aad?: Uint8Array): Buffer {
    return this.#withSession('error decrypting data', (mod, s) => {
      const handle = this.#handle(mod, s, key);
      mod.C_DecryptInit(s, { mechanism: pkcs11js.CKM_AES_GCM, parameter: gcmParams(iv, aad) }, handle);
      const out = Buffer.alloc(ciphertext.length);
      try {
        return Buffer.from(mod.C_Decrypt(s, Buffer.from(ciphertext), out));
      } catch (err) {
        // SoftHSM2 reports a GCM tag mismatch as CKR_GENERAL_ERROR, others as CKR_ENCRYPTED_DATA_INVALID
        // or CKR_FUNCTION_FAILED: here, after DecryptInit took the key, each means this ciphertext.
        const ckr = ckrOf(err);
        if (ckr && AUTH_FAILURES.has(ckr)) {
          throw new HsmError('data', `error decrypting data: ${ckr}: the token could not authenticate the ciphertext (another key, other additional data, or altered data)`, ckr);
        }
        throw err;
      }
    });
  }

  close(): void {
    if (!this.#mod) return;
    this.#mod = undefined;
    release(this.#lib);
  }

  #handle(mod: pkcs11js.PKCS11, s: Buffer, key: KeyRef): Buffer {
    const template: pkcs11js.Attribute[] = [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_LABEL, value: key.label },
      ...(key.id.length > 0 ? [{ type: pkcs11js.CKA_ID, value: key.id }] : []),
    ];
    mod.C_FindObjectsInit(s, template);
    let handle: Buffer | null;
    try {
      handle = mod.C_FindObjects(s);
    } finally {
      mod.C_FindObjectsFinal(s);
    }
    if (!handle) throw new HsmError('key-missing', `key ${keyIdString(key)} not found in the token`);
    return handle;
  }

  /**
   * Opens a session on the slot, logs in, runs `fn`, closes the session. When the token or the
   * library fails (device errors, a token or slot that went away), the library is initialised again
   * before the error is thrown, so that the next attempt (the core retries) sees the token anew.
   */
  #withSession<T>(what: string, fn: (mod: pkcs11js.PKCS11, session: Buffer) => T, rw = this.#rw): T {
    try {
      return this.#inSession(what, fn, rw);
    } catch (err) {
      if (err instanceof HsmError && (err.kind === 'device' || err.kind === 'token' || err.kind === 'slot') && this.#mod) {
        try {
          reinitialize(this.#lib);
        } catch {
          // the next attempt reports what is wrong
        }
      }
      throw err;
    }
  }

  #inSession<T>(what: string, fn: (mod: pkcs11js.PKCS11, session: Buffer) => T, rw: boolean): T {
    const mod = this.#mod;
    if (!mod) throw new HsmError('device', `${what}: the PKCS#11 client is closed`);
    ensureInitialized(this.#lib);
    if (this.#generation !== generationOf(this.#lib)) {
      // The library was initialised again: slot handles may have changed.
      this.#slotHandle = resolveSlot(mod, this.#opts);
      this.#generation = generationOf(this.#lib);
    }
    let session: Buffer;
    try {
      session = mod.C_OpenSession(this.#slotHandle, pkcs11js.CKF_SERIAL_SESSION | (rw ? pkcs11js.CKF_RW_SESSION : 0));
    } catch (err) {
      throw classify(err, `error opening a session on slot ${this.slot}`);
    }
    try {
      try {
        mod.C_Login(session, pkcs11js.CKU_USER, this.#pin);
      } catch (err) {
        if (ckrOf(err) !== 'CKR_USER_ALREADY_LOGGED_IN') {
          throw classify(err, `error logging in to the token in slot ${this.slot}`);
        }
      }
      try {
        return fn(mod, session);
      } catch (err) {
        throw classify(err, what);
      }
    } finally {
      try {
        mod.C_CloseSession(session);
      } catch {
        // the token may be gone; the session with it
      }
    }
  }
}

/** How a key is named in blobs and keyId(): `<label>:<hex CKA_ID>` (go-kms-wrapping's form). */
export function keyIdString(key: KeyRef): string {
  return `${key.label}:${key.id.toString('hex')}`;
}

/** The inverse of keyIdString; the label may itself contain ':' (the id never does). */
export function parseKeyIdString(text: string): KeyRef | undefined {
  const at = text.lastIndexOf(':');
  if (at <= 0) return undefined;
  const hex = text.slice(at + 1);
  if (!/^([0-9a-f]{2})*$/i.test(hex)) return undefined;
  return { label: text.slice(0, at), id: Buffer.from(hex, 'hex') };
}

export const createPkcs11Client: HsmFactory = (opts) => new Pkcs11Client(opts);
