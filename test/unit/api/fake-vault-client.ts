/**
 * Per test, a fake server and a VaultClient pointed at it with the token "hvs.t", for the API
 * client tests.
 */
import { VaultClient } from '../../../src/api/client.js';
import { perTest, useFakeVault, type FakeVault } from '../cli/support.js';

export function useFakeVaultClient(): { vault: FakeVault; client: VaultClient } {
  const { vault } = useFakeVault();
  const client = perTest(
    async () => new VaultClient({ address: vault.address, token: 'hvs.t' }),
    async () => undefined,
  );
  return { vault, client };
}
