/**
 * `login/<username>` (Vault's userpass path_login.go): the password checked against the user's
 * bcrypt hash, then the user's token_bound_cidrs against the client address, then the LoginAuth
 * the core turns into a token (metadata `{username}`, display name and alias name the username).
 *
 * Vault's answers: no password is its plain error `missing password` (a 500); an unknown user and
 * a wrong password are the same 400 `invalid username or password`, and both run one bcrypt
 * compare (the unknown user against a dummy hash), so neither text, status nor time tells them
 * apart; a client outside the bound CIDRs, or with no address to check, is a 403 `permission denied`.
 */
import { CoreError } from '../../errors.js';
import { badRequest, permissionDenied } from '../../logical/errors.js';
import { str } from '../../logical/fields.js';
import type { PathHandler, PathSpec } from '../../logical/types.js';
import type { Logger } from '../../log/types.js';
import { cidrsAllow } from '../cidr.js';
import { loginAuth } from '../token-fields.js';
import type { PasswordHasher } from './password-hash.js';
import { USERNAME } from './user-paths.js';
import { normalizeUsername, readUser } from './user-store.js';

export interface LoginContext {
  hasher: PasswordHasher;
  logger: Logger;
}

export function loginPath(ctx: LoginContext): PathSpec {
  const login: PathHandler = async (req, { username = '' }) => {
    const name = normalizeUsername(username);
    const password = str(req.data, 'password');
    if (password === '') throw new CoreError('CORE_INTERNAL', 'missing password');

    const user = await readUser(req.storage, name);
    const ok = await ctx.hasher.verify(password, user?.password_hash || null);
    if (!user || !ok) throw badRequest('invalid username or password');

    const cidrs = user.token.token_bound_cidrs;
    if (cidrs.length > 0) {
      if (req.remoteAddr === undefined) {
        ctx.logger.warn('token bound CIDRs found but no connection information available for validation');
        throw permissionDenied();
      }
      if (!cidrsAllow(cidrs, req.remoteAddr)) throw permissionDenied();
    }

    return { login: loginAuth(user.token, { displayName: name, metadata: { username: name }, aliasName: name }) };
  };

  return { pattern: new RegExp(`^login/${USERNAME}$`), synopsis: "Log in with the user's password.", operations: { update: login } };
}
