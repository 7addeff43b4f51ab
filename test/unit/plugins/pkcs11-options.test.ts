import { describe, expect, it } from 'vitest';
import {
  CKM_AES_GCM,
  describeOptions,
  ENV_NAMES,
  parseKeyId,
  parseNumber,
  readPkcs11Options,
} from '../../../plugins/pkcs11/options.js';

const PIN = 'unit-test-PIN-4711';
const BASE = { lib: '/usr/lib/softhsm/libsofthsm2.so', slot: '0', pin: PIN, key_label: 'vault-hsm-key' };

function refusal(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (err) {
    const e = err as { code?: string; message: string };
    expect(e.message).not.toContain(PIN);
    return e;
  }
  throw new Error('expected a refusal');
}

describe('pkcs11 options: keys, defaults and Vault\'s environment variables', () => {
  it('reads the required keys; CKM_AES_GCM is the default mechanism; generate_key defaults to false', () => {
    const o = readPkcs11Options(BASE, {});
    expect(o).toMatchObject({
      lib: BASE.lib,
      slot: 0n,
      tokenLabel: undefined,
      pin: PIN,
      keyLabel: 'vault-hsm-key',
      keyId: undefined,
      defaultKeyLabel: 'vault-hsm-key',
      mechanism: CKM_AES_GCM,
      generateKey: false,
      forceRwSession: false,
    });
  });

  it('has Vault\'s variable for every key', () => {
    expect(ENV_NAMES).toMatchObject({
      lib: 'VAULT_HSM_LIB',
      slot: 'VAULT_HSM_SLOT',
      token_label: 'VAULT_HSM_TOKEN_LABEL',
      pin: 'VAULT_HSM_PIN',
      key_label: 'VAULT_HSM_KEY_LABEL',
      key_id: 'VAULT_HSM_KEY_ID',
      mechanism: 'VAULT_HSM_MECHANISM',
      generate_key: 'VAULT_HSM_GENERATE_KEY',
      default_key_label: 'VAULT_HSM_DEFAULT_KEY_LABEL',
      hmac_key_label: 'VAULT_HSM_HMAC_KEY_LABEL',
      default_hmac_key_label: 'VAULT_HSM_HMAC_DEFAULT_KEY_LABEL',
      hmac_mechanism: 'VAULT_HSM_HMAC_MECHANISM',
    });
  });

  it('the environment wins over the config, key by key', () => {
    const env = {
      VAULT_HSM_LIB: '/env/lib.so',
      VAULT_HSM_SLOT: '0x10',
      VAULT_HSM_TOKEN_LABEL: 'env-token',
      VAULT_HSM_PIN: 'env-pin-1234',
      VAULT_HSM_KEY_LABEL: 'env-key',
      VAULT_HSM_KEY_ID: '0x0102',
      VAULT_HSM_MECHANISM: '4231',
      VAULT_HSM_GENERATE_KEY: 'true',
      VAULT_HSM_DEFAULT_KEY_LABEL: 'env-old-key',
      VAULT_HSM_FORCE_RW_SESSION: '1',
    };
    const o = readPkcs11Options({ ...BASE, token_label: 'cfg-token', key_id: '0xff', generate_key: 'false' }, env);
    expect(o).toMatchObject({
      lib: '/env/lib.so',
      slot: 16n,
      tokenLabel: 'env-token',
      pin: 'env-pin-1234',
      keyLabel: 'env-key',
      keyId: Buffer.from([1, 2]),
      defaultKeyLabel: 'env-old-key',
      mechanism: CKM_AES_GCM,
      generateKey: true,
      forceRwSession: true,
    });
  });

  it('an empty variable does not count; disallow_env_vars (any Go spelling) skips the environment', () => {
    expect(readPkcs11Options(BASE, { VAULT_HSM_PIN: '' }).pin).toBe(PIN);
    for (const v of ['true', '1', 'T', 'TRUE']) {
      const o = readPkcs11Options({ ...BASE, disallow_env_vars: v }, { VAULT_HSM_PIN: 'env-pin-1234', VAULT_HSM_KEY_LABEL: 'env' });
      expect([o.pin, o.keyLabel]).toEqual([PIN, 'vault-hsm-key']);
    }
    expect(readPkcs11Options({ ...BASE, disallow_env_vars: 'false' }, { VAULT_HSM_KEY_LABEL: 'env' }).keyLabel).toBe('env');
    expect(refusal(() => readPkcs11Options({ ...BASE, disallow_env_vars: 'yes' }, {})).message).toBe(
      'disallow_env_vars: strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });

  it('everything can come from the environment alone (an empty seal "pkcs11" {} block)', () => {
    const o = readPkcs11Options({}, { VAULT_HSM_LIB: '/l.so', VAULT_HSM_TOKEN_LABEL: 't', VAULT_HSM_PIN: 'p-1234', VAULT_HSM_KEY_LABEL: 'k' });
    expect(o).toMatchObject({ lib: '/l.so', slot: undefined, tokenLabel: 't', keyLabel: 'k' });
  });

  it('refuses a missing lib, slot and token label, pin or key label, each with its own message', () => {
    const without = (key: string) => {
      const c: Record<string, string> = { ...BASE };
      delete c[key];
      return refusal(() => readPkcs11Options(c, {}));
    };
    expect(without('lib')).toMatchObject({ code: 'SEAL_INVALID_CONFIG', message: expect.stringMatching(/^lib is required/) });
    expect(without('slot').message).toMatch(/^slot or token_label is required/);
    expect(without('pin').message).toMatch(/^pin is required/);
    expect(without('key_label').message).toMatch(/^key_label is required/);
  });

  it('slots: decimal or 0x-hex up to 64 bits (Vault\'s 2305843009213693953); garbage refused', () => {
    expect(readPkcs11Options({ ...BASE, slot: '2305843009213693953' }, {}).slot).toBe(2305843009213693953n);
    expect(readPkcs11Options({ ...BASE, slot: '0x2000000000000001' }, {}).slot).toBe(2305843009213693953n);
    expect(parseNumber('slot', ' 7 ')).toBe(7n);
    expect(refusal(() => readPkcs11Options({ ...BASE, slot: 'slot-1' }, {})).message).toBe(
      'invalid slot "slot-1": expected a decimal or 0x-prefixed hexadecimal number',
    );
    expect(refusal(() => readPkcs11Options({ ...BASE, slot: '0x1ffffffffffffffff' }, {})).message).toMatch(/out of range/);
  });

  it('key_id: hex bytes with or without 0x; odd or non-hex refused', () => {
    expect(parseKeyId('key_id', '0x33333435363434373537')).toEqual(Buffer.from('33333435363434373537', 'hex'));
    expect(parseKeyId('key_id', 'abcd')).toEqual(Buffer.from([0xab, 0xcd]));
    expect(parseKeyId('key_id', '')).toBeUndefined();
    expect(refusal(() => readPkcs11Options({ ...BASE, key_id: '0x123' }, {})).message).toMatch(/^invalid key_id "0x123"/);
    expect(refusal(() => readPkcs11Options({ ...BASE, key_id: 'zz' }, {})).message).toMatch(/^invalid key_id/);
  });

  it('mechanisms: 0x1087 in any spelling; Vault\'s others refused as not implemented; unknown ones refused', () => {
    for (const m of ['0x1087', '4231', '0X1087']) expect(readPkcs11Options({ ...BASE, mechanism: m }, {}).mechanism).toBe(CKM_AES_GCM);
    expect(refusal(() => readPkcs11Options({ ...BASE, mechanism: '0x0009' }, {}))).toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
      message: 'mechanism "0x0009" (CKM_RSA_PKCS_OAEP) is not implemented by tsvault\'s pkcs11 seal: use 0x1087 (CKM_AES_GCM) with an AES key',
    });
    expect(refusal(() => readPkcs11Options({ ...BASE, mechanism: '0x1085' }, {})).message).toMatch(/CKM_AES_CBC_PAD/);
    expect(refusal(() => readPkcs11Options({ ...BASE, mechanism: '0x0001' }, {})).message).toMatch(/CKM_RSA_PKCS\)/);
    expect(refusal(() => readPkcs11Options({ ...BASE, mechanism: '0x9999' }, {})).message).toMatch(/^unsupported mechanism "0x9999"/);
  });

  it('accepts the HMAC and RSA settings (unused with AES-GCM) but checks them', () => {
    const o = readPkcs11Options(
      { ...BASE, hmac_key_label: 'h', hmac_key_id: '0x01', hmac_mechanism: '0x0251', default_hmac_key_label: 'h0', rsa_oaep_hash: 'SHA256', rsa_encrypt_local: 'false' },
      {},
    );
    expect(o.mechanism).toBe(CKM_AES_GCM);
    expect(refusal(() => readPkcs11Options({ ...BASE, hmac_mechanism: '0x0250' }, {})).message).toMatch(/^unsupported hmac_mechanism/);
    expect(refusal(() => readPkcs11Options({ ...BASE, rsa_oaep_hash: 'md5' }, {})).message).toMatch(/^unsupported rsa_oaep_hash/);
    expect(refusal(() => readPkcs11Options({ ...BASE, generate_key: 'maybe' }, {})).message).toBe(
      'generate_key: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
  });

  it('generate_key as the config layer writes HCL bools ("1"/"0")', () => {
    expect(readPkcs11Options({ ...BASE, generate_key: '1' }, {}).generateKey).toBe(true);
    expect(readPkcs11Options({ ...BASE, generate_key: '0' }, {}).generateKey).toBe(false);
  });

  it('describeOptions (the debug line) never carries the PIN', () => {
    const d = describeOptions(readPkcs11Options({ ...BASE, key_id: '0x0a0b' }, {}));
    expect(JSON.stringify(d)).not.toContain(PIN);
    expect(d).toEqual({ lib: BASE.lib, slot: '0', key_label: 'vault-hsm-key', key_id: '0x0a0b', mechanism: 'CKM_AES_GCM', generate_key: 'false' });
  });
});
