/**
 * The transit secrets engine: Vault's API under a mount (`keys/…`, `encrypt/…`, `decrypt/…`,
 * `rewrap/…`, `datakey/…`, `hmac/…`, `sign/…`, `verify/…`, `random/…`, `hash/…`,
 * `config/keys`), Vault's ciphertext and storage formats, keys cached in memory per mount.
 */
import { createPathBackend } from '../../logical/framework.js';
import type { BackendFactory, StorageView } from '../../logical/types.js';
import { AUTO_ROTATE_INTERVAL_MS, autoRotateKeys } from './auto-rotate.js';
import { encryptPaths } from './path-encrypt.js';
import { hmacPaths } from './path-hmac.js';
import { keyPaths } from './path-keys.js';
import { randomPaths } from './path-random.js';
import { rewrapPaths } from './path-rewrap.js';
import { signPaths } from './path-sign.js';
import { PolicyStore } from './policy-store.js';

export const createTransitBackend: BackendFactory = async (ctx) => {
  const store = new PolicyStore();
  let timer: NodeJS.Timeout | undefined;
  let mounted: StorageView | undefined;
  return createPathBackend({
    type: 'transit',
    help: 'The transit secrets engine: encryption as a service. Named keys never leave the server; clients send data to encrypt, decrypt, sign, verify, or HMAC, and rotate keys without re-encrypting by hand.',
    paths: [
      ...keyPaths(store),
      ...encryptPaths(store),
      ...rewrapPaths(store),
      ...hmacPaths(store),
      ...signPaths(store),
      ...randomPaths(),
    ],
    initialize: async (storage) => {
      mounted = storage;
      clearInterval(timer);
      timer = setInterval(() => void autoRotateKeys(store, storage, ctx.logger), AUTO_ROTATE_INTERVAL_MS);
      timer.unref();
    },
    cleanup: async () => {
      clearInterval(timer);
      timer = undefined;
      if (mounted) store.forget(mounted);
      mounted = undefined;
    },
  });
};
