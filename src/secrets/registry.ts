import type { BackendFactory } from '../logical/types.js';
import { createCubbyholeBackend } from './cubbyhole.js';

/**
 * Secrets engine types that `sys/mounts` (`vault secrets enable TYPE`) can mount. An engine's
 * modules are imported when the first mount of its type is created (at unseal for mounts in the
 * table, or by `vault secrets enable`), so a server start loads none it does not serve.
 * Cubbyhole is mounted on every server: it stays a static import.
 */
export const SECRET_ENGINES: Readonly<Record<string, BackendFactory>> = {
  kv: async (ctx) => (await import('./kv/index.js')).createKvBackend(ctx),
  cubbyhole: createCubbyholeBackend,
  transit: async (ctx) => (await import('./transit/index.js')).createTransitBackend(ctx),
};
