import { PolicyStore } from '../auth/policy-store.js';
import { createTokenBackend } from '../auth/token-backend.js';
import type { TokenEntry, TokenStore } from '../auth/token-store.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { permissionDenied } from '../logical/errors.js';
import type { Core, UnsealedServices } from '../core/core.js';
import { MountManager } from '../logical/mounts.js';
import { PrefixView } from '../logical/storage-view.js';
import type { Backend, BackendFactory, MountConfig, Operation, RequestAuth, StorageView } from '../logical/types.js';
import { destroyCubbyhole } from '../secrets/cubbyhole.js';
import { createSystemBackend } from '../secrets/system/backend.js';
import type { AclDecision, RequestServices } from '../http/pipeline.js';
import type { HACoordinator } from '../ha/coordinator.js';

export interface ServicesOptions {
  core: Core;
  tokens: TokenStore;
  logger: Logger;
  /** The logger of the HTTP layer (the system backend's operator paths log under it). */
  httpLogger: Logger;
  version: string;
  systemDefaults: MountConfig;
  factories: Readonly<Record<string, BackendFactory>>;
  /** How often expired tokens are removed from storage. */
  reaperIntervalMs?: number;
  /** The HA standby loop in front of these services, when the storage is HA. */
  ha?: HACoordinator;
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
  /** `sys/`, reachable while sealed for the paths it declares (the mount table routes it once unsealed). */
  readonly system: { backend: Backend; storage: StorageView };
  readonly #opts: ServicesOptions;
  #open = false;

  constructor(opts: ServicesOptions) {
    this.#opts = opts;
    this.policies = new PolicyStore(new PrefixView(opts.core.barrier, ''));
    let system: Backend | undefined;
    this.mounts = new MountManager({
      barrier: opts.core.barrier,
      logger: opts.logger,
      systemDefaults: opts.systemDefaults,
      factories: opts.factories,
      version: opts.version,
      special: {
        system: () => system!,
        token: () =>
          createTokenBackend(opts.tokens, {
            logger: opts.logger.named('token'),
            policyExists: async (name) => (await this.policies.get(name)) !== null,
            isSudo: async (req) => {
              if (!req.auth) return false;
              const acl = await this.policies.acl(req.auth.policies);
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
      aclFor: (auth) => this.policies.acl(auth.policies),
      version: opts.version,
      logger: opts.httpLogger,
      ...(opts.ha ? { ha: opts.ha } : {}),
    });
    this.system = { backend: system, storage: new PrefixView(opts.core.barrier, 'sys/') };
  }

  get sealed(): boolean {
    return !this.#open;
  }

  get router() {
    return this.mounts.router;
  }

  async setup(): Promise<void> {
    await this.mounts.setup();
    this.#opts.tokens.startReaper(this.#opts.reaperIntervalMs ?? 60_000);
    this.#open = true;
  }

  async teardown(): Promise<void> {
    this.#open = false;
    this.#opts.tokens.stopReaper();
    await this.mounts.teardown();
    this.policies.reset();
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

  async #tokenPolicies(token: string): Promise<readonly string[] | null> {
    return (await this.#opts.tokens.lookup(token))?.policies ?? null;
  }

  async authenticate(token: string | undefined): Promise<RequestAuth> {
    if (!this.#open) throw new CoreError('BARRIER_SEALED');
    const entry = token ? await this.#opts.tokens.lookup(token) : null;
    if (!entry || !token) throw permissionDenied();
    const auth: AuthWithEntry = {
      clientToken: token,
      accessor: entry.accessor,
      policies: entry.policies,
      displayName: entry.display_name,
      entityId: '',
      tokenHash: entry.hash,
      entry,
    };
    return auth;
  }

  async check(auth: RequestAuth, path: string, op: Operation, data: Readonly<Record<string, unknown>>): Promise<AclDecision> {
    const acl = await this.policies.acl(auth.policies);
    const r = acl.check(path, op, { data });
    return { allowed: r.allowed, sudo: r.sudo, root: r.root };
  }

  async use(auth: RequestAuth): Promise<void> {
    const entry = (auth as AuthWithEntry).entry;
    if (!entry || entry.num_uses === 0) return;
    const used = await this.#opts.tokens.use(entry);
    if (!used) throw permissionDenied();
    (auth as AuthWithEntry).entry = used;
  }

  /** After the request: a token on its last use is revoked now. */
  async finish(auth: RequestAuth | undefined): Promise<void> {
    const entry = (auth as AuthWithEntry | undefined)?.entry;
    if (entry && entry.num_uses !== 0) await this.#opts.tokens.finishUse(entry);
  }
}
