/**
 * Userpass's user management paths (Vault's builtin/credential/userpass path_users.go,
 * path_user_password.go, path_user_policies.go): `users/` LIST, `users/<name>` create, read,
 * update and delete, `users/<name>/password` and `users/<name>/policies` updates.
 *
 * Vault's texts and statuses: a write with both `password` and `password_hash` is a 400
 * `"password" and "password_hash" cannot be supplied together`; a create with neither is a 400
 * `"password" or "password_hash" must be supplied`; the password path without a password is a
 * 400 `missing password`; the password and policies paths on an unknown user answer Vault's plain
 * error `username does not exist`, which its HTTP layer makes a 500.
 */
import { CoreError } from '../../errors.js';
import { badRequest } from '../../logical/errors.js';
import { str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathHandler, PathSpec } from '../../logical/types.js';
import type { KeyedLock } from '../keyed-lock.js';
import { EMPTY_TOKEN_FIELDS } from '../token-fields.js';
import { parsePasswordHash, type PasswordHasher } from './password-hash.js';
import { mergePoliciesWrite, mergeUserWrite, userReadData } from './user-fields.js';
import { deleteUser, listUsers, NO_LEGACY, normalizeUsername, readUser, writeUser, type UserEntry } from './user-store.js';

/** framework.GenericNameRegex("username"). */
export const USERNAME = '(?<username>\\w(?:[\\w.-]*\\w)?)';

const NO_CONTENT: LogicalResponse = { noContent: true };

export interface UserPathsContext {
  hasher: PasswordHasher;
  /** Serialises read-modify-write of one user (the hash is slow; two writes must not interleave). */
  lock: KeyedLock;
}

function usernameDoesNotExist(): CoreError {
  return new CoreError('CORE_INTERNAL', 'username does not exist');
}

/** The new hash a write asks for, if any: `password` hashed, or `password_hash` checked. */
async function newHash(ctx: UserPathsContext, password: string, passwordHash: string): Promise<string | undefined> {
  if (password !== '') return ctx.hasher.hash(password);
  if (passwordHash !== '') return parsePasswordHash(passwordHash);
  return undefined;
}

export function userPaths(ctx: UserPathsContext): PathSpec[] {
  const list: PathHandler = async (req) => {
    const keys = await listUsers(req.storage);
    return keys.length > 0 ? { data: { keys } } : null;
  };

  const read: PathHandler = async (req, { username = '' }) => {
    const user = await readUser(req.storage, username);
    return user ? { data: userReadData(user) } : null;
  };

  const write: PathHandler = async (req: LogicalRequest, { username = '' }) => {
    const password = str(req.data, 'password');
    const passwordHash = str(req.data, 'password_hash');
    if (password !== '' && passwordHash !== '') {
      throw badRequest('"password" and "password_hash" cannot be supplied together');
    }
    const name = normalizeUsername(username);
    return ctx.lock.run(name, async () => {
      const stored = await readUser(req.storage, name);
      // Vault's existence check makes a write to a missing user a create: it needs a password.
      if ((stored === null || req.operation === 'create') && password === '' && passwordHash === '') {
        throw badRequest('"password" or "password_hash" must be supplied');
      }
      const base = stored ?? { password_hash: '', token: EMPTY_TOKEN_FIELDS, legacy: NO_LEGACY };
      const fields = mergeUserWrite(req.data, base);
      const hash = (await newHash(ctx, password, passwordHash)) ?? base.password_hash;
      const entry: UserEntry = { password_hash: hash, ...fields };
      await writeUser(req.storage, name, entry);
      return NO_CONTENT;
    });
  };

  const remove: PathHandler = async (req, { username = '' }) => {
    const name = normalizeUsername(username);
    await ctx.lock.run(name, () => deleteUser(req.storage, name));
    return NO_CONTENT;
  };

  const setPassword: PathHandler = async (req, { username = '' }) => {
    const name = normalizeUsername(username);
    return ctx.lock.run(name, async () => {
      const stored = await readUser(req.storage, name);
      if (!stored) throw usernameDoesNotExist();
      const password = str(req.data, 'password');
      if (password === '') throw badRequest('missing password');
      await writeUser(req.storage, name, { ...stored, password_hash: await ctx.hasher.hash(password) });
      return NO_CONTENT;
    });
  };

  const setPolicies: PathHandler = async (req, { username = '' }) => {
    const name = normalizeUsername(username);
    return ctx.lock.run(name, async () => {
      const stored = await readUser(req.storage, name);
      if (!stored) throw usernameDoesNotExist();
      await writeUser(req.storage, name, { ...stored, ...mergePoliciesWrite(req.data, stored) });
      return NO_CONTENT;
    });
  };

  return [
    { pattern: /^users\/?$/, synopsis: 'List the users.', operations: { list } },
    {
      pattern: new RegExp(`^users/${USERNAME}$`), synopsis: 'Create, read, update or delete a user.',
      operations: { read, create: write, update: write, delete: remove },
      existenceCheck: async (req, { username = '' }) => (await readUser(req.storage, username)) !== null,
    },
    { pattern: new RegExp(`^users/${USERNAME}/password$`), synopsis: "Change a user's password.", operations: { update: setPassword } },
    { pattern: new RegExp(`^users/${USERNAME}/policies$`), operations: { update: setPolicies } },
  ];
}
