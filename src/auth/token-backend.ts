/**
 * The `auth/token/` backend (Vault's token store paths): create (also against a token role),
 * lookup, renew and revoke by token, by accessor and for the caller itself, the accessor list,
 * and the token roles.
 */
import { CoreError } from '../errors.js';
import { createPathBackend } from '../logical/framework.js';
import { badRequest } from '../logical/errors.js';
import { duration, str } from '../logical/fields.js';
import type { Backend, LogicalRequest, LogicalResponse, PathHandler, RequestAuth } from '../logical/types.js';
import type { Logger } from '../log/types.js';
import { handleCreate, type EntityAliasResolver } from './token-create.js';
import { authBlock, lookupData, type TokenEntry } from './token-entry.js';
import { TokenRoleStore, type TokenRole } from './token-roles.js';
import { ROLE_NAME, tokenRolePaths } from './token-roles-paths.js';
import type { TokenStore } from './token-store.js';

export interface TokenBackendOptions {
  /**
   * Whether the caller holds root or `sudo` on `req.mountPoint + req.path` (Vault's
   * SudoPrivilege); the default grants it to the `root` policy only.
   */
  isSudo?: (req: LogicalRequest) => boolean | Promise<boolean>;
  /** When given, token creation warns about policies that do not exist. */
  policyExists?: (name: string) => Promise<boolean>;
  /**
   * create/<role> with `entity_alias`: the id of the entity of that alias on the token mount
   * (found or created, as Vault's CreateOrFetchEntity), or null. Without it such requests fail.
   */
  resolveEntityAlias?: EntityAliasResolver;
  /**
   * The entry a request was authenticated with, its use already counted (the request services
   * keep it on the RequestAuth they made): lookup-self answers from it instead of hashing the
   * token and reading its entry a second time. Without it, or for a RequestAuth it did not make
   * (undefined), lookup-self reads the entry.
   */
  authenticatedEntry?: (auth: RequestAuth) => TokenEntry | undefined;
  logger?: Logger;
}

/** Vault's PathsSpecial.Root of the token store. */
export const TOKEN_ROOT_PATHS = ['revoke-orphan/*', 'accessors*'] as const;

const TIDY_STARTED = "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";

/** Vault answers a lookup of an unknown token with 403 `bad token`. */
function badToken(): CoreError {
  return new CoreError('CORE_BAD_TOKEN');
}

function tokenField(req: LogicalRequest): string {
  const id = str(req.data, 'token');
  if (id === '') throw badRequest('missing token ID');
  return id;
}

/** handleLookup: the `token` field, else the caller's own token. */
function lookupToken(req: LogicalRequest): string {
  const id = str(req.data, 'token') || (req.auth?.clientToken ?? '');
  if (id === '') throw badRequest('missing token ID');
  return id;
}

function accessorField(req: LogicalRequest): string {
  const accessor = str(req.data, 'accessor');
  if (accessor === '') throw badRequest('missing accessor');
  return accessor;
}

export function createTokenBackend(store: TokenStore, opts: TokenBackendOptions = {}): Backend {
  const isSudo = async (req: LogicalRequest): Promise<boolean> =>
    opts.isSudo ? opts.isSudo(req) : (req.auth?.policies.includes('root') ?? false);

  const roles = new TokenRoleStore(store.rolesView);
  const createToken = async (req: LogicalRequest, orphanEndpoint: boolean, role?: TokenRole): Promise<LogicalResponse> =>
    handleCreate(req, {
      store,
      isSudo: await isSudo(req),
      orphanEndpoint,
      role,
      policyExists: opts.policyExists,
      resolveEntityAlias: opts.resolveEntityAlias,
    });
  const create = (orphanEndpoint: boolean): PathHandler => async (req) => createToken(req, orphanEndpoint);

  /** Vault's authRenew: a token made against a role renews under the role's current period and explicit max TTL. */
  const roleLimits = async (entry: TokenEntry): Promise<{ period: number; explicitMaxTtl: number } | undefined> => {
    if (!entry.role) return undefined;
    const role = await roles.get(entry.role);
    if (!role) {
      const name = JSON.stringify(entry.role);
      throw new CoreError('CORE_INTERNAL', `failed to renew entry: original token role ${name} could not be found, not renewing`);
    }
    return { period: role.token_period, explicitMaxTtl: role.token_explicit_max_ttl };
  };

  /** handleLookup: tainted entries (last use under way) are shown; unknown or expired are not. */
  const lookupEntry = async (entry: TokenEntry | null, id: string): Promise<LogicalResponse> => {
    if (!entry) throw badToken();
    return { data: lookupData(entry, id, store.now()) };
  };

  /** handleRenew: the token must be usable, then its lease is extended. */
  const renew = async (entry: TokenEntry | null, clientToken: string, req: LogicalRequest): Promise<LogicalResponse> => {
    if (!entry) throw badRequest('token not found');
    const increment = duration(req.data, 'increment');
    const { entry: renewed, ttl, warnings } = await store.renew(entry, increment, await roleLimits(entry));
    return {
      data: null,
      auth: authBlock(renewed, clientToken, ttl, renewed.lease?.renewable ?? false),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  };

  /** revokeCommon: an unknown token is not an error. */
  const revoke = async (entry: TokenEntry | null): Promise<LogicalResponse> => {
    if (entry) await store.revokeTree(entry.hash);
    return { noContent: true };
  };

  const selfToken = (req: LogicalRequest): string => {
    const token = req.auth?.clientToken ?? '';
    if (token === '') throw badRequest('missing token ID');
    return token;
  };

  /** The caller's own entry as lookup shows it (tainted included): the authenticated one when known. */
  const selfEntry = async (req: LogicalRequest): Promise<TokenEntry | null> => {
    const token = selfToken(req);
    return (req.auth && opts.authenticatedEntry?.(req.auth)) ?? store.lookup(token, { tainted: true });
  };

  return createPathBackend({
    type: 'token',
    help: 'The token auth method: create, look up, renew and revoke tokens, and manage token roles.',
    rootPaths: TOKEN_ROOT_PATHS,
    paths: [
      {
        pattern: /^accessors\/?$/,
        operations: { list: async () => ({ data: { keys: await store.listAccessors() } }) },
      },
      { pattern: /^create-orphan$/, synopsis: 'Create a token without a parent.', operations: { update: create(true) } },
      {
        pattern: new RegExp(`^create/${ROLE_NAME}$`),
        operations: {
          update: async (req, { role_name = '' }) => {
            const role = await roles.get(role_name);
            if (!role) throw badRequest(`unknown role ${role_name}`);
            return createToken(req, false, role);
          },
        },
      },
      { pattern: /^create$/, synopsis: "Create a token (child of the caller's token).", operations: { update: create(false) } },
      {
        pattern: /^lookup$/, synopsis: "Look up a token's properties.",
        operations: {
          read: async (req) => lookupEntry(await store.lookup(lookupToken(req), { tainted: true }), lookupToken(req)),
          update: async (req) => lookupEntry(await store.lookup(lookupToken(req), { tainted: true }), lookupToken(req)),
        },
      },
      {
        pattern: /^lookup-accessor$/,
        operations: {
          update: async (req) => {
            const hash = await store.accessorHash(accessorField(req));
            if (!hash) throw badRequest('invalid accessor');
            return lookupEntry(await store.lookupHash(hash, { tainted: true }), '');
          },
        },
      },
      {
        pattern: /^lookup-self$/, synopsis: "Look up the caller's own token.",
        operations: {
          read: async (req) => lookupEntry(await selfEntry(req), selfToken(req)),
          update: async (req) => lookupEntry(await selfEntry(req), selfToken(req)),
        },
      },
      {
        pattern: /^revoke-accessor$/,
        operations: {
          update: async (req) => {
            const hash = await store.accessorHash(accessorField(req));
            if (!hash) return { data: null, warnings: ['No token found with this accessor'] };
            const entry = await store.lookupHash(hash);
            if (!entry) throw badRequest('token not found');
            return revoke(entry);
          },
        },
      },
      { pattern: /^revoke-self$/, synopsis: "Revoke the caller's own token and its children.", operations: { update: async (req) => revoke(await store.lookup(selfToken(req))) } },
      { pattern: /^revoke$/, synopsis: 'Revoke a token and its children.', operations: { update: async (req) => revoke(await store.lookup(tokenField(req))) } },
      {
        pattern: /^revoke-orphan$/,
        operations: {
          update: async (req) => {
            const token = tokenField(req);
            if (!(await isSudo(req))) throw badRequest('root or sudo privileges required to revoke and orphan');
            const entry = await store.lookup(token);
            if (!entry) throw badRequest('token to revoke not found');
            await store.revokeOrphan(entry.hash);
            return { noContent: true };
          },
        },
      },
      {
        pattern: /^renew-accessor$/,
        operations: {
          update: async (req) => {
            const hash = await store.accessorHash(accessorField(req));
            if (!hash) throw badRequest('invalid accessor');
            return renew(await store.lookupHash(hash), '', req);
          },
        },
      },
      { pattern: /^renew-self$/, synopsis: "Renew the caller's own token.", operations: { update: async (req) => renew(await store.lookup(selfToken(req)), selfToken(req), req) } },
      {
        pattern: /^renew$/, synopsis: "Renew a token's lease.",
        operations: { update: async (req) => renew(await store.lookup(tokenField(req)), tokenField(req), req) },
      },
      ...tokenRolePaths(roles, () => store.defaults.maxTtl),
      {
        pattern: /^tidy$/,
        operations: {
          update: async () => {
            void store.reap().catch((err: unknown) =>
              opts.logger?.error('error running tidy', { error: err instanceof Error ? err.message : String(err) }),
            );
            return { data: null, warnings: [TIDY_STARTED], status: 202 };
          },
        },
      },
    ],
  });
}
