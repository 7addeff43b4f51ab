/**
 * Vault's api.Logical with its 404 rules ([V] api/logical.go): a read or list that gets a 404
 * is "no value" unless the body carries data or warnings (then that secret is returned); a
 * write, patch or delete that gets a 404 with data or warnings returns the secret together with
 * the error; every other status of 400 or more is the error. LIST goes out as GET ?list=true.
 */
import type { Secret as VaultSecret } from '../wire/envelope.js';
import type { ApiResponseError } from './errors.js';
import { secretFromText } from './secret.js';
import type { RawResponse, Sender } from './sender.js';

export type Query = Readonly<Record<string, readonly string[]>>;

/** A write's outcome: Vault returns a secret alongside the error for a 404 with data. */
export interface WriteResult {
  secret: VaultSecret | null;
  error: ApiResponseError | undefined;
}

function hasContent(secret: VaultSecret | null): secret is VaultSecret {
  return (
    secret !== null &&
    ((secret.warnings?.length ?? 0) > 0 || Object.keys(secret.data ?? {}).length > 0)
  );
}

function readResult(res: RawResponse): VaultSecret | null {
  if (res.status === 404) {
    const secret = secretFromText(res.text);
    return hasContent(secret) ? secret : null;
  }
  if (res.error) throw res.error;
  return secretFromText(res.text);
}

function writeResult(res: RawResponse): WriteResult {
  if (res.status === 404) {
    const secret = secretFromText(res.text);
    if (hasContent(secret)) return { secret, error: res.error };
  }
  if (res.error) throw res.error;
  return { secret: secretFromText(res.text), error: undefined };
}

export const logical = {
  /** Logical().ReadWithData: GET with the data as query values. */
  async logicalRead(this: Sender, path: string, query?: Query | null): Promise<VaultSecret | null> {
    return readResult(await this.send('GET', path, query ? { query } : {}));
  },

  /** Logical().List: GET ?list=true. */
  async logicalList(this: Sender, path: string): Promise<VaultSecret | null> {
    return readResult(await this.send('GET', path, { query: { list: ['true'] } }));
  },

  /** Logical().Write: PUT with the data as the JSON body (`null` for no data, as Go sends it). */
  async logicalWrite(this: Sender, path: string, data: Readonly<Record<string, unknown>> | null): Promise<WriteResult> {
    return writeResult(await this.send('PUT', path, { body: data }));
  },

  /** Logical().JSONMergePatch: PATCH with Content-Type application/merge-patch+json. */
  async logicalMergePatch(this: Sender, path: string, data: Readonly<Record<string, unknown>>): Promise<WriteResult> {
    return writeResult(await this.send('PATCH', path, { body: data, contentType: 'application/merge-patch+json' }));
  },

  /** Logical().DeleteWithData: DELETE with the data as query values. */
  async logicalDelete(this: Sender, path: string, query?: Query | null): Promise<WriteResult> {
    return writeResult(await this.send('DELETE', path, query ? { query } : {}));
  },
};
