/**
 * What the pipeline needs of the services a request passes through (src/server/services.ts builds
 * them): routing, authentication, the ACL, logins, wrapping, token use counting and the audit broker.
 */
import type { AuditSink } from '../audit/broker.js';
import type { MountEntry } from '../logical/mount-table.js';
import type { Router } from '../logical/router.js';
import type { Backend, LoginAuth, LogicalResponse, Operation, RequestAuth, StorageView } from '../logical/types.js';

/** What a policy check answers (src/auth/acl.ts). */
export interface AclDecision {
  allowed: boolean;
  sudo: boolean;
  root: boolean;
}

/** The services a request passes through (src/server/services.ts). */
export interface RequestServices {
  /** Until the post-unseal setup is done. */
  readonly sealed: boolean;
  readonly router: Router;
  /** The backend mounted at `sys/`, reachable without the mount table for the paths it declares. */
  readonly system: { backend: Backend; storage: StorageView };
  /**
   * The caller's identity, or 403 `permission denied` (expired, revoked, unknown token, or used
   * from outside its bound CIDRs); 503 while sealed.
   */
  authenticate(token: string | undefined, remoteAddr?: string): Promise<RequestAuth>;
  /** The ACL's answer for `op` on `path` with the request's data (parameter constraints, wrapping TTL bounds apply). */
  check(auth: RequestAuth, path: string, op: Operation, data: Readonly<Record<string, unknown>>, wrapTtl?: number): Promise<AclDecision>;
  /** An auth method's login turned into a token: the response with `auth`. */
  login(mount: MountEntry, requestPath: string, login: LoginAuth): Promise<LogicalResponse>;
  /** Wrap an envelope in a single-use token; returns `wrap_info`. */
  wrap(envelope: Record<string, unknown>, ttl: number, creationPath: string, wrappedAccessor?: string): Promise<Record<string, unknown>>;
  /** Count one use of the token (num_uses). */
  use(auth: RequestAuth): Promise<void>;
  /** After the request, successful or not: a token on its last use is revoked. */
  finish(auth: RequestAuth | undefined): Promise<void>;
  /** The audit broker: every request behind the mount table is logged to it, failing closed. */
  readonly audit?: AuditSink;
}
