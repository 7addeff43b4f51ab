/**
 * Vault's api.Logical with its 404 rules ([V] api/logical.go): a read or list that gets a 404
 * is "no value" unless the body carries data or warnings (then that secret is returned); a
 * write, patch or delete that gets a 404 with data or warnings returns the secret together with
 * the error; every other status of 400 or more is the error. LIST goes out as GET ?list=true.
 */
import type { ApiResponseError, RawResponse, VaultClient } from '../api/client.js';
import { secretFromText, type VaultSecret } from './secret.js';

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

/** Logical().ReadWithData: GET with the data as query values. */
export async function logicalRead(client: VaultClient, path: string, query?: Query | null): Promise<VaultSecret | null> {
  return readResult(await client.send('GET', path, query ? { query } : {}));
}

/** Logical().List: GET ?list=true. */
export async function logicalList(client: VaultClient, path: string): Promise<VaultSecret | null> {
  return readResult(await client.send('GET', path, { query: { list: ['true'] } }));
}

/** Logical().Write: PUT with the data as the JSON body (`null` for no data, as Go sends it). */
export async function logicalWrite(
  client: VaultClient,
  path: string,
  data: Readonly<Record<string, unknown>> | null,
): Promise<WriteResult> {
  return writeResult(await client.send('PUT', path, { body: data }));
}

/** Logical().JSONMergePatch: PATCH with Content-Type application/merge-patch+json. */
export async function logicalMergePatch(
  client: VaultClient,
  path: string,
  data: Readonly<Record<string, unknown>>,
): Promise<WriteResult> {
  return writeResult(
    await client.send('PATCH', path, { body: data, contentType: 'application/merge-patch+json' }),
  );
}

/** Logical().DeleteWithData: DELETE with the data as query values. */
export async function logicalDelete(client: VaultClient, path: string, query?: Query | null): Promise<WriteResult> {
  return writeResult(await client.send('DELETE', path, query ? { query } : {}));
}
