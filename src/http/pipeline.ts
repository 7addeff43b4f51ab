/**
 * The one request pipeline, sys/ included: parse → route → seal check → authenticate → ACL →
 * audit → backend → audit → respond. Routing is by the mount table (longest prefix); the system backend's
 * HTTP-layer paths (sys/init, sys/unseal, sys/health …, which Vault serves from its http package)
 * are found by exact path in the table the backend declares, and reach the backend even while
 * sealed when it declares them sealed paths. Which paths need no token, which need sudo and which
 * answer while sealed is the backend's declaration (Vault's PathsSpecial), never the pipeline's.
 * Requests behind the mount table are audited (src/audit/request-entry.ts) as Vault audits them:
 * refused ones with their error, served ones before and after the backend, failing closed; the
 * HTTP-layer paths (sys/health, sys/unseal …) are not, as in Vault.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AuditTrail } from '../audit/request-entry.js';
import { sealedError } from '../core/barrier.js';
import { CoreError } from '../errors.js';
import { permissionDenied } from '../logical/errors.js';
import { matchesSpecialPath } from '../logical/framework.js';
import type { MountEntry } from '../logical/mount-table.js';
import type {
  Backend,
  HttpRequestView,
  LogicalRequest,
  Operation,
  RequestAuth,
  StorageView,
} from '../logical/types.js';
import type { Reply, RequestContext } from './context.js';
import { replyOf, wrappedEnvelope } from './envelope.js';
import { HttpError } from './errors.js';
import type { RequestServices } from './request-services.js';
import { serveHelp } from './help.js';
import { wrapTtlOf } from './wrap-ttl.js';

export type { AclDecision, RequestServices } from './request-services.js';

/** A routed request, ready for the ACL and the backend. */
interface Routed {
  backend: Backend;
  storage: StorageView;
  mountPoint: string;
  mountType: string;
  /** The mount's table entry (absent for the HTTP-layer sys paths). */
  entry?: MountEntry;
  /** The path inside the mount. */
  rest: string;
  /** The path the ACL is asked about. */
  aclPath: string;
  /** The request path without trailing slashes: a login token's path, a wrapping token's creation path. */
  requestPath: string;
  operation: Operation;
  data: Record<string, unknown>;
  auth: RequestAuth | undefined;
  /** The token was refused: the request is audited with this error, then answered with it. */
  authError?: unknown;
  unauthenticated: boolean;
  http?: HttpRequestView;
  remoteAddr: string;
  /** X-Vault-Wrap-TTL, seconds (0 = no wrapping). */
  wrapTtl: number;
}

/** An HTTP-layer path of the system backend, with its declarations read once. */
interface HttpLayerPath {
  methods: ReadonlySet<string>;
  unauthenticated: boolean;
  servedSealed: boolean;
}

const SYS = 'sys/';
const MERGE_PATCH = 'application/merge-patch+json';
const HTTP_LAYER_OPERATION: Readonly<Record<string, Operation>> = { GET: 'read', HEAD: 'read', PUT: 'update', POST: 'update', DELETE: 'delete' };
const NO_DATA: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function operationOf(ctx: RequestContext): Exclude<Operation, 'create'> {
  switch (ctx.method) {
    case 'GET':
      return /^(true|1)$/i.test(ctx.query.get('list') ?? '') ? 'list' : 'read';
    case 'LIST':
      return 'list';
    case 'PUT':
    case 'POST':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'PATCH':
      return 'patch';
    default:
      throw new HttpError('HTTP_METHOD_NOT_ALLOWED', []);
  }
}

/** Query parameters as request data, as Vault passes them for GET and DELETE. */
function queryData(query: URLSearchParams): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of query) if (k !== 'list') data[k] = v;
  return data;
}

export class Pipeline {
  readonly #services: RequestServices;
  readonly #system: Backend;
  readonly #systemStorage: StorageView;
  /** The system backend's HTTP-layer paths by full path (`sys/seal-status`), computed once. */
  readonly #httpPaths: ReadonlyMap<string, HttpLayerPath>;

  constructor(services: RequestServices) {
    this.#services = services;
    const system = (this.#system = services.system.backend);
    this.#systemStorage = services.system.storage;
    this.#httpPaths = new Map(
      [...(system.httpPaths ?? [])].map(([path, methods]) => [
        SYS + path,
        {
          methods,
          unauthenticated: matchesSpecialPath(system.unauthenticatedPaths, path),
          servedSealed: matchesSpecialPath(system.sealedPaths, path),
        },
      ]),
    );
  }

  /** Serve one request; errors are thrown for the listener to answer in Vault's error shape. */
  async handle(ctx: RequestContext, req: IncomingMessage): Promise<Reply> {
    const httpLayer = this.#httpPaths.get(ctx.path);
    const routed = httpLayer ? await this.#routeHttpLayer(ctx, req, httpLayer) : await this.#routeMounted(ctx, req);
    return this.#serve(routed, ctx.headers);
  }

  /** `?help=1`: the help of the backend owning the path (src/http/help.ts); the body is not read. */
  help(ctx: RequestContext, req: IncomingMessage): Promise<Reply> {
    req.resume();
    return serveHelp(this.#services, ctx);
  }

  /**
   * Everything behind the mount table: Vault's logical request. The body is read before the seal
   * check, the route is found before authentication (its backend says whether a token is needed),
   * and a path no mount claims is a 404 only for an authenticated caller.
   */
  async #routeMounted(ctx: RequestContext, req: IncomingMessage): Promise<Routed> {
    const wrapTtl = wrapTtlOf(ctx.headers['x-vault-wrap-ttl'], () => req.resume());
    const operation = operationOf(ctx);
    if (operation === 'patch') {
      const type = String(ctx.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== MERGE_PATCH) {
        req.resume();
        throw new HttpError('HTTP_UNSUPPORTED_MEDIA_TYPE', [`PATCH requires Content-Type of ${MERGE_PATCH}, provided ${type}`]);
      }
    }
    const data = operation === 'update' || operation === 'patch' ? await ctx.body() : queryData(ctx.query);
    const services = this.#services;
    if (services.sealed) throw sealedError();
    const path = operation === 'list' && !ctx.rawPath.endsWith('/') ? `${ctx.rawPath}/` : ctx.rawPath;
    const match = services.router.match(path);
    const unauthenticated = match ? matchesSpecialPath(match.mounted.backend.unauthenticatedPaths, match.rest) : false;
    // An unauthenticated path still learns who a valid token belongs to (Vault passes the token on).
    let authError: unknown;
    const auth = unauthenticated
      ? await this.#optionalAuth(ctx)
      : await services.authenticate(ctx.token, ctx.remoteAddr).catch((err: unknown) => {
          if (!match || !services.audit?.enabled) throw err;
          authError = err;
          return undefined;
        });
    if (!match) {
      throw new CoreError('CORE_NOT_FOUND', `no handler for route ${JSON.stringify(ctx.rawPath)}. route entry not found.`);
    }
    const { mounted, mountPoint, rest } = match;
    return {
      backend: mounted.backend,
      storage: mounted.storage,
      mountPoint,
      mountType: mounted.entry.type,
      entry: mounted.entry,
      rest,
      aclPath: path,
      requestPath: ctx.path,
      operation,
      data,
      auth,
      ...(authError !== undefined ? { authError } : {}),
      unauthenticated,
      remoteAddr: ctx.remoteAddr,
      wrapTtl,
    };
  }

  /**
   * The system backend's HTTP-layer paths, as Vault's http/sys_*.go handlers behave: a method the
   * path lacks is a 405 before anything else, the seal is checked unless the backend serves the path
   * while sealed, an unauthenticated path looks at no token, and the handler reads its own body.
   */
  async #routeHttpLayer(ctx: RequestContext, req: IncomingMessage, path: HttpLayerPath): Promise<Routed> {
    if (!path.methods.has(ctx.method)) {
      req.resume();
      throw new HttpError('HTTP_METHOD_NOT_ALLOWED', []);
    }
    if (this.#services.sealed && !path.servedSealed) throw sealedError();
    const { unauthenticated } = path;
    const backend = this.#system;
    const rest = ctx.path.slice(SYS.length);
    const auth = unauthenticated ? undefined : await this.#services.authenticate(ctx.token, ctx.remoteAddr);
    const operation = HTTP_LAYER_OPERATION[ctx.method]!;
    const data = unauthenticated ? NO_DATA : operation === 'update' ? await ctx.body() : Object.fromEntries(ctx.query);
    return {
      backend,
      storage: this.#systemStorage,
      mountPoint: SYS,
      mountType: backend.type,
      rest,
      aclPath: ctx.path,
      requestPath: ctx.path,
      operation,
      data,
      auth,
      unauthenticated,
      http: { method: ctx.method, query: ctx.query, body: ctx.body },
      remoteAddr: ctx.remoteAddr,
      wrapTtl: 0,
    };
  }

  async #optionalAuth(ctx: RequestContext): Promise<RequestAuth | undefined> {
    if (!ctx.token) return undefined;
    return this.#services.authenticate(ctx.token, ctx.remoteAddr).catch(() => undefined);
  }

  /** Create vs update, the ACL (and sudo on the backend's root paths), the token's use, the backend. */
  async #serve(r: Routed, headers: LogicalRequest['headers']): Promise<Reply> {
    const services = this.#services;
    const requestId = randomUUID();
    const req: LogicalRequest = {
      operation: r.operation,
      path: r.rest,
      mountPoint: r.mountPoint,
      data: r.data,
      storage: r.storage,
      auth: r.auth,
      id: requestId,
      headers,
      http: r.http,
      remoteAddr: r.remoteAddr,
      mountAccessor: r.entry?.accessor,
      wrapTtl: r.wrapTtl || undefined,
    };
    const { auth, unauthenticated } = r;
    const audit = r.http ? undefined : services.audit;
    const trail = audit?.enabled ? new AuditTrail(audit, { req, mountType: r.mountType, auth }) : undefined;
    if (r.authError !== undefined) {
      await trail?.request(r.authError);
      throw r.authError;
    }
    if (req.operation === 'update') {
      const exists = await r.backend.existenceCheck?.(req);
      if (exists === false) req.operation = 'create';
    }
    const checked = auth && !unauthenticated;
    if (checked) {
      const decision = await services.check(auth, r.aclPath, req.operation, req.data, r.wrapTtl || undefined);
      const sudoMissing = matchesSpecialPath(r.backend.rootPaths, r.rest) && !decision.sudo && !decision.root;
      if (!decision.allowed || sudoMissing) {
        const denied = permissionDenied();
        await trail?.request(denied);
        throw denied;
      }
    }
    // The request entry is written before anything of the request is applied; none written, nothing runs.
    await trail?.request();
    if (checked) await services.use(auth);
    try {
      let response = await r.backend.handle(req);
      // Only an auth method may mint tokens: a login answer from anything else is not honoured.
      if (response?.login) {
        if (r.entry?.table !== 'auth') throw new CoreError('CORE_INTERNAL', 'login response from a mount that is not an auth method');
        response = await services.login(r.entry, r.requestPath, response.login);
      }
      const reply = replyOf(response, requestId, r.mountType);
      if (r.wrapTtl > 0 && reply.status === 200 && response && !response.raw && (response.data || response.auth)) {
        const wrapped = await services.wrap(reply.body as Record<string, unknown>, r.wrapTtl, r.requestPath, response.auth?.accessor);
        await trail?.response(response, wrapped);
        return { status: 200, body: wrappedEnvelope(requestId, wrapped) };
      }
      await trail?.response(response);
      return reply;
    } catch (err) {
      // The response entry carries the error the client sees; if it cannot be written, a 500 instead.
      await trail?.failed(err);
      throw err;
    } finally {
      if (!unauthenticated) await services.finish(auth);
    }
  }
}
