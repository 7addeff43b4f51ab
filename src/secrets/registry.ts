import type { BackendFactory } from '../logical/types.js';
import { createCubbyholeBackend } from './cubbyhole.js';
import { createKvBackend } from './kv/index.js';
import { createTransitBackend } from './transit/index.js';

/** Secrets engine types that `sys/mounts` (`vault secrets enable TYPE`) can mount. */
export const SECRET_ENGINES: Readonly<Record<string, BackendFactory>> = {
  kv: createKvBackend,
  cubbyhole: createCubbyholeBackend,
  transit: createTransitBackend,
};
