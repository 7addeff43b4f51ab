import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core/core.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { permissionDenied } from '../logical/errors.js';
import { parseJsonBody, readBody } from './body.js';
import type { RequestContext, Route } from './context.js';
import { HttpError, respondError, respondJson, respondNoContent } from './errors.js';
import { handleLogical } from './logical.js';
import { ROUTES } from './router.js';

type Method = keyof Route['methods'];

function requestToken(req: IncomingMessage): string | undefined {
  const header = req.headers['x-vault-token'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return undefined;
}

/** Vault's routing rules: HTTP-layer sys paths first, then authentication, then the handler. */
async function dispatch(ctx: RequestContext, req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
  const route = ROUTES.get(ctx.path);
  if (!route) return handleLogical(ctx, req, ctx.core.services());
  const handler = route.methods[ctx.method as Method];
  if (!handler) {
    req.resume();
    throw new HttpError('HTTP_METHOD_NOT_ALLOWED', []);
  }
  if (!route.whileSealed && ctx.core.sealed) throw new CoreError('BARRIER_SEALED');
  if (route.unauthenticated) return handler(ctx);
  // Authenticated HTTP-layer paths take the same token and ACL checks as the mount table.
  const services = ctx.core.services();
  const auth = await services.authenticate(ctx.token);
  const operation = ctx.method === 'GET' || ctx.method === 'HEAD' ? 'read' : ctx.method === 'DELETE' ? 'delete' : 'update';
  const data = operation === 'update' ? await ctx.body() : Object.fromEntries(ctx.query);
  const decision = await services.check(auth, ctx.path, operation, data);
  if (!decision.allowed || (route.sudo && !decision.sudo && !decision.root)) throw permissionDenied();
  await services.use(auth);
  try {
    return await handler(ctx);
  } finally {
    await services.finish(auth);
  }
}

/** `..` as a path segment, literal or percent-encoded; URL parsing would silently resolve it. */
function hasParentReference(rawUrl: string): boolean {
  const path = rawUrl.split('?')[0]!;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    /* malformed escapes: judged on the raw text */
  }
  return [path, decoded].some((p) => p.split('/').some((seg) => seg === '..' || seg === '.'));
}

/** The request listener shared by every listener block. */
export function createRequestHandler(core: Core, logger: Logger) {
  const log = logger.named('http');
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (hasParentReference(req.url ?? '/')) {
      req.resume();
      respondJson(res, 400, { errors: ['path cannot contain parent references'] });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/v1/')) {
      req.resume();
      respondJson(res, 404, { errors: [] });
      return;
    }
    let parsed: Record<string, unknown> | undefined;
    const ctx: RequestContext = {
      method: req.method === 'POST' ? 'POST' : (req.method ?? 'GET'),
      path: url.pathname.slice('/v1/'.length).replace(/\/+$/, ''),
      rawPath: url.pathname.slice('/v1/'.length),
      query: url.searchParams,
      headers: req.headers,
      token: requestToken(req),
      core,
      log,
      async body() {
        parsed ??= parseJsonBody(await readBody(req));
        return parsed;
      },
    };
    dispatch(ctx, req).then(
      (reply) => {
        if (reply.status === 204) respondNoContent(res);
        else if (reply.body === undefined) {
          res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end();
        } else respondJson(res, reply.status, reply.body);
      },
      (err: unknown) => {
        const { status } = respondError(res, err);
        if (status >= 500 && status !== 503) {
          log.error('request failed', { method: ctx.method, path: ctx.path, error: (err as Error).message });
        }
      },
    );
  };
}
