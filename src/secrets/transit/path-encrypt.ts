/**
 * `encrypt/<name>` and `decrypt/<name>` (path_encrypt.go, path_decrypt.go): single items or
 * `batch_input`, per-item errors in `batch_results`, Vault's batch status codes, and key upsert
 * on encrypt when the request is a create (the key does not exist and the caller may create).
 */
import { bool, int, str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { batchStatus, decodeBatchItems, type BatchItem } from './batch.js';
import { InternalError, errorResponse, isInternal, messageOf, notSupported } from './errors.js';
import { goBase64Decode } from './go-compat.js';
import { KeyType, associatedDataSupported, isAead, keyTypeName, parseKeyType } from './key-types.js';
import { NAME, upsertDisabled } from './path-keys.js';
import type { Policy } from './policy.js';
import type { PolicyStore } from './policy-store.js';
import { decrypt, encrypt } from './symmetric.js';

/** path_rewrap.go ErrNonceNotAllowed. */
export const ERR_NONCE_NOT_ALLOWED = 'provided nonce not allowed for this key';

/** Only keys of the legacy convergent scheme (version 1) take a caller's nonce. */
export function nonceAllowed(p: Policy): boolean {
  return isAead(p.type) && p.convergentEncryption && p.convergentVersion === 1;
}

export interface DecodedItem {
  context?: Buffer;
  nonce?: Buffer;
  plaintext?: Buffer;
  error?: string;
}

/** Single-request fields in batch-item form. */
export function singleItem(data: Record<string, unknown>): BatchItem {
  return {
    plaintext: str(data, 'plaintext'),
    ciphertext: str(data, 'ciphertext'),
    context: str(data, 'context'),
    nonce: str(data, 'nonce'),
    keyVersion: int(data, 'key_version', 0),
    associatedData: str(data, 'associated_data'),
    reference: '',
  };
}

/** The first pass over the items: the all-or-none context rule, then base64 of each field. */
export function decodeItems(items: BatchItem[], fields: { plaintext?: boolean; requireCiphertext?: boolean }): DecodedItem[] {
  const contextSet = items[0]!.context.length !== 0;
  return items.map((item) => {
    if ((item.context.length === 0) === contextSet) {
      throw errorResponse('context should be set either in all the request blocks or in none');
    }
    const out: DecodedItem = {};
    try {
      if (fields.requireCiphertext && item.ciphertext === '') return { error: 'missing ciphertext to decrypt' };
      if (fields.plaintext) out.plaintext = goBase64Decode(item.plaintext);
      if (item.context) out.context = goBase64Decode(item.context);
      if (item.nonce) out.nonce = goBase64Decode(item.nonce);
    } catch (err) {
      return { error: messageOf(err) };
    }
    return out;
  });
}

/** An AssocDataFactory's bytes, or Vault's per-item texts when the key type has no AEAD. */
function associatedData(p: Policy, item: BatchItem, i: number): Buffer | undefined | { error: string } {
  if (item.associatedData === '') return undefined;
  if (!associatedDataSupported(p.type)) return { error: `'[${i}].associated_data' provided for non-AEAD cipher suite ${keyTypeName(p.type)}` };
  try {
    return goBase64Decode(item.associatedData);
  } catch (err) {
    throw new InternalError(`unable to get associated_data/additional_data from factory[0]: ${messageOf(err)}`, { cause: err });
  }
}

async function encryptPolicy(store: PolicyStore, req: LogicalRequest, name: string, contextSet: boolean): Promise<Policy | null> {
  if (req.operation !== 'create') return store.get(req.storage, name);
  const convergent = bool(req.data, 'convergent_encryption');
  if (convergent && !contextSet) throw errorResponse('convergent encryption requires derivation to be enabled, so context is required');
  const typeName = str(req.data, 'type', 'aes256-gcm96');
  const type = parseKeyType(typeName);
  if (type === KeyType.ECDSA_P256 || type === KeyType.ECDSA_P384 || type === KeyType.ECDSA_P521) {
    throw errorResponse(`key type ${typeName} not supported for this operation`);
  }
  if (type === undefined || !(isAead(type) || typeName.startsWith('rsa-') || type === KeyType.MANAGED_KEY)) {
    throw errorResponse(`unknown key type ${typeName}`);
  }
  if (!isAead(type)) throw notSupported(`key type ${typeName}`);
  if (await upsertDisabled(req.storage)) return store.get(req.storage, name);
  const created = await store.upsert(req.storage, { name, type, derived: contextSet, convergent, keySize: 0, autoRotatePeriodSeconds: 0 });
  return created.policy;
}

async function encryptWrite(store: PolicyStore, req: LogicalRequest, name: string): Promise<LogicalResponse> {
  const data = req.data;
  const isBatch = data.batch_input !== undefined && data.batch_input !== null;
  let items: BatchItem[];
  if (isBatch) {
    items = decodeBatchItems(data.batch_input, 'encrypt');
    if (items.length === 0) throw errorResponse('missing batch input to process');
  } else {
    if (data.plaintext === undefined) throw errorResponse('missing plaintext to encrypt');
    items = [singleItem(data)];
  }
  const decoded = decodeItems(items, { plaintext: true });
  const outcome = { successes: false, userError: false, internalError: false };
  const p = await encryptPolicy(store, req, name, items[0]!.context.length !== 0);
  if (!p) throw errorResponse('encryption key not found');
  const results = items.map((item, i): Record<string, unknown> => {
    const d = decoded[i]!;
    if (d.error !== undefined) {
      outcome.userError = true;
      return { error: d.error };
    }
    if (item.nonce !== '' && !nonceAllowed(p)) {
      outcome.userError = true;
      return { error: ERR_NONCE_NOT_ALLOWED };
    }
    try {
      const aad = associatedData(p, item, i);
      if (aad && 'error' in aad) return { error: aad.error };
      const ciphertext = encrypt(p, item.keyVersion, d.plaintext!, { context: d.context, nonce: d.nonce, aad });
      outcome.successes = true;
      return { ciphertext, key_version: item.keyVersion === 0 ? p.latestVersion : item.keyVersion };
    } catch (err) {
      if (isInternal(err)) outcome.internalError = true;
      else outcome.userError = true;
      return { error: messageOf(err) };
    }
  });
  if (isBatch) {
    const batch = results.map((r, i) => ({ ...r, reference: items[i]!.reference }));
    return batchStatus(data, { data: { batch_results: batch } }, outcome);
  }
  const only = results[0]!;
  if (only.error !== undefined) {
    if (outcome.internalError) throw new InternalError(String(only.error));
    throw errorResponse(String(only.error));
  }
  return { data: { ciphertext: only.ciphertext, key_version: only.key_version } };
}

async function decryptWrite(store: PolicyStore, req: LogicalRequest, name: string): Promise<LogicalResponse> {
  const data = req.data;
  const isBatch = data.batch_input !== undefined && data.batch_input !== null;
  let items: BatchItem[];
  if (isBatch) {
    items = decodeBatchItems(data.batch_input, 'decrypt');
    if (items.length === 0) throw errorResponse('missing batch input to process');
  } else {
    if (str(data, 'ciphertext') === '') throw errorResponse('missing ciphertext to decrypt');
    items = [singleItem(data)];
  }
  const decoded = decodeItems(items, { requireCiphertext: true });
  const outcome = { successes: false, userError: decoded.some((d) => d.error !== undefined), internalError: false };
  const p = await store.get(req.storage, name);
  if (!p) throw errorResponse('encryption key not found');
  const results = items.map((item, i): { plaintext: string; error?: string } => {
    const d = decoded[i]!;
    if (d.error !== undefined) return { plaintext: '', error: d.error };
    try {
      const aad = associatedData(p, item, i);
      if (aad && 'error' in aad) return { plaintext: '', error: aad.error };
      const plaintext = decrypt(p, item.ciphertext, { context: d.context, nonce: d.nonce, aad }).toString('base64');
      outcome.successes = true;
      return { plaintext };
    } catch (err) {
      if (isInternal(err)) outcome.internalError = true;
      else outcome.userError = true;
      return { plaintext: '', error: messageOf(err) };
    }
  });
  if (isBatch) {
    const batch = results.map((r, i) => ({ ...r, reference: items[i]!.reference }));
    return batchStatus(data, { data: { batch_results: batch } }, outcome);
  }
  const only = results[0]!;
  if (only.error !== undefined) {
    if (outcome.internalError) throw new InternalError(only.error);
    throw errorResponse(only.error);
  }
  return { data: { plaintext: only.plaintext } };
}

export function encryptPaths(store: PolicyStore): PathSpec[] {
  return [
    {
      pattern: new RegExp(`^encrypt/${NAME}$`), synopsis: 'Encrypt base64 plaintext with the named key.',
      operations: { update: async (req, { name }) => encryptWrite(store, req, name!) },
      existenceCheck: async (req, { name }) => (await store.get(req.storage, name!)) !== null,
    },
    {
      pattern: new RegExp(`^decrypt/${NAME}$`), synopsis: 'Decrypt ciphertext made by the named key.',
      operations: { update: async (req, { name }) => decryptWrite(store, req, name!) },
    },
  ];
}
