/**
 * What the core does with an auth method's login (Vault's handleLoginRequest): the alias finds or
 * creates its entity, the mount's TTLs bound the role's, and an orphan service token is created
 * with the login path as its path, so its lease id is `auth/<mount>/login…/h<hash>`.
 */
import { permissionDenied, badRequest } from '../logical/errors.js';
import { routePath, type MountEntry } from '../logical/mount-table.js';
import type { LoginAuth, MountConfig, ResponseAuth } from '../logical/types.js';
import type { EntityStore } from './identity/entity-store.js';
import { authBlock, sanitizePolicies } from './token-entry.js';
import type { TokenStore } from './token-store.js';
import { calculateTtl } from './token-ttl.js';

export interface LoginContext {
  tokens: TokenStore;
  identity: EntityStore;
  /** The auth mount the login came through. */
  mount: MountEntry;
  systemDefaults: MountConfig;
  /** The full request path: `auth/userpass/login/alice`. */
  requestPath: string;
}

/** Vault: the mount path with `/` as `-`, then the method's display name: `userpass-alice`, `approle`. */
function loginDisplayName(mount: MountEntry, name: string): string {
  const source = mount.path.replace(/\//g, '-');
  return `${source}${name}`.replace(/-+$/, '');
}

export async function issueLoginToken(ctx: LoginContext, login: LoginAuth): Promise<{ auth: ResponseAuth; warnings: string[] }> {
  const { mount, tokens } = ctx;
  const policies = sanitizePolicies(login.policies, !login.noDefaultPolicy);
  if (policies.includes('root')) throw badRequest('auth methods cannot create root tokens');

  const entity = await ctx.identity.entityForLogin({ accessor: mount.accessor, path: routePath(mount), type: mount.type }, login.alias);
  if (entity.disabled) throw permissionDenied();

  const mountMax = mount.config.max_lease_ttl || ctx.systemDefaults.max_lease_ttl;
  const maxTtl = login.maxTtl > 0 ? Math.min(login.maxTtl, mountMax) : mountMax;
  const now = tokens.now();
  const { ttl, warnings } = calculateTtl(
    { defaultTtl: mount.config.default_lease_ttl || ctx.systemDefaults.default_lease_ttl, maxTtl },
    { increment: 0, backendTtl: login.ttl, period: login.period, explicitMaxTtl: login.explicitMaxTtl, startMs: now, nowMs: now },
  );
  const { token, entry } = await tokens.create({
    parent: '',
    policies,
    path: ctx.requestPath,
    displayName: loginDisplayName(mount, login.displayName),
    meta: Object.keys(login.metadata).length > 0 ? { ...login.metadata } : null,
    numUses: login.numUses,
    ttl,
    explicitMaxTtl: login.explicitMaxTtl,
    period: login.period,
    renewable: login.renewable,
    entityId: entity.id,
    maxTtl,
    ...(login.boundCidrs.length > 0 ? { boundCidrs: [...login.boundCidrs] } : {}),
  });
  const auth = authBlock(entry, token, ttl, login.renewable);
  // Vault's auth block: `policies` is the token's and the entity's together, `identity_policies` the entity's.
  if (entity.policies.length > 0) {
    auth.identity_policies = [...entity.policies];
    auth.policies = [...new Set([...auth.token_policies, ...entity.policies])].sort();
  }
  return { auth, warnings };
}
