/**
 * The pkcs11 seal (Vault Enterprise's and OpenBao's `seal "pkcs11"`): the root key is wrapped by
 * an AES key that never leaves the token (an HSM, or SoftHSM2), with CKM_AES_GCM. Each blob keeps
 * `{ciphertext (with tag), iv, keyInfo: {mechanism: 0x1087, keyId: "<label>:<hex CKA_ID>"}}`, and
 * decrypt uses the key the blob names: rotating the key (a new key_label or key_id, then a restart)
 * makes the core re-wrap its stored keys under the new one while the old key still opens old blobs.
 *
 * create() checks everything Vault's SetConfig checks before the server goes on: the library
 * loads, the slot or token label exists, the PIN logs in, the key exists (or generate_key makes
 * one), and a test encryption works. Each failure is its own SealError message and stops start-up.
 */
import { randomBytes } from 'node:crypto';
import { SealError, type SealContext, type SealedBlob, type SealPlugin, type SealWrapper } from '@tsvault/seal-plugin-api';
import { createPkcs11Client, HsmError, keyIdString, parseKeyIdString, type HsmApi, type HsmFactory, type KeyRef } from './client.js';
import { CKM_AES_GCM, describeOptions, mechanismName, readPkcs11Options, type Pkcs11Options } from './options.js';

type Code = 'SEAL_INVALID_CONFIG' | 'SEAL_UNAVAILABLE' | 'SEAL_ENCRYPT' | 'SEAL_DECRYPT';

/** Replaces the PIN wherever it could appear in a text (it never should; this makes sure). */
export function scrub(text: string, pin: string): string {
  return pin.length >= 4 ? text.split(pin).join('[redacted]') : text;
}

/**
 * The SealError for an HSM failure in one phase. At start-up (create) a token that answers "no"
 * is a configuration error; later the same answers (a PIN changed, a token pulled) are worth
 * retrying, while a refused ciphertext is final.
 */
export function sealErrorFor(phase: 'create' | 'encrypt' | 'decrypt', err: unknown, pin: string): SealError {
  const e = err instanceof HsmError ? err : new HsmError('other', err instanceof Error ? err.message : String(err));
  const text = scrub(e.message, pin);
  let code: Code;
  let hint = '';
  switch (e.kind) {
    case 'device':
      code = 'SEAL_UNAVAILABLE';
      break;
    case 'data':
      code = phase === 'decrypt' ? 'SEAL_DECRYPT' : 'SEAL_ENCRYPT';
      break;
    case 'key-missing':
    case 'key-type':
      code = phase === 'create' ? 'SEAL_INVALID_CONFIG' : phase === 'decrypt' ? 'SEAL_DECRYPT' : 'SEAL_ENCRYPT';
      break;
    case 'pin':
      code = phase === 'create' ? 'SEAL_INVALID_CONFIG' : 'SEAL_UNAVAILABLE';
      hint = ' (the token refused the PIN: check pin or VAULT_HSM_PIN)';
      break;
    case 'pin-locked':
      code = phase === 'create' ? 'SEAL_INVALID_CONFIG' : 'SEAL_UNAVAILABLE';
      hint = ' (the user PIN is locked: the token officer must reset it)';
      break;
    case 'library':
    case 'slot':
    case 'token':
      code = phase === 'create' ? 'SEAL_INVALID_CONFIG' : 'SEAL_UNAVAILABLE';
      break;
    default:
      code = phase === 'create' ? 'SEAL_UNAVAILABLE' : phase === 'decrypt' ? 'SEAL_DECRYPT' : 'SEAL_ENCRYPT';
  }
  // The cause is a plain Error with the scrubbed text: never the binding's error object.
  const cause = Object.assign(new Error(text), { name: 'HsmError', kind: e.kind, ...(e.ckr ? { ckr: e.ckr } : {}) });
  return new SealError(code, `${text}${hint}`, { cause });
}

export class Pkcs11Wrapper implements SealWrapper {
  readonly type = 'pkcs11';
  readonly #hsm: HsmApi;
  readonly #pin: string;
  readonly #defaultKeyLabel: string;
  #current: KeyRef;

  constructor(hsm: HsmApi, current: KeyRef, opts: Pkcs11Options) {
    this.#hsm = hsm;
    this.#current = current;
    this.#pin = opts.pin;
    this.#defaultKeyLabel = opts.defaultKeyLabel;
  }

  keyId(): string {
    return keyIdString(this.#current);
  }

  async encrypt(plaintext: Uint8Array, aad?: Uint8Array): Promise<SealedBlob> {
    let out;
    try {
      out = this.#hsm.encrypt(this.#current, plaintext, aad);
    } catch (err) {
      throw sealErrorFor('encrypt', err, this.#pin);
    }
    return {
      ciphertext: out.ciphertext.toString('base64'),
      iv: out.iv.toString('base64'),
      keyInfo: { mechanism: CKM_AES_GCM, keyId: keyIdString(this.#current) },
    };
  }

  async decrypt(blob: SealedBlob, aad?: Uint8Array): Promise<Uint8Array> {
    const info = blob.keyInfo;
    const mechanism = info?.mechanism ?? CKM_AES_GCM;
    if (mechanism !== CKM_AES_GCM) {
      throw new SealError('SEAL_DECRYPT', `unsupported mechanism: ${mechanismName(mechanism)}`);
    }
    let key: KeyRef;
    if (info?.keyId) {
      const parsed = parseKeyIdString(info.keyId);
      if (!parsed) throw new SealError('SEAL_DECRYPT', `invalid key id in the blob: ${JSON.stringify(info.keyId)}`);
      key = parsed;
    } else {
      // A blob that names no key: Vault's default_key_label (the key_label unless set).
      key = { label: this.#defaultKeyLabel, id: Buffer.alloc(0) };
    }
    if (!blob.iv) throw new SealError('SEAL_DECRYPT', 'the blob has no iv');
    try {
      return this.#hsm.decrypt(key, Buffer.from(blob.ciphertext, 'base64'), Buffer.from(blob.iv, 'base64'), aad);
    } catch (err) {
      throw sealErrorFor('decrypt', err, this.#pin);
    }
  }

  /** A one-byte encryption: the token answers, the PIN still logs in, the key is still there. */
  async health(): Promise<void> {
    await this.encrypt(Uint8Array.of(0));
  }

  async close(): Promise<void> {
    this.#hsm.close();
  }
}

/** Vault's generated keys get a random 32-bit CKA_ID. */
function randomKeyId(): Buffer {
  return randomBytes(4);
}

export async function createPkcs11Seal(
  config: Readonly<Record<string, string>>,
  ctx: SealContext,
  newClient: HsmFactory = createPkcs11Client,
): Promise<Pkcs11Wrapper> {
  const opts = readPkcs11Options(config, ctx.env);
  let hsm: HsmApi;
  try {
    hsm = newClient(opts);
  } catch (err) {
    throw sealErrorFor('create', err, opts.pin);
  }
  try {
    hsm.login();
    let key = hsm.findKey(opts.keyLabel, opts.keyId);
    if (!key) {
      const which = `${JSON.stringify(opts.keyLabel)}${opts.keyId ? ` with key_id 0x${opts.keyId.toString('hex')}` : ''}`;
      if (!opts.generateKey) {
        throw new HsmError(
          'key-missing',
          `no AES key labelled ${which} in the token in slot ${hsm.slot}: create it, or set generate_key = "true" (VAULT_HSM_GENERATE_KEY)`,
        );
      }
      key = hsm.generateAesKey(opts.keyLabel, opts.keyId ?? randomKeyId());
      ctx.logger.info('pkcs11 seal generated a key', { key_label: opts.keyLabel, key_id: keyIdString(key), slot: hsm.slot.toString() });
    }
    const wrapper = new Pkcs11Wrapper(hsm, key, opts);
    // Vault's SetConfig: a test encryption before the seal is used.
    try {
      hsm.encrypt(key, Uint8Array.of(0x61));
    } catch (err) {
      throw err instanceof HsmError ? err : new HsmError('other', `test encryption failed: ${(err as Error).message}`);
    }
    ctx.logger.debug('pkcs11 seal configured', { ...describeOptions(opts), resolved_slot: hsm.slot.toString(), current_key_id: wrapper.keyId() });
    return wrapper;
  } catch (err) {
    hsm.close();
    throw sealErrorFor('create', err, opts.pin);
  }
}

const plugin: SealPlugin = {
  apiVersion: 1,
  type: 'pkcs11',
  sensitiveKeys: ['pin'],
  create: (config, ctx) => createPkcs11Seal(config, ctx),
};

export default plugin;
