/**
 * Key management paths: `keys/` (LIST), `keys/<name>` (create, read, delete),
 * `keys/<name>/config`, `keys/<name>/rotate`, and the mount-wide `config/keys` (disable_upsert).
 * Texts and response shapes follow Vault's path_keys.go, path_keys_config.go, path_rotate.go and
 * path_config_keys.go.
 */
import { bool, duration, int, str } from '../../logical/fields.js';
import { getJson, putJson } from '../../logical/storage-view.js';
import type { LogicalResponse, PathSpec, StorageView } from '../../logical/types.js';
import { errorResponse, messageOf, notSupported, plainError } from './errors.js';
import { goBase64Decode, goTimeJson } from './go-compat.js';
import { ed25519FromSeed, ed25519RawPublic, getKey, rotated } from './key-material.js';
import {
  BUILT,
  HMAC_MAX_KEY_SIZE,
  HMAC_MIN_KEY_SIZE,
  KeyType,
  decryptionSupported,
  derivationSupported,
  encryptionSupported,
  isAead,
  keyTypeName,
  parseKeyType,
  signingSupported,
} from './key-types.js';
import { KDF_HKDF_SHA256, ZERO_TIME, clonePolicy, type Policy } from './policy.js';
import type { PolicyStore } from './policy-store.js';
import { curveName } from './signing.js';

/** framework.GenericNameRegex("name"). */
export const NAME = '(?<name>\\w(?:[\\w.-]*\\w)?)';
const HOUR = 3600;
const KEYS_CONFIG = 'config/keys';

const present = (data: Record<string, unknown>, k: string) => data[k] !== undefined && data[k] !== null;

function decodeContext(data: Record<string, unknown>): Buffer | undefined {
  const raw = str(data, 'context');
  if (!raw) return undefined;
  try {
    return goBase64Decode(raw);
  } catch {
    throw errorResponse('failed to base64-decode context');
  }
}

/** formatKeyPolicy: what reading, creating, configuring and rotating a key answer. */
export function formatKeyPolicy(p: Policy, context?: Uint8Array): LogicalResponse {
  const data: Record<string, unknown> = {
    name: p.name,
    type: keyTypeName(p.type),
    derived: p.derived,
    deletion_allowed: p.deletionAllowed,
    min_available_version: p.minAvailableVersion,
    min_decryption_version: p.minDecryptionVersion,
    min_encryption_version: p.minEncryptionVersion,
    latest_version: p.latestVersion,
    exportable: p.exportable,
    allow_plaintext_backup: p.allowPlaintextBackup,
    supports_encryption: encryptionSupported(p.type),
    supports_decryption: decryptionSupported(p.type),
    supports_signing: signingSupported(p.type),
    supports_derivation: derivationSupported(p.type),
    auto_rotate_period: p.autoRotatePeriodSeconds,
    imported_key: p.imported,
  };
  if (p.keySize !== 0) data.key_size = p.keySize;
  if (p.derived) {
    if (p.kdf === KDF_HKDF_SHA256) data.kdf = 'hkdf_sha256';
    else data.kdf = data.kdf_mode = 'hmac-sha256-counter';
    data.convergent_encryption = p.convergentEncryption;
    if (p.convergentEncryption) data.convergent_encryption_version = p.convergentVersion;
  }
  const versions = [...p.keys].sort((a, b) => a[0] - b[0]);
  if (isAead(p.type)) {
    data.keys = Object.fromEntries(versions.map(([v, e]) => [String(v), e.creationTime]));
  } else if (p.type !== KeyType.HMAC) {
    const keys: Record<string, unknown> = {};
    for (const [v, e] of versions) {
      let publicKey = e.publicKey ?? '';
      if (p.type === KeyType.ED25519 && p.derived) {
        publicKey = '';
        if (context && context.length > 0) {
          try {
            publicKey = ed25519RawPublic(ed25519FromSeed(getKey(p, context, v, 32)).pub).toString('base64');
          } catch (err) {
            throw plainError(`failed to derive key to return public component: ${messageOf(err)}`, { cause: err });
          }
        }
      }
      keys[String(v)] = {
        name: p.type === KeyType.ED25519 ? 'ed25519' : curveName(p.type),
        public_key: publicKey,
        certificate_chain: '',
        creation_time: e.time === ZERO_TIME ? goTimeJson(new Date(e.creationTime * 1000)) : e.time,
        hybrid_public_key: '',
      };
    }
    data.keys = keys;
  }
  return { data };
}

async function createKey(store: PolicyStore, storage: StorageView, name: string, data: Record<string, unknown>): Promise<LogicalResponse> {
  const derived = bool(data, 'derived');
  const convergent = bool(data, 'convergent_encryption');
  const typeName = str(data, 'type', 'aes256-gcm96');
  const keySize = int(data, 'key_size', 0);
  const autoRotate = duration(data, 'auto_rotate_period', 0);
  if (autoRotate !== 0 && autoRotate < HOUR) throw errorResponse('auto rotate period must be 0 to disable or at least an hour');
  if (!derived && convergent) throw errorResponse('convergent encryption requires derivation to be enabled');
  const type = parseKeyType(typeName);
  if (type === undefined) throw errorResponse(`unknown key type ${typeName}`);
  if (keySize !== 0) {
    if (type !== KeyType.HMAC) throw errorResponse(`key_size is not valid for algorithm ${typeName}`);
    if (keySize < HMAC_MIN_KEY_SIZE || keySize > HMAC_MAX_KEY_SIZE) throw errorResponse(`invalid key_size ${keySize}`);
  }
  if (!BUILT.has(type)) throw notSupported(`key type ${typeName}`);
  if (bool(data, 'exportable')) throw notSupported('exportable (key export)');
  if (bool(data, 'allow_plaintext_backup')) throw notSupported('allow_plaintext_backup (key backup)');
  const { policy } = await store.upsert(storage, { name, type, derived, convergent, keySize, autoRotatePeriodSeconds: autoRotate });
  // Vault's backend GetPolicy always reports "upserted", so its "key %s already existed" warning never shows.
  return formatKeyPolicy(policy);
}

function configure(current: Policy, data: Record<string, unknown>): { next: Policy | null; warning?: string } {
  const p = clonePolicy(current);
  let warning: string | undefined;
  let persist = false;
  if (present(data, 'min_decryption_version')) {
    let v = int(data, 'min_decryption_version');
    if (v < 0) throw errorResponse('min decryption version cannot be negative');
    if (v === 0) {
      v = 1;
      warning = 'since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1';
    }
    if (v !== p.minDecryptionVersion) {
      if (v > p.latestVersion) throw errorResponse(`cannot set min decryption version of ${v}, latest key version is ${p.latestVersion}`);
      p.minDecryptionVersion = v;
      persist = true;
    }
  }
  if (present(data, 'min_encryption_version')) {
    const v = int(data, 'min_encryption_version');
    if (v < 0) throw errorResponse('min encryption version cannot be negative');
    if (v !== p.minEncryptionVersion) {
      if (v > p.latestVersion) throw errorResponse(`cannot set min encryption version of ${v}, latest key version is ${p.latestVersion}`);
      p.minEncryptionVersion = v;
      persist = true;
    }
  }
  if (p.minEncryptionVersion > 0 && p.minEncryptionVersion < p.minDecryptionVersion) {
    throw errorResponse(
      `cannot set min encryption/decryption values; min encryption version of ${p.minEncryptionVersion} must be greater than or equal to min decryption version of ${p.minDecryptionVersion}`,
    );
  }
  if (present(data, 'deletion_allowed')) {
    const allowed = bool(data, 'deletion_allowed');
    if (allowed !== p.deletionAllowed) {
      p.deletionAllowed = allowed;
      persist = true;
    }
  }
  if (p.minDecryptionVersion === 0) {
    p.minDecryptionVersion = 1;
    persist = true;
  }
  if (present(data, 'exportable') && bool(data, 'exportable') && !p.exportable) throw notSupported('exportable (key export)');
  if (present(data, 'allow_plaintext_backup') && bool(data, 'allow_plaintext_backup') && !p.allowPlaintextBackup) {
    throw notSupported('allow_plaintext_backup (key backup)');
  }
  if (present(data, 'auto_rotate_period')) {
    const period = duration(data, 'auto_rotate_period');
    if (period !== 0 && period < HOUR) throw errorResponse('auto rotate period must be 0 to disable or at least an hour');
    if (period !== p.autoRotatePeriodSeconds) {
      p.autoRotatePeriodSeconds = period;
      persist = true;
    }
  }
  return { next: persist ? p : null, ...(warning ? { warning } : {}) };
}

export function keyPaths(store: PolicyStore): PathSpec[] {
  return [
    {
      pattern: new RegExp(`^keys/${NAME}/rotate$`), synopsis: 'Rotate the named key to a new version.',
      operations: {
        update: async (req, { name }) => {
          const { next } = await store.update(req.storage, name!, (current) => {
            if (!current) throw errorResponse('key not found');
            return rotated(current);
          });
          return formatKeyPolicy(next!);
        },
      },
    },
    {
      pattern: new RegExp(`^keys/${NAME}/config$`), synopsis: 'Tune a key: minimum versions, deletion, export, auto-rotation.',
      operations: {
        update: async (req, { name }) => {
          let warning: string | undefined;
          const { current, next } = await store.update(req.storage, name!, (existing) => {
            if (!existing) throw errorResponse(`no existing key named ${name!} could be found`);
            const configured = configure(existing, req.data);
            warning = configured.warning;
            return configured.next;
          });
          const resp = formatKeyPolicy(next ?? current!);
          return warning ? { ...resp, warnings: [warning] } : resp;
        },
      },
    },
    {
      pattern: new RegExp(`^keys/${NAME}$`), synopsis: 'Create, read, or delete a named encryption key.',
      operations: {
        update: async (req, { name }) => createKey(store, req.storage, name!, req.data),
        read: async (req, { name }) => {
          const p = await store.get(req.storage, name!);
          if (!p) return null;
          return formatKeyPolicy(p, decodeContext(req.data));
        },
        delete: async (req, { name }) => {
          try {
            await store.delete(req.storage, name!);
          } catch (err) {
            throw errorResponse(`error deleting policy ${name!}: ${messageOf(err)}`);
          }
          return { noContent: true };
        },
      },
    },
    {
      pattern: /^keys\/?$/, synopsis: 'List the named keys.',
      operations: {
        list: async (req) => {
          const keys = await store.list(req.storage);
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
    },
    {
      pattern: /^config\/keys$/,
      operations: {
        read: async (req) => ({ data: { disable_upsert: await upsertDisabled(req.storage) } }),
        update: async (req) => {
          const disable = bool(req.data, 'disable_upsert');
          if (disable !== (await upsertDisabled(req.storage))) await putJson(req.storage, KEYS_CONFIG, { disable_upsert: disable });
          return { data: { disable_upsert: disable } };
        },
      },
    },
  ];
}

/** path_config_keys: whether encrypt may create missing keys. */
export async function upsertDisabled(storage: StorageView): Promise<boolean> {
  const cfg = await getJson<{ disable_upsert?: boolean }>(storage, KEYS_CONFIG);
  return cfg?.disable_upsert === true;
}
