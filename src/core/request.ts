import { randomUUID } from 'node:crypto';
import { CoreError } from '../errors.js';
import { permissionDenied } from '../logical/errors.js';
import { matchesSpecialPath } from '../logical/framework.js';
import type { Router } from '../logical/router.js';
import type { LogicalRequest, LogicalResponse, Operation, RequestAuth } from '../logical/types.js';
import { sealedError } from './barrier.js';

/** What a policy check answers (src/auth/acl.ts). */
export interface AclDecision {
  allowed: boolean;
  sudo: boolean;
  root: boolean;
}

/** The services a request passes through, provided by the core while unsealed. */
export interface RequestServices {
  sealed: boolean;
  router: Router;
  /** The caller's identity, or 403 `permission denied` (expired, revoked, unknown token). */
  authenticate(token: string | undefined): Promise<RequestAuth>;
  /** The ACL's answer for `op` on `path` with the request's data (parameter constraints apply). */
  check(auth: RequestAuth, path: string, op: Operation, data: Readonly<Record<string, unknown>>): Promise<AclDecision>;
  /** Count one use of the token (num_uses). */
  use(auth: RequestAuth): Promise<void>;
  /** After the request, successful or not: a token on its last use is revoked. */
  finish(auth: RequestAuth | undefined): Promise<void>;
}

export interface CoreRequest {
  operation: Exclude<Operation, 'create'>;
  /** Path after /v1/. */
  path: string;
  data: Record<string, unknown>;
  token: string | undefined;
  headers: LogicalRequest['headers'];
  id?: string;
}

export interface CoreResponse {
  response: LogicalResponse | null;
  mountType: string;
  requestId: string;
}

async function optionalAuth(services: RequestServices, token: string | undefined): Promise<RequestAuth | undefined> {
  if (!token) return undefined;
  return services.authenticate(token).catch(() => undefined);
}

/**
 * Vault's request path for everything behind the mount table: authenticate, route by longest
 * prefix, decide create vs update, check the ACL (and sudo on root paths), count the token use,
 * then hand the request to the backend.
 */
export async function handleRequest(services: RequestServices, r: CoreRequest): Promise<CoreResponse> {
  if (services.sealed) throw sealedError();
  const path = r.operation === 'list' && !r.path.endsWith('/') ? `${r.path}/` : r.path;
  const match = services.router.match(path);
  const unauthenticated = match ? matchesSpecialPath(match.mounted.backend.unauthenticatedPaths, match.rest) : false;
  // An unauthenticated path still learns who a valid token belongs to (Vault passes the token on).
  const auth = unauthenticated ? await optionalAuth(services, r.token) : await services.authenticate(r.token);
  if (!match) {
    throw new CoreError('CORE_NOT_FOUND', `no handler for route ${JSON.stringify(r.path)}. route entry not found.`);
  }
  const { mounted, mountPoint, rest } = match;
  const requestId = r.id ?? randomUUID();
  const req: LogicalRequest = {
    operation: r.operation,
    path: rest,
    mountPoint,
    data: r.data,
    storage: mounted.storage,
    auth,
    id: requestId,
    headers: r.headers,
  };
  if (req.operation === 'update') {
    const exists = await mounted.backend.existenceCheck?.(req);
    if (exists === false) req.operation = 'create';
  }
  if (auth && !unauthenticated) {
    const decision = await services.check(auth, path, req.operation, req.data);
    if (!decision.allowed) throw permissionDenied();
    if (matchesSpecialPath(mounted.backend.rootPaths, rest) && !decision.sudo && !decision.root) throw permissionDenied();
    await services.use(auth);
  }
  try {
    const response = await mounted.backend.handle(req);
    return { response, mountType: mounted.entry.type, requestId };
  } finally {
    if (!unauthenticated) await services.finish(auth);
  }
}
