/**
 * The pkcs11 seal's settings, with Vault's names (seal "pkcs11" in Vault Enterprise, the same keys
 * in OpenBao and go-kms-wrapping's wrappers/pkcs11). Each one is read by readSetting: Vault's
 * environment variable (VAULT_HSM_*) first, then the config key, then the default;
 * `disallow_env_vars = "true"` skips the environment.
 *
 * tsvault implements CKM_AES_GCM (0x1087) only, the default. The other mechanisms Vault knows
 * (CKM_AES_CBC_PAD, CKM_AES_CBC, CKM_RSA_PKCS_OAEP, CKM_RSA_PKCS) are refused with a clear error,
 * never silently replaced. The HMAC settings (hmac_key_label, hmac_key_id, hmac_mechanism,
 * default_hmac_key_label) are checked and accepted but unused: Vault needs an HMAC key only with
 * the CBC mechanisms (GCM authenticates by itself). rsa_encrypt_local and rsa_oaep_hash only apply
 * to RSA mechanisms; they are checked and unused too.
 *
 * Every problem here is a configuration error (SEAL_INVALID_CONFIG) thrown by create(). The PIN
 * never appears in a message.
 */
import { readSetting, SealError } from '@tsvault/seal-plugin-api';

type Config = Readonly<Record<string, string>>;
type Env = Readonly<Record<string, string | undefined>>;

/** Config key → Vault's environment variable (Vault's docs, "pkcs11 environment variables"). */
export const ENV_NAMES = {
  lib: 'VAULT_HSM_LIB',
  slot: 'VAULT_HSM_SLOT',
  token_label: 'VAULT_HSM_TOKEN_LABEL',
  pin: 'VAULT_HSM_PIN',
  key_label: 'VAULT_HSM_KEY_LABEL',
  default_key_label: 'VAULT_HSM_DEFAULT_KEY_LABEL',
  key_id: 'VAULT_HSM_KEY_ID',
  hmac_key_label: 'VAULT_HSM_HMAC_KEY_LABEL',
  default_hmac_key_label: 'VAULT_HSM_HMAC_DEFAULT_KEY_LABEL',
  hmac_key_id: 'VAULT_HSM_HMAC_KEY_ID',
  mechanism: 'VAULT_HSM_MECHANISM',
  hmac_mechanism: 'VAULT_HSM_HMAC_MECHANISM',
  generate_key: 'VAULT_HSM_GENERATE_KEY',
  rsa_encrypt_local: 'VAULT_HSM_RSA_ENCRYPT_LOCAL',
  rsa_oaep_hash: 'VAULT_HSM_RSA_OAEP_HASH',
  force_rw_session: 'VAULT_HSM_FORCE_RW_SESSION',
} as const;

export type SettingKey = keyof typeof ENV_NAMES;

/** PKCS#11 mechanism numbers (the spec's CKM_* values). */
export const CKM_AES_GCM = 0x1087;
export const CKM_SHA256_HMAC = 0x0251;
const KNOWN_MECHANISMS: Record<number, string> = {
  0x1085: 'CKM_AES_CBC_PAD',
  0x1082: 'CKM_AES_CBC',
  [CKM_AES_GCM]: 'CKM_AES_GCM',
  0x0009: 'CKM_RSA_PKCS_OAEP',
  0x0001: 'CKM_RSA_PKCS',
};
const RSA_OAEP_HASHES = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

export interface Pkcs11Options {
  /** Path of the PKCS#11 module (the .so). */
  readonly lib: string;
  /** The slot id as configured (decimal or 0x-hex), when given; slot wins over token_label. */
  readonly slot: bigint | undefined;
  readonly tokenLabel: string | undefined;
  readonly pin: string;
  /** The key encrypt uses (CKA_LABEL). */
  readonly keyLabel: string;
  /** CKA_ID of the key (bytes), when configured. */
  readonly keyId: Buffer | undefined;
  /** The label for blobs that record no key (data from before key labels were recorded). */
  readonly defaultKeyLabel: string;
  readonly mechanism: number;
  readonly generateKey: boolean;
  readonly forceRwSession: boolean;
}

export function configError(message: string): SealError {
  return new SealError('SEAL_INVALID_CONFIG', message);
}

/** Go's strconv.ParseBool, with its error text, naming the setting. */
export function parseGoBool(key: string, raw: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw configError(`${key}: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
}

/** A non-negative integer written in decimal or 0x-hex (Vault's slot and mechanism syntax). */
export function parseNumber(key: string, raw: string): bigint {
  const text = raw.trim();
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(text)) {
    throw configError(`invalid ${key} ${JSON.stringify(raw)}: expected a decimal or 0x-prefixed hexadecimal number`);
  }
  const n = BigInt(text);
  if (n > 0xffff_ffff_ffff_ffffn) throw configError(`invalid ${key} ${JSON.stringify(raw)}: out of range for a PKCS#11 CK_ULONG`);
  return n;
}

/** Vault's key_id: hexadecimal bytes, `0x` optional ("0x33333435363434373537"). */
export function parseKeyId(key: string, raw: string): Buffer | undefined {
  if (raw === '') return undefined;
  const hex = raw.replace(/^0[xX]/, '');
  if (hex === '' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw configError(`invalid ${key} ${JSON.stringify(raw)}: expected hexadecimal bytes such as "0x33333435363434373537"`);
  }
  return Buffer.from(hex, 'hex');
}

export function mechanismName(mechanism: number): string {
  return KNOWN_MECHANISMS[mechanism] ?? `0x${mechanism.toString(16).padStart(4, '0')}`;
}

function parseMechanism(raw: string): number {
  if (raw === '') return CKM_AES_GCM;
  const n = Number(parseNumber('mechanism', raw));
  if (n === CKM_AES_GCM) return n;
  const name = KNOWN_MECHANISMS[n];
  if (name === undefined) {
    throw configError(`unsupported mechanism ${JSON.stringify(raw)}: the pkcs11 seal supports 0x1087 (CKM_AES_GCM)`);
  }
  throw configError(
    `mechanism ${JSON.stringify(raw)} (${name}) is not implemented by tsvault's pkcs11 seal: use 0x1087 (CKM_AES_GCM) with an AES key`,
  );
}

export function readPkcs11Options(config: Config, env: Env): Pkcs11Options {
  // readSetting skips the environment only for the exact string "true": normalise Go's spellings.
  const rawDisallow = config.disallow_env_vars ?? '';
  const disallow = rawDisallow === '' ? false : parseGoBool('disallow_env_vars', rawDisallow);
  const settings: Config = { ...config, disallow_env_vars: disallow ? 'true' : 'false' };
  const read = (key: SettingKey): string => readSetting(settings, env, key, [ENV_NAMES[key]]).trim();

  const lib = read('lib');
  if (lib === '') throw configError('lib is required: the path of the PKCS#11 library (lib or VAULT_HSM_LIB)');
  const slotText = read('slot');
  const tokenLabel = read('token_label');
  if (slotText === '' && tokenLabel === '') {
    throw configError('slot or token_label is required (slot/VAULT_HSM_SLOT or token_label/VAULT_HSM_TOKEN_LABEL)');
  }
  // The PIN is not trimmed: it is what the token was given.
  const pin = readSetting(settings, env, 'pin', [ENV_NAMES.pin]);
  if (pin === '') throw configError('pin is required (pin or VAULT_HSM_PIN)');
  const keyLabel = read('key_label');
  if (keyLabel === '') throw configError('key_label is required (key_label or VAULT_HSM_KEY_LABEL)');

  const mechanism = parseMechanism(read('mechanism'));
  const hmacMechanism = read('hmac_mechanism');
  if (hmacMechanism !== '' && Number(parseNumber('hmac_mechanism', hmacMechanism)) !== CKM_SHA256_HMAC) {
    throw configError(`unsupported hmac_mechanism ${JSON.stringify(hmacMechanism)}: only 0x0251 (CKM_SHA256_HMAC) is supported`);
  }
  parseKeyId('hmac_key_id', read('hmac_key_id'));
  const oaepHash = read('rsa_oaep_hash').toLowerCase();
  if (oaepHash !== '' && !RSA_OAEP_HASHES.includes(oaepHash)) {
    throw configError(`unsupported rsa_oaep_hash ${JSON.stringify(oaepHash)}: one of ${RSA_OAEP_HASHES.join(', ')}`);
  }
  const bool = (key: SettingKey): boolean => {
    const raw = read(key);
    return raw === '' ? false : parseGoBool(key, raw);
  };
  bool('rsa_encrypt_local');

  return {
    lib,
    slot: slotText === '' ? undefined : parseNumber('slot', slotText),
    tokenLabel: tokenLabel === '' ? undefined : tokenLabel,
    pin,
    keyLabel,
    keyId: parseKeyId('key_id', read('key_id')),
    defaultKeyLabel: read('default_key_label') || keyLabel,
    mechanism,
    generateKey: bool('generate_key'),
    forceRwSession: bool('force_rw_session'),
  };
}

/** The settings worth a debug line: everything but the PIN. */
export function describeOptions(opts: Pkcs11Options): Record<string, string> {
  return {
    lib: opts.lib,
    ...(opts.slot !== undefined ? { slot: opts.slot.toString() } : {}),
    ...(opts.tokenLabel !== undefined ? { token_label: opts.tokenLabel } : {}),
    key_label: opts.keyLabel,
    ...(opts.keyId ? { key_id: `0x${opts.keyId.toString('hex')}` } : {}),
    mechanism: mechanismName(opts.mechanism),
    generate_key: String(opts.generateKey),
  };
}
