import type { BackendFactory } from '../logical/types.js';

/** Auth method types that `sys/auth` (`vault auth enable TYPE`) can mount; `token` is the core's own. */
export const AUTH_METHODS: Readonly<Record<string, BackendFactory>> = {};
