import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import plugin, { createPkcs11Seal, sealErrorFor, scrub } from '../../../plugins/pkcs11/index.js';
import {
  classify,
  HsmError,
  keyIdString,
  parseKeyIdString,
  slotIdOf,
  trimLabel,
  type GcmResult,
  type HsmApi,
  type KeyRef,
} from '../../../plugins/pkcs11/client.js';
import type { Pkcs11Options } from '../../../plugins/pkcs11/options.js';
import { aead, type Logger, type SealContext } from '../../../src/seal/plugin-api.js';

const PIN = 'fake-hsm-PIN-0815';
const BASE = { lib: '/fake/libpkcs11.so', token_label: 'tok', pin: PIN, key_label: 'k1' };

interface Line {
  level: string;
  msg: string;
  fields: unknown;
}
function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (msg: string, fields?: unknown): void => {
      lines.push({ level, msg, fields });
    };
  const l: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), named: () => l };
  return l;
}
const ctx = (env: Record<string, string> = {}, lines: Line[] = []): SealContext => ({ logger: recordingLogger(lines), env, aead });

/** A token in memory: AES-256-GCM keys by label and id, failures on demand. */
class FakeHsm implements HsmApi {
  readonly slot = 42n;
  keys = new Map<string, Buffer>();
  fail: { open?: HsmError; login?: HsmError; encrypt?: HsmError; decrypt?: HsmError } = {};
  generated: KeyRef[] = [];
  closed = false;
  logins = 0;
  addKey(label: string, id: Buffer = Buffer.alloc(0)): KeyRef {
    this.keys.set(keyIdString({ label, id }), randomBytes(32));
    return { label, id };
  }
  login(): void {
    this.logins++;
    if (this.fail.login) throw this.fail.login;
  }
  findKey(label: string, id?: Buffer): KeyRef | undefined {
    for (const k of this.keys.keys()) {
      const ref = parseKeyIdString(k)!;
      if (ref.label === label && (!id || ref.id.equals(id))) return ref;
    }
    return undefined;
  }
  generateAesKey(label: string, id: Buffer): KeyRef {
    const ref = this.addKey(label, id);
    this.generated.push(ref);
    return ref;
  }
  #key(key: KeyRef): Buffer {
    const k = this.keys.get(keyIdString(key));
    if (!k) throw new HsmError('key-missing', `key ${keyIdString(key)} not found in the token`);
    return k;
  }
  encrypt(key: KeyRef, plaintext: Uint8Array, aad?: Uint8Array): GcmResult {
    if (this.fail.encrypt) throw this.fail.encrypt;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#key(key), iv);
    if (aad) c.setAAD(aad);
    return { ciphertext: Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]), iv };
  }
  decrypt(key: KeyRef, ciphertext: Uint8Array, iv: Uint8Array, aad?: Uint8Array): Buffer {
    if (this.fail.decrypt) throw this.fail.decrypt;
    const k = this.#key(key);
    const body = Buffer.from(ciphertext);
    const d = createDecipheriv('aes-256-gcm', k, iv);
    if (aad) d.setAAD(aad);
    d.setAuthTag(body.subarray(body.length - 16));
    try {
      return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
    } catch {
      throw new HsmError('data', 'error decrypting data: CKR_GENERAL_ERROR: the token could not authenticate the ciphertext', 'CKR_GENERAL_ERROR');
    }
  }
  close(): void {
    this.closed = true;
  }
}

async function seal(config: Record<string, string> = BASE, hsm = new FakeHsm(), env: Record<string, string> = {}, lines: Line[] = []) {
  let opts: Pkcs11Options | undefined;
  const wrapper = await createPkcs11Seal(config, ctx(env, lines), (o) => {
    opts = o;
    if (hsm.fail.open) throw hsm.fail.open;
    return hsm;
  });
  return { hsm, wrapper, opts: opts! };
}

async function refusal(p: Promise<unknown>): Promise<Error & { code?: string; cause?: unknown }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string },
  );
  if (!err) throw new Error('expected a refusal');
  expect(`${err.message}\n${err.stack}\n${JSON.stringify(err)}\n${(err.cause as Error | undefined)?.message}`).not.toContain(PIN);
  return err;
}

describe('pkcs11 plugin: shape, blobs and keys', () => {
  it('is a seal plugin of type pkcs11 whose pin is sensitive', () => {
    expect(plugin).toMatchObject({ apiVersion: 1, type: 'pkcs11', sensitiveKeys: ['pin'] });
  });

  it('round trip with AAD; the blob records iv, CKM_AES_GCM and the key as <label>:<hex id>', async () => {
    const hsm = new FakeHsm();
    hsm.addKey('k1', Buffer.from([0xca, 0xfe]));
    const { wrapper } = await seal(BASE, hsm);
    expect(wrapper.type).toBe('pkcs11');
    expect(wrapper.keyId()).toBe('k1:cafe');
    const root = randomBytes(32);
    const blob = await wrapper.encrypt(root, Buffer.from('core/hsm/_barrier-unseal-keys'));
    expect(blob.keyInfo).toEqual({ mechanism: 0x1087, keyId: 'k1:cafe' });
    expect(Buffer.from(blob.iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(blob.ciphertext, 'base64')).toHaveLength(32 + 16);
    expect(Buffer.from(await wrapper.decrypt(blob, Buffer.from('core/hsm/_barrier-unseal-keys')))).toEqual(root);
    const wrongAad = await refusal(wrapper.decrypt(blob, Buffer.from('elsewhere')));
    expect(wrongAad).toMatchObject({ code: 'SEAL_DECRYPT', message: expect.stringMatching(/could not authenticate/) });
  });

  it('rotation: a new key_label wraps new blobs; blobs under the old key still open by the key they name', async () => {
    const hsm = new FakeHsm();
    hsm.addKey('k1', Buffer.from([1]));
    hsm.addKey('k2', Buffer.from([2]));
    const before = await (await seal(BASE, hsm)).wrapper.encrypt(Buffer.from('old'));
    const { wrapper } = await seal({ ...BASE, key_label: 'k2' }, hsm);
    expect(wrapper.keyId()).toBe('k2:02');
    expect(Buffer.from(await wrapper.decrypt(before)).toString()).toBe('old');
    expect((await wrapper.encrypt(Buffer.from('new'))).keyInfo?.keyId).toBe('k2:02');
  });

  it('a blob that names no key opens with default_key_label (else key_label)', async () => {
    const hsm = new FakeHsm();
    const old = hsm.addKey('legacy');
    hsm.addKey('k1');
    const enc = hsm.encrypt(old, Buffer.from('legacy data'));
    const blob = { ciphertext: enc.ciphertext.toString('base64'), iv: enc.iv.toString('base64') };
    const { wrapper } = await seal({ ...BASE, default_key_label: 'legacy' }, hsm);
    expect(Buffer.from(await wrapper.decrypt(blob)).toString()).toBe('legacy data');
    const plain = (await seal(BASE, hsm)).wrapper;
    expect((await refusal(plain.decrypt(blob))).code).toBe('SEAL_DECRYPT');
  });

  it('refuses blobs of another mechanism, without iv, or with an unreadable key id', async () => {
    const hsm = new FakeHsm();
    hsm.addKey('k1');
    const { wrapper } = await seal(BASE, hsm);
    const blob = await wrapper.encrypt(Buffer.from('x'));
    expect(await refusal(wrapper.decrypt({ ...blob, keyInfo: { mechanism: 9, keyId: 'k1:' } }))).toMatchObject({
      code: 'SEAL_DECRYPT',
      message: 'unsupported mechanism: CKM_RSA_PKCS_OAEP',
    });
    expect((await refusal(wrapper.decrypt({ ciphertext: blob.ciphertext, keyInfo: blob.keyInfo! }))).message).toBe('the blob has no iv');
    expect((await refusal(wrapper.decrypt({ ...blob, keyInfo: { mechanism: 0x1087, keyId: 'nocolon' } }))).message).toMatch(/invalid key id/);
  });

  it('health() is a one-byte encryption; close() closes the client', async () => {
    const hsm = new FakeHsm();
    hsm.addKey('k1');
    const { wrapper } = await seal(BASE, hsm);
    await wrapper.health!();
    hsm.fail.encrypt = new HsmError('device', 'error encrypting data: CKR_DEVICE_REMOVED', 'CKR_DEVICE_REMOVED');
    expect((await refusal(wrapper.health!())).code).toBe('SEAL_UNAVAILABLE');
    await wrapper.close!();
    expect(hsm.closed).toBe(true);
  });
});

describe('pkcs11 plugin: start-up checks', () => {
  it('logs in before anything else and runs a test encryption', async () => {
    const hsm = new FakeHsm();
    hsm.addKey('k1');
    await seal(BASE, hsm);
    expect(hsm.logins).toBe(1);
  });

  it('missing key without generate_key: SEAL_INVALID_CONFIG naming the label and the way out; client closed', async () => {
    const hsm = new FakeHsm();
    const err = await refusal(seal(BASE, hsm));
    expect(err).toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
      message: 'no AES key labelled "k1" in the token in slot 42: create it, or set generate_key = "true" (VAULT_HSM_GENERATE_KEY)',
    });
    expect(hsm.closed).toBe(true);
    const withId = await refusal(seal({ ...BASE, key_id: '0x0a' }, new FakeHsm()));
    expect(withId.message).toMatch(/^no AES key labelled "k1" with key_id 0x0a in the token/);
  });

  it('generate_key (config or VAULT_HSM_GENERATE_KEY) makes the key once, with key_id or a random 4-byte id', async () => {
    const hsm = new FakeHsm();
    const lines: Line[] = [];
    const { wrapper } = await seal({ ...BASE, generate_key: 'true' }, hsm, {}, lines);
    expect(hsm.generated).toHaveLength(1);
    expect(hsm.generated[0]!.id).toHaveLength(4);
    expect(wrapper.keyId()).toBe(keyIdString(hsm.generated[0]!));
    expect(lines.find((l) => l.msg === 'pkcs11 seal generated a key')).toBeDefined();
    await seal({ ...BASE, generate_key: 'true' }, hsm);
    expect(hsm.generated).toHaveLength(1); // found the second time
    const h2 = new FakeHsm();
    await seal({ ...BASE, key_id: '0xbeef' }, h2, { VAULT_HSM_GENERATE_KEY: 'true' });
    expect(h2.generated.map(keyIdString)).toEqual(['k1:beef']);
    expect(JSON.stringify(lines)).not.toContain(PIN);
  });

  it('maps each token failure at start-up to its own SealError; the PIN is in none of them', async () => {
    const cases: Array<[HsmError, string, RegExp]> = [
      [new HsmError('library', 'error loading PKCS#11 library "/x.so": cannot open shared object file'), 'SEAL_INVALID_CONFIG', /^error loading PKCS#11 library/],
      [new HsmError('slot', 'slot 7 not found; slots with a token: 42 ("tok")'), 'SEAL_INVALID_CONFIG', /^slot 7 not found/],
      [new HsmError('token', 'no token with label "x" found; slots with a token: none'), 'SEAL_INVALID_CONFIG', /^no token with label/],
      [new HsmError('device', 'error opening a session on slot 42: CKR_DEVICE_ERROR', 'CKR_DEVICE_ERROR'), 'SEAL_UNAVAILABLE', /CKR_DEVICE_ERROR$/],
    ];
    for (const [e, code, message] of cases) {
      const hsm = new FakeHsm();
      hsm.fail.open = e;
      expect(await refusal(seal(BASE, hsm))).toMatchObject({ code, message: expect.stringMatching(message) });
    }
    const wrongPin = new FakeHsm();
    wrongPin.fail.login = new HsmError('pin', 'error logging in to the token in slot 42: CKR_PIN_INCORRECT', 'CKR_PIN_INCORRECT');
    expect(await refusal(seal(BASE, wrongPin))).toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
      message: 'error logging in to the token in slot 42: CKR_PIN_INCORRECT (the token refused the PIN: check pin or VAULT_HSM_PIN)',
    });
    expect(wrongPin.closed).toBe(true);
    const locked = new FakeHsm();
    locked.fail.login = new HsmError('pin-locked', 'error logging in to the token in slot 42: CKR_PIN_LOCKED', 'CKR_PIN_LOCKED');
    expect((await refusal(seal(BASE, locked))).message).toMatch(/CKR_PIN_LOCKED \(the user PIN is locked/);
  });

  it('a PIN echoed by a library is blanked out of messages and causes', async () => {
    const hsm = new FakeHsm();
    hsm.fail.login = new HsmError('pin', `login failed for pin ${PIN}`, 'CKR_PIN_INCORRECT');
    const err = await refusal(seal(BASE, hsm));
    expect(err.message).toContain('[redacted]');
    expect(scrub(`a ${PIN} b`, PIN)).toBe('a [redacted] b');
    expect(scrub('a 12 b', '12')).toBe('a 12 b'); // too short to blank without mangling text
  });

  it('the same failures later: retryable ones are SEAL_UNAVAILABLE, refused data SEAL_DECRYPT/SEAL_ENCRYPT', () => {
    const pin = new HsmError('pin', 'x: CKR_PIN_INCORRECT', 'CKR_PIN_INCORRECT');
    expect(sealErrorFor('decrypt', pin, PIN).code).toBe('SEAL_UNAVAILABLE');
    expect(sealErrorFor('encrypt', new HsmError('token', 'gone'), PIN).code).toBe('SEAL_UNAVAILABLE');
    expect(sealErrorFor('decrypt', new HsmError('key-missing', 'key k0:01 not found'), PIN).code).toBe('SEAL_DECRYPT');
    expect(sealErrorFor('encrypt', new HsmError('key-type', 'not AES'), PIN).code).toBe('SEAL_ENCRYPT');
    expect(sealErrorFor('decrypt', new Error('odd'), PIN).code).toBe('SEAL_DECRYPT');
    expect(sealErrorFor('create', new Error('odd'), PIN).code).toBe('SEAL_UNAVAILABLE');
    const e = sealErrorFor('decrypt', new HsmError('device', 'd: CKR_DEVICE_REMOVED', 'CKR_DEVICE_REMOVED'), PIN);
    expect(e.cause).toMatchObject({ name: 'HsmError', kind: 'device', ckr: 'CKR_DEVICE_REMOVED' });
  });
});

describe('pkcs11 client helpers', () => {
  it('classifies pkcs11js errors by their CKR name', () => {
    const native = (name: string, code: number) => Object.assign(new Error(name), { stack: `Error: ${name}:${code}\n    at PKCS11.C_Login` });
    expect(classify(native('CKR_PIN_INCORRECT', 160), 'login')).toMatchObject({ kind: 'pin', ckr: 'CKR_PIN_INCORRECT', message: 'login: CKR_PIN_INCORRECT' });
    expect(classify(native('CKR_PIN_LOCKED', 164), 'l').kind).toBe('pin-locked');
    expect(classify(native('CKR_SLOT_ID_INVALID', 3), 'l').kind).toBe('slot');
    expect(classify(native('CKR_TOKEN_NOT_PRESENT', 224), 'l').kind).toBe('token');
    expect(classify(native('CKR_DEVICE_REMOVED', 50), 'l').kind).toBe('device');
    expect(classify(native('CKR_ENCRYPTED_DATA_INVALID', 64), 'l').kind).toBe('data');
    expect(classify(native('CKR_KEY_TYPE_INCONSISTENT', 99), 'l').kind).toBe('key-type');
    expect(classify(new Error('something else'), 'l')).toMatchObject({ kind: 'other', ckr: undefined, message: 'l: something else' });
    const already = new HsmError('slot', 'kept');
    expect(classify(already, 'l')).toBe(already);
  });

  it('reads slot handles as CK_ULONG; trims token labels; key ids round-trip, labels may hold ":"', () => {
    const h = Buffer.alloc(8);
    h.writeBigUInt64LE(2305843009213693953n);
    if (endianness() === 'LE') expect(slotIdOf(h)).toBe(2305843009213693953n);
    expect(() => slotIdOf(Buffer.alloc(3))).toThrow(/slot handle size/);
    expect(trimLabel('tsvault-test                    ')).toBe('tsvault-test');
    const ref = { label: 'a:b', id: Buffer.from([0, 255]) };
    expect(keyIdString(ref)).toBe('a:b:00ff');
    expect(parseKeyIdString('a:b:00ff')).toEqual(ref);
    expect(parseKeyIdString('k:')).toEqual({ label: 'k', id: Buffer.alloc(0) });
    expect(parseKeyIdString(':00')).toBeUndefined();
    expect(parseKeyIdString('k:xyz')).toBeUndefined();
  });
});
