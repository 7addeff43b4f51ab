import type { BackendFactory } from '../logical/types.js';
import { createAppRoleBackend } from './approle/index.js';
import { createUserpassBackend } from './userpass/index.js';

/** Auth method types that `sys/auth` (`vault auth enable TYPE`) can mount; `token` is the core's own. */
export const AUTH_METHODS: Readonly<Record<string, BackendFactory>> = {
  approle: createAppRoleBackend,
  userpass: createUserpassBackend,
};
