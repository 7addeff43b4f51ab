/**
 * Vault's internal token helper: the CLI's token lives in ~/.vault-token, mode 0600, written to
 * a temporary file first and renamed over the old one so that a failed write never damages it.
 */
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function tokenPath(home: string): string {
  return join(home, '.vault-token');
}

export async function storeToken(home: string, token: string): Promise<void> {
  const target = tokenPath(home);
  const tmp = `${target}.tmp`;
  try {
    await writeFile(tmp, token, { mode: 0o600 });
    await chmod(tmp, 0o600); // the mode above is ignored when the file already existed
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
}
