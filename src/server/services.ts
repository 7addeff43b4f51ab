import type { AuditBroker, AuditEntryKind } from '../audit/broker.js';
import { AuditTable } from '../audit/table.js';
import type { AuditDeviceFactory } from '../audit/types.js';
import { cidrsAllow } from '../auth/cidr.js';
import { issueLoginToken } from '../auth/login.js';
import type { Acl } from '../auth/acl.js';
import { PolicyStore } from '../auth/policy-store.js';
import { TokenLeases } from '../auth/token-leases.js';
import { ResponseWrapper } from '../auth/wrapping.js';
import { createIdentityBackend } from '../auth/identity/backend.js';
import { EntityStore } from '../auth/identity/entity-store.js';
import { routePath, type MountEntry } from '../logical/mount-table.js';
import { createTokenBackend } from '../auth/token-backend.js';
import type { TokenEntry, TokenStore } from '../auth/token-store.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { permissionDenied } from '../logical/errors.js';
import type { Core, UnsealedServices } from '../core/core.js';
import { MountManager } from '../logical/mounts.js';
import { PrefixView } from '../logical/storage-view.js';
import type {
  Backend,
  BackendFactory,
  LoginAuth,
  LogicalResponse,
  MountConfig,
  Operation,
  RequestAuth,
  StorageView,
} from '../logical/types.js';
import { destroyCubbyhole } from '../secrets/cubbyhole.js';
import { createSystemBackend } from '../secrets/system/backend.js';
import type { AclDecision, RequestServices } from '../http/pipeline.js';
import type { HACoordinator } from '../ha/coordinator.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { OperatorSources } from '../secrets/system/operator-paths.js';

export interface ServicesOptions {
  core: Core;
  tokens: TokenStore;
  logger: Logger;
  /** The logger of the HTTP layer (the system backend's operator paths log under it). */
  httpLogger: Logger;
  version: string;
  systemDefaults: MountConfig;
  factories: Readonly<Record<string, BackendFactory>>;
  /** Auth method types (`vault auth enable TYPE`). */
  authFactories?: Readonly<Record<string, BackendFactory>>;
  /** How often expired tokens are removed from storage. */
  reaperIntervalMs?: number;
  /** The HA standby loop in front of these services, when the storage is HA. */
  ha?: HACoordinator;
  /** Audit device types (`vault audit enable TYPE`). */
  auditFactories?: Readonly<Record<string, AuditDeviceFactory>>;
  /** Told of every audit entry no device could write (telemetry's counter). */
  onAuditFailure?: (kind: AuditEntryKind) => void;
  /** The server's metrics, for sys/metrics. */
  metrics?: Metrics;
  /** What the system backend's operator paths read (logger, config, in-flight requests). */
  operator?: OperatorSources;
}

interface AuthWithEntry extends RequestAuth {
  entry: TokenEntry;
}

/**
 * What the core's post-unseal setup brings up on top of the barrier: the mount table with its
 * backends, the policy store, and the request services (authentication, ACL, token use counting)
 * that every request passes. The system backend exists from the start: its operator paths answer
 * while sealed.
 */
export class Services implements RequestServices, UnsealedServices {
  readonly mounts: MountManager;
  readonly policies: PolicyStore;
  readonly identity: EntityStore;
  readonly leases: TokenLeases;
  readonly wrapper: ResponseWrapper;
  /** The audit device table (core/audit) and its broker. */
  readonly audits: AuditTable;
  /** `sys/`, reachable while sealed for the paths it declares (the mount table routes it once unsealed). */
  readonly system: { backend: Backend; storage: StorageView };
  readonly #opts: ServicesOptions;
  #open = false;

  constructor(opts: ServicesOptions) {
    this.#opts = opts;
    const root = new PrefixView(opts.core.barrier, '');
    this.policies = new PolicyStore(root);
    this.identity = new EntityStore(root, () => opts.tokens.now());
    this.leases = new TokenLeases(opts.tokens);
    this.wrapper = new ResponseWrapper(opts.tokens, () => {
      const cubby = this.mounts.router.get('cubbyhole/');
      if (!cubby) throw new CoreError('CORE_INTERNAL', 'no cubbyhole mount');
      return cubby.storage;
    });
    this.audits = new AuditTable({
      barrier: opts.core.barrier,
      logger: opts.logger,
      factories: opts.auditFactories ?? {},
      ...(opts.onAuditFailure ? { onFailure: opts.onAuditFailure } : {}),
    });
    let system: Backend | undefined;
    this.mounts = new MountManager({
      barrier: opts.core.barrier,
      logger: opts.logger,
      systemDefaults: opts.systemDefaults,
      factories: opts.factories,
      ...(opts.authFactories ? { authFactories: opts.authFactories } : {}),
      version: opts.version,
      onUnmount: (entry) => this.#onUnmount(entry),
      onRemount: (entry) => this.#onRemount(entry),
      special: {
        system: () => system!,
        identity: () =>
          createIdentityBackend({
            store: this.identity,
            mountByAccessor: (accessor) => {
              const e = this.mounts.list('auth').find((m) => m.accessor === accessor);
              return e ? { accessor: e.accessor, path: routePath(e), type: e.type } : undefined;
            },
          }),
        token: () =>
          createTokenBackend(opts.tokens, {
            logger: opts.logger.named('token'),
            policyExists: async (name) => (await this.policies.get(name)) !== null,
            authenticatedEntry: (auth) => (auth as Partial<AuthWithEntry>).entry,
            isSudo: async (req) => {
              if (!req.auth) return false;
              const acl = await this.#aclOf(req.auth);
              const r = acl.check(`${req.mountPoint}${req.path}`, req.operation);
              return r.sudo || r.root;
            },
          }),
      },
    });
    system = createSystemBackend({
      core: opts.core,
      mounts: this.mounts,
      policies: this.policies,
      tokenPolicies: (t) => this.#tokenPolicies(t),
      aclOf: (holder) => this.#aclOf(holder),
      aclFor: (auth) => this.#aclOf(auth),
      version: opts.version,
      logger: opts.httpLogger,
      ...(opts.ha ? { ha: opts.ha } : {}),
      leases: {
        leases: this.leases,
        now: () => opts.tokens.now(),
        tidy: () => void opts.tokens.reap().catch((err: unknown) => opts.logger.error('error running lease tidy', { error: String(err) })),
      },
      wrapper: this.wrapper,
      audits: this.audits,
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      ...(opts.operator ? { operator: opts.operator } : {}),
    });
    this.system = { backend: system, storage: new PrefixView(opts.core.barrier, 'sys/') };
  }

  get sealed(): boolean {
    return !this.#open;
  }

  get router() {
    return this.mounts.router;
  }

  get audit(): AuditBroker {
    return this.audits.broker;
  }

  async setup(): Promise<void> {
    await this.mounts.setup();
    await this.audits.setup();
    this.#opts.tokens.startReaper(this.#opts.reaperIntervalMs ?? 60_000);
    this.#open = true;
  }

  async teardown(): Promise<void> {
    this.#open = false;
    this.#opts.tokens.stopReaper();
    await this.audits.teardown();
    await this.mounts.teardown();
    this.policies.reset();
    this.identity.reset();
    this.#opts.tokens.reset();
  }

  async createRootToken(id?: string): Promise<string> {
    return (await this.#opts.tokens.createRoot(id)).token;
  }

  /** Revoking a token destroys its cubbyhole, as Vault does. */
  async onTokenRevoked(entry: TokenEntry): Promise<void> {
    const cubby = this.mounts.router.get('cubbyhole/');
    if (cubby) await destroyCubbyhole(cubby.storage, entry.hash);
  }

  async #tokenPolicies(token: string): Promise<{ policies: readonly string[]; entityId: string } | null> {
    const entry = await this.#opts.tokens.lookup(token);
    return entry ? { policies: entry.policies, entityId: entry.entity_id } : null;
  }

  async authenticate(token: string | undefined, remoteAddr?: string): Promise<RequestAuth> {
    if (!this.#open) throw new CoreError('BARRIER_SEALED');
    const entry = token ? await this.#opts.tokens.lookup(token) : null;
    if (!entry || !token) throw permissionDenied();
    // token_bound_cidrs: a token used from elsewhere is as good as no token (Vault: permission denied).
    if (entry.bound_cidrs && !cidrsAllow(entry.bound_cidrs, remoteAddr)) throw permissionDenied();
    // A disabled entity's tokens are refused (Vault's CheckToken).
    if (entry.entity_id && (await this.identity.view(entry.entity_id))?.disabled) throw permissionDenied();
    const auth: AuthWithEntry = {
      clientToken: token,
      accessor: entry.accessor,
      policies: entry.policies,
      displayName: entry.display_name,
      entityId: entry.entity_id,
      tokenHash: entry.hash,
      metadata: entry.meta,
      ttl: entry.ttl,
      creationTime: entry.creation_time,
      entry,
    };
    return auth;
  }

  async check(
    auth: RequestAuth,
    path: string,
    op: Operation,
    data: Readonly<Record<string, unknown>>,
    wrapTtl?: number,
  ): Promise<AclDecision> {
    const acl = await this.#aclOf(auth);
    const r = acl.check(path, op, { data, ...(wrapTtl !== undefined ? { wrapTtl } : {}) });
    return { allowed: r.allowed, sudo: r.sudo, root: r.root };
  }

  async use(auth: RequestAuth): Promise<void> {
    const entry = (auth as AuthWithEntry).entry;
    if (!entry || entry.num_uses === 0) return;
    const used = await this.#opts.tokens.use(entry);
    if (!used) throw permissionDenied();
    (auth as AuthWithEntry).entry = used;
  }

  /** A token's ACL: its policies and its entity's, templated rules filled from the entity (Vault's identity templating). */
  async #aclOf(auth: Pick<RequestAuth, 'policies' | 'entityId'>): Promise<Acl> {
    const entity = auth.entityId ? await this.identity.view(auth.entityId) : undefined;
    if (!entity) return this.policies.acl(auth.policies);
    // The entity's own policies apply to every token of it (Vault's identity policies).
    const names = entity.policies.length > 0 && !auth.policies.includes('root') ? [...auth.policies, ...entity.policies] : auth.policies;
    return this.policies.acl(names, entity.template);
  }

  async login(mount: MountEntry, requestPath: string, login: LoginAuth): Promise<LogicalResponse> {
    const { auth, warnings } = await issueLoginToken(
      { tokens: this.#opts.tokens, identity: this.identity, mount, systemDefaults: this.#opts.systemDefaults, requestPath },
      login,
    );
    return { data: null, auth, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  async wrap(envelope: Record<string, unknown>, ttl: number, creationPath: string, wrappedAccessor?: string): Promise<Record<string, unknown>> {
    return { ...(await this.wrapper.wrap(envelope, ttl, creationPath, wrappedAccessor)) };
  }

  /** Disabling a mount revokes every lease under it (its tokens, for an auth method) and, for an auth method, its aliases. */
  async #onUnmount(entry: MountEntry): Promise<void> {
    const revoked = await this.leases.revokePrefix(routePath(entry));
    if (revoked > 0) this.#opts.logger.info('revoked leases of the unmounted path', { path: routePath(entry), count: revoked });
    if (entry.table === 'auth') await this.identity.deleteAliasesOf(entry.accessor);
  }

  /** Moving a mount (sys/remount) revokes the leases under its old path, as Vault's remount does; aliases stay (same accessor). */
  async #onRemount(entry: MountEntry): Promise<void> {
    const revoked = await this.leases.revokePrefix(routePath(entry));
    if (revoked > 0) this.#opts.logger.info('revoked leases of the moved mount', { path: routePath(entry), count: revoked });
  }

  /** After the request: a token on its last use is revoked now. */
  async finish(auth: RequestAuth | undefined): Promise<void> {
    const entry = (auth as AuthWithEntry | undefined)?.entry;
    if (entry && entry.num_uses !== 0) await this.#opts.tokens.finishUse(entry);
  }
}
