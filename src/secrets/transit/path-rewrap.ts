/**
 * `rewrap/<name>` (path_rewrap.go: decrypt, then encrypt under key_version or the latest version)
 * and `datakey/<plaintext|wrapped>/<name>` (path_datakey.go: a random key of `bits`, encrypted
 * under the named key, returned with or without its plaintext).
 */
import { randomBytes } from 'node:crypto';
import { int, str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';
import { decodeBatchItems, type BatchItem } from './batch.js';
import { UserError, errorResponse, plainError } from './errors.js';
import { goBase64Decode } from './go-compat.js';
import { NAME } from './path-keys.js';
import { ERR_NONCE_NOT_ALLOWED, decodeItems, nonceAllowed, singleItem } from './path-encrypt.js';
import type { PolicyStore } from './policy-store.js';
import { decrypt, encrypt } from './symmetric.js';

async function rewrapWrite(store: PolicyStore, req: LogicalRequest, name: string): Promise<LogicalResponse> {
  const data = req.data;
  const isBatch = data.batch_input !== undefined && data.batch_input !== null;
  let items: BatchItem[];
  if (isBatch) {
    items = decodeBatchItems(data.batch_input, 'rewrap');
    if (items.length === 0) throw errorResponse('missing batch input to process');
  } else {
    if (str(data, 'ciphertext') === '') throw errorResponse('missing ciphertext to decrypt');
    items = [singleItem(data)];
  }
  const decoded = decodeItems(items, { requireCiphertext: true });
  const p = await store.get(req.storage, name);
  if (!p) throw errorResponse('encryption key not found');
  const results = items.map((item, i): Record<string, unknown> => {
    const d = decoded[i]!;
    if (d.error !== undefined) return { error: d.error };
    if (item.nonce !== '' && !nonceAllowed(p)) return { error: ERR_NONCE_NOT_ALLOWED };
    let plaintext: Buffer;
    let ciphertext: string;
    try {
      plaintext = decrypt(p, item.ciphertext, { context: d.context, nonce: d.nonce });
      ciphertext = encrypt(p, item.keyVersion, plaintext, { context: d.context, nonce: d.nonce });
    } catch (err) {
      if (err instanceof UserError) return { error: err.message };
      throw err; // Vault returns internal errors of a rewrap as the request's error
    }
    return { ciphertext, key_version: item.keyVersion === 0 ? p.latestVersion : item.keyVersion };
  });
  if (isBatch) return { data: { batch_results: results.map((r, i) => ({ ...r, reference: items[i]!.reference })) } };
  const only = results[0]!;
  if (only.error !== undefined) throw errorResponse(String(only.error));
  return { data: { ciphertext: only.ciphertext, key_version: only.key_version } };
}

const DATAKEY_BYTES: Readonly<Record<number, number>> = { 128: 16, 256: 32, 512: 64 };

async function datakeyWrite(store: PolicyStore, req: LogicalRequest, kind: string, name: string): Promise<LogicalResponse> {
  const data = req.data;
  const ver = int(data, 'key_version', 0);
  if (kind !== 'plaintext' && kind !== 'wrapped') throw errorResponse("Invalid path, must be 'plaintext' or 'wrapped'");
  const decode = (field: string): Buffer | undefined => {
    const raw = str(data, field);
    if (!raw) return undefined;
    try {
      return goBase64Decode(raw);
    } catch {
      throw errorResponse(`failed to base64-decode ${field}`);
    }
  };
  const context = decode('context');
  const nonce = decode('nonce');
  const p = await store.get(req.storage, name);
  if (!p) throw errorResponse('encryption key not found');
  const bytes = DATAKEY_BYTES[int(data, 'bits', 256)];
  if (bytes === undefined) throw errorResponse('invalid bit length');
  const newKey = randomBytes(bytes);
  let ciphertext: string;
  try {
    ciphertext = encrypt(p, ver, newKey, { context, nonce });
  } catch (err) {
    if (err instanceof UserError) throw errorResponse(err.message);
    throw err;
  }
  if (nonce && nonce.length > 0 && !nonceAllowed(p)) throw plainError(ERR_NONCE_NOT_ALLOWED);
  const out: Record<string, unknown> = { ciphertext, key_version: ver === 0 ? p.latestVersion : ver };
  if (kind === 'plaintext') out.plaintext = newKey.toString('base64');
  return { data: out };
}

export function rewrapPaths(store: PolicyStore): PathSpec[] {
  return [
    {
      pattern: new RegExp(`^rewrap/${NAME}$`), synopsis: 'Re-encrypt ciphertext with the latest version of the key, without revealing the plaintext.',
      operations: { update: async (req, { name }) => rewrapWrite(store, req, name!) },
    },
    {
      pattern: new RegExp(`^datakey/(?<kind>\\w(?:[\\w.-]*\\w)?)/${NAME}$`),
      operations: { update: async (req, { kind, name }) => datakeyWrite(store, req, kind!, name!) },
    },
  ];
}
