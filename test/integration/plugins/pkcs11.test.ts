/**
 * The pkcs11 seal plugin, as built (dist/plugins/pkcs11/index.js with its own node_modules/pkcs11js),
 * against a real token: SoftHSM2 with a private token store (test/support/softhsm.ts). No fake: if
 * SoftHSM2 cannot be installed or initialised, this fails.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aead, type Logger, type SealContext, type SealPlugin, type SealWrapper } from '../../../src/seal/plugin-api.js';
import { ROOT } from '../../support/harness.js';
import { startSoftHsm, type SoftHsm } from '../../support/softhsm.js';

const ENTRY = join(ROOT, 'dist/plugins/pkcs11/index.js');
const WRONG_PIN = 'not-the-PIN-13579';

const lines: string[] = [];
const logger: Logger = {
  trace: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`),
  debug: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`),
  info: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`),
  warn: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`),
  error: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`),
  named: () => logger,
};

function errorText(err: unknown): string {
  const e = err as Error;
  return [e.message, String(e.stack), JSON.stringify(e), (e.cause as Error | undefined)?.message ?? ''].join('\n');
}

describe('pkcs11 seal plugin against SoftHSM2', () => {
  let hsm: SoftHsm;
  let plugin: SealPlugin;
  const wrappers: SealWrapper[] = [];
  const ctx = (env: Record<string, string> = {}): SealContext => ({ logger, env, aead });
  const base = (): Record<string, string> => ({ lib: hsm.lib, token_label: hsm.tokenLabel, pin: hsm.pin });
  const open = async (config: Record<string, string>, env: Record<string, string> = {}): Promise<SealWrapper> => {
    const w = await plugin.create(config, ctx(env));
    wrappers.push(w);
    return w;
  };
  const failure = async (config: Record<string, string>, env: Record<string, string> = {}) => {
    const err = await plugin.create(config, ctx(env)).then(
      (w) => {
        wrappers.push(w);
        return undefined;
      },
      (e: unknown) => e as Error & { code?: string },
    );
    if (!err) throw new Error('expected create() to fail');
    for (const secret of [hsm.pin, WRONG_PIN]) expect(errorText(err)).not.toContain(secret);
    return err;
  };

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
    if (!existsSync(join(ROOT, 'dist/plugins/pkcs11/node_modules/pkcs11js/build/Release/pkcs11.node'))) {
      throw new Error('dist/plugins/pkcs11/node_modules/pkcs11js was not installed by `npm run build`');
    }
    hsm = startSoftHsm();
    // SoftHSM2 reads its configuration when the library is initialised, in this process.
    process.env.SOFTHSM2_CONF = hsm.conf;
    plugin = ((await import(pathToFileURL(ENTRY).href)) as { default: SealPlugin }).default;
  });

  afterAll(async () => {
    for (const w of wrappers) await w.close?.();
    expect(lines.join('\n')).not.toContain(hsm.pin);
    hsm?.remove();
  });

  it('generate_key makes a non-extractable AES-256 key; round trip with AAD; a fresh wrapper opens the blob', async () => {
    const w = await open({ ...base(), key_label: 'gen-key', generate_key: 'true' });
    expect(w.type).toBe('pkcs11');
    expect(w.keyId()).toMatch(/^gen-key:[0-9a-f]{8}$/);
    const root = Buffer.alloc(32, 0xa5);
    const aad = Buffer.from('core/hsm/_barrier-unseal-keys');
    const blob = await w.encrypt(root, aad);
    expect(blob.keyInfo).toEqual({ mechanism: 0x1087, keyId: w.keyId() });
    expect(Buffer.from(blob.iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(blob.ciphertext, 'base64')).toHaveLength(32 + 16);
    expect(Buffer.from(await w.decrypt(blob, aad))).toEqual(root);
    await w.health!();

    // Without generate_key the key is found now; the same key id.
    const again = await open({ ...base(), key_label: 'gen-key' });
    expect(again.keyId()).toBe(w.keyId());
    expect(Buffer.from(await again.decrypt(blob, aad))).toEqual(root);

    // The key's attributes, read back through the token: Vault's generation template.
    const pkcs11js = createRequire(join(ROOT, 'dist/plugins/pkcs11/index.js'))('pkcs11js') as typeof import('pkcs11js');
    const mod = new pkcs11js.PKCS11();
    mod.load(hsm.lib);
    // The plugin's wrappers hold the library initialised in this process (one state per process):
    // no C_Initialize/C_Finalize of our own, which would end their sessions.
    try {
      const slot = mod.C_GetSlotList(true).find((h) => mod.C_GetTokenInfo(h).label.trim() === hsm.tokenLabel)!;
      const s = mod.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      mod.C_Login(s, pkcs11js.CKU_USER, hsm.pin);
      mod.C_FindObjectsInit(s, [{ type: pkcs11js.CKA_LABEL, value: 'gen-key' }]);
      const [h] = mod.C_FindObjects(s, 2);
      mod.C_FindObjectsFinal(s);
      const attrs = mod.C_GetAttributeValue(s, h!, [
        { type: pkcs11js.CKA_EXTRACTABLE },
        { type: pkcs11js.CKA_SENSITIVE },
        { type: pkcs11js.CKA_TOKEN },
        { type: pkcs11js.CKA_VALUE_LEN },
      ]);
      expect(attrs.map((a) => (a.value as Buffer)[0])).toEqual([0, 1, 1, 32]);
      mod.C_CloseSession(s);
    } finally {
      mod.close();
    }
  });

  it('a tampered ciphertext or other AAD is SEAL_DECRYPT', async () => {
    const w = await open({ ...base(), key_label: 'gen-key' });
    const blob = await w.encrypt(Buffer.from('secret'), Buffer.from('a'));
    const body = Buffer.from(blob.ciphertext, 'base64');
    body[0]! ^= 1;
    await expect(w.decrypt({ ...blob, ciphertext: body.toString('base64') }, Buffer.from('a'))).rejects.toMatchObject({ code: 'SEAL_DECRYPT' });
    await expect(w.decrypt(blob, Buffer.from('b'))).rejects.toMatchObject({
      code: 'SEAL_DECRYPT',
      message: expect.stringMatching(/could not authenticate the ciphertext/),
    });
  });

  it('rotation to a new key_label: new blobs name the new key, blobs under the old one still open', async () => {
    const old = await open({ ...base(), key_label: 'rot-1', generate_key: 'true' });
    const before = await old.encrypt(Buffer.from('before'));
    const next = await open({ ...base(), key_label: 'rot-2', generate_key: 'true' });
    expect(next.keyId()).not.toBe(old.keyId());
    const after = await next.encrypt(Buffer.from('after'));
    expect(after.keyInfo?.keyId).toBe(next.keyId());
    expect(Buffer.from(await next.decrypt(before)).toString()).toBe('before');
    expect(Buffer.from(await next.decrypt(after)).toString()).toBe('after');
  });

  it('slot by number (decimal or hex), key_id and the VAULT_HSM_* environment select the same key', async () => {
    const byLabel = await open({ ...base(), key_label: 'gen-key' });
    const id = byLabel.keyId().split(':')[1]!;
    const slotHex = `0x${BigInt(hsm.slot).toString(16)}`;
    const bySlot = await open({ lib: hsm.lib, slot: slotHex, pin: hsm.pin, key_label: 'gen-key', key_id: `0x${id}` });
    expect(bySlot.keyId()).toBe(byLabel.keyId());
    const fromEnv = await open(
      { pin: WRONG_PIN },
      { VAULT_HSM_LIB: hsm.lib, VAULT_HSM_SLOT: hsm.slot, VAULT_HSM_PIN: hsm.pin, VAULT_HSM_KEY_LABEL: 'gen-key' },
    );
    expect(fromEnv.keyId()).toBe(byLabel.keyId());
  });

  it('token_label picks its token among several', async () => {
    const otherPin = 'second-token-PIN-2468';
    // SoftHSM2 reads its token store when the library is initialised: close every wrapper (the
    // last one finalizes the library) so that the next create() sees the new token.
    for (const w of wrappers.splice(0)) await w.close?.();
    const slot = hsm.addToken('tsvault-second', otherPin);
    const w = await open({ lib: hsm.lib, token_label: 'tsvault-second', pin: otherPin, key_label: 'k', generate_key: '1' });
    expect(w.keyId()).toMatch(/^k:/);
    const again = await open({ lib: hsm.lib, slot, pin: otherPin, key_label: 'k' });
    expect(again.keyId()).toBe(w.keyId());
    // The first token does not have that key.
    const missing = await failure({ ...base(), key_label: 'k' });
    expect(missing.message).toMatch(/^no AES key labelled "k" in the token in slot \d+/);
  });

  it('wrong PIN: SEAL_INVALID_CONFIG with CKR_PIN_INCORRECT, the PIN in no message', async () => {
    const err = await failure({ ...base(), pin: WRONG_PIN, key_label: 'gen-key' });
    expect(err).toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
      message: expect.stringMatching(/^error logging in to the token in slot \d+: CKR_PIN_INCORRECT \(the token refused the PIN/),
    });
  });

  it('missing slot, missing token label, missing key, missing library: each its own SEAL_INVALID_CONFIG', async () => {
    const slot = await failure({ lib: hsm.lib, slot: '4242', pin: hsm.pin, key_label: 'gen-key' });
    expect(slot).toMatchObject({ code: 'SEAL_INVALID_CONFIG', message: expect.stringMatching(/^slot 4242 not found; slots with a token: .*"tsvault-test"/) });
    const token = await failure({ ...base(), token_label: 'no-such-token', key_label: 'gen-key' });
    expect(token).toMatchObject({ code: 'SEAL_INVALID_CONFIG', message: expect.stringMatching(/^no token with label "no-such-token" found/) });
    const key = await failure({ ...base(), key_label: 'never-made' });
    expect(key).toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
      message: expect.stringMatching(/^no AES key labelled "never-made" in the token in slot \d+: create it, or set generate_key/),
    });
    const lib = await failure({ ...base(), lib: '/nonexistent/libpkcs11.so', key_label: 'gen-key' });
    expect(lib).toMatchObject({ code: 'SEAL_INVALID_CONFIG', message: expect.stringMatching(/^error loading PKCS#11 library "\/nonexistent\/libpkcs11.so"/) });
  });

  it('the token store gone: SEAL_UNAVAILABLE, then back: the same wrapper works again, no restart', async () => {
    const w = await open({ ...base(), key_label: 'gen-key' });
    const blob = await w.encrypt(Buffer.from('survives'));
    renameSync(join(hsm.dir, 'tokens'), join(hsm.dir, 'tokens-away'));
    try {
      await expect(w.health!()).rejects.toMatchObject({ code: 'SEAL_UNAVAILABLE' });
      await expect(w.decrypt(blob)).rejects.toMatchObject({ code: 'SEAL_UNAVAILABLE' });
    } finally {
      renameSync(join(hsm.dir, 'tokens-away'), join(hsm.dir, 'tokens'));
    }
    await w.health!();
    expect(Buffer.from(await w.decrypt(blob)).toString()).toBe('survives');
  });

  it('RSA mechanisms are refused before the token is touched', async () => {
    const err = await failure({ ...base(), key_label: 'gen-key', mechanism: '0x0009' });
    expect(err).toMatchObject({ code: 'SEAL_INVALID_CONFIG', message: expect.stringMatching(/CKM_RSA_PKCS_OAEP\) is not implemented/) });
  });
});
