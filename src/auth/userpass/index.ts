/**
 * Vault's userpass auth method (builtin/credential/userpass) as a tsvault backend: users with a
 * bcrypt-hashed password and token_* settings, and an unauthenticated `login/<username>`.
 * Mounted by the core at `auth/<path>/`; `storage` is the mount's private view.
 */
import { createPathBackend } from '../../logical/framework.js';
import type { Backend, BackendContext, BackendFactory } from '../../logical/types.js';
import { KeyedLock } from '../keyed-lock.js';
import { loginPath } from './login.js';
import { BCRYPT_DEFAULT_COST, createPasswordHasher, type PasswordHasher, type PasswordHasherOptions } from './password-hash.js';
import { userPaths } from './user-paths.js';

export { BCRYPT_DEFAULT_COST } from './password-hash.js';

export interface UserpassOptions {
  /** bcrypt cost for new hashes (default Vault's 10); tests lower it for speed. */
  cost?: number;
  /** Where bcrypt runs: the shared worker pool (default) or 'in-process' (the main thread). */
  hashIn?: PasswordHasherOptions['hashIn'];
  /** The hasher itself, for tests that watch it; overrides `cost` and `hashIn`. */
  hasher?: PasswordHasher;
}

/** A userpass factory with its own hashing settings. */
export function createUserpassBackendWith(options: UserpassOptions = {}): BackendFactory {
  return async (ctx: BackendContext): Promise<Backend> => {
    const hasher = options.hasher ?? createPasswordHasher(options.cost ?? BCRYPT_DEFAULT_COST, { hashIn: options.hashIn });
    return createPathBackend({
      type: 'userpass',
      help: 'The userpass auth method: people log in with a username and a password stored (hashed) on the server.',
      unauthenticatedPaths: ['login/*'],
      paths: [loginPath({ hasher, logger: ctx.logger }), ...userPaths({ hasher, lock: new KeyedLock() })],
    });
  };
}

export const createUserpassBackend: BackendFactory = createUserpassBackendWith();
