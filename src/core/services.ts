import { policyPaths } from '../auth/policy-paths.js';
import { PolicyStore } from '../auth/policy-store.js';
import { createTokenBackend } from '../auth/token-backend.js';
import type { TokenEntry, TokenStore } from '../auth/token-store.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { permissionDenied } from '../logical/errors.js';
import { createPathBackend } from '../logical/framework.js';
import { PrefixView } from '../logical/storage-view.js';
import type { BackendFactory, MountConfig, Operation, RequestAuth } from '../logical/types.js';
import { destroyCubbyhole } from '../secrets/cubbyhole.js';
import { mountPaths } from '../secrets/system/mount-paths.js';
import { SYSTEM_ROOT_PATHS } from '../secrets/system/root-paths.js';
import { UI_MOUNT_UNAUTHENTICATED_PATHS, uiMountPaths } from '../secrets/system/ui-mount-paths.js';
import type { Barrier } from './barrier.js';
import { MountManager } from './mounts.js';
import type { AclDecision, RequestServices } from './request.js';

export interface ServicesOptions {
  barrier: Barrier;
  tokens: TokenStore;
  logger: Logger;
  version: string;
  systemDefaults: MountConfig;
  factories: Readonly<Record<string, BackendFactory>>;
  /** How often expired tokens are removed from storage. */
  reaperIntervalMs?: number;
}

interface AuthWithEntry extends RequestAuth {
  entry: TokenEntry;
}

/**
 * What exists only while unsealed: the mount table with its backends, the policy store, and the
 * request services (authentication, ACL, token use counting) that every logical request passes.
 */
export class Services implements RequestServices {
  readonly mounts: MountManager;
  readonly policies: PolicyStore;
  readonly #opts: ServicesOptions;
  #open = false;

  constructor(opts: ServicesOptions) {
    this.#opts = opts;
    this.policies = new PolicyStore(new PrefixView(opts.barrier, ''));
    this.mounts = new MountManager({
      barrier: opts.barrier,
      logger: opts.logger,
      systemDefaults: opts.systemDefaults,
      factories: opts.factories,
      version: opts.version,
      special: {
        system: () =>
          createPathBackend({
            type: 'system',
            paths: [
              ...mountPaths(this.mounts, opts.version),
              ...uiMountPaths(this.mounts, opts.version, (auth) => this.policies.acl(auth.policies)),
              ...policyPaths(this.policies, { tokenPolicies: (t) => this.#tokenPolicies(t) }),
            ],
            unauthenticatedPaths: UI_MOUNT_UNAUTHENTICATED_PATHS,
            rootPaths: SYSTEM_ROOT_PATHS,
          }),
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
