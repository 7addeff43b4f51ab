import type { BackendFactory } from '../logical/types.js';

/**
 * Auth method types that `sys/auth` (`vault auth enable TYPE`) can mount; `token` is the core's own.
 * A method's modules (and userpass's bcrypt) are imported when its first mount is created.
 */
export const AUTH_METHODS: Readonly<Record<string, BackendFactory>> = {
  approle: async (ctx) => (await import('./approle/index.js')).createAppRoleBackend(ctx),
  userpass: async (ctx) => (await import('./userpass/index.js')).createUserpassBackend(ctx),
};
