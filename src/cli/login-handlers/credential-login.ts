/** The write every username/password handler ends with ([V] userpass/cli.go, ldap/cli.go). */
import type { VaultClient } from '../../api/client.js';
import { TsvaultError } from '../../errors.js';
import type { VaultSecret } from '../secret.js';

/** Logical().Write of the login; an error (even with a secret) is thrown, no answer is Vault's error. */
export async function credentialLogin(client: VaultClient, path: string, data: Record<string, string>): Promise<VaultSecret> {
  const result = await client.logicalWrite(path, data);
  if (result.error) throw result.error;
  if (result.secret === null) throw new TsvaultError('API_REQUEST', 'empty response from credential provider');
  return result.secret;
}
