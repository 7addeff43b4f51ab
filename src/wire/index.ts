/**
 * Vault's JSON shapes, declared once and shared by core, http, the API client and the CLI.
 * A leaf: nothing here imports from the rest of src/.
 */
export type * from './envelope.js';
export type * from './generate-root.js';
export type * from './init.js';
export type * from './keys.js';
export type * from './mounts.js';
export type * from './rekey.js';
export type * from './seal.js';
export type * from './token.js';
