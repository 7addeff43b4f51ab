/**
 * Vault's `kv` secrets engine. The mount option `version` picks the flavour, as Vault's
 * kv.Factory does: "2" is the versioned engine, "1" or nothing the passthrough one. (Vault's
 * `kv-v2` type is `kv` with `version=2`; the mount layer turns one into the other.)
 */
import type { BackendFactory } from '../../logical/types.js';
import { createKvV1Backend } from './passthrough.js';
import { createKvV2Backend } from './v2/backend.js';

export const createKvBackend: BackendFactory = async (ctx) =>
  ctx.options.version === '2' ? createKvV2Backend(ctx) : createKvV1Backend(ctx);

export { createKvV1Backend } from './passthrough.js';
export { createKvV2Backend, type KvV2Options } from './v2/backend.js';
export { MAX_SEGMENT_BYTES } from './paths.js';
