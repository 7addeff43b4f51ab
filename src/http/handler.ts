import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/types.js';
import { parseJsonBody, readBody } from './body.js';
import type { RequestContext } from './context.js';
import { respondError, respondJson, respondNoContent, respondText } from './errors.js';
import { RequestDeadlines } from './deadlines.js';
import { parseRequestTarget } from './request-url.js';
import type { InFlightRequests } from './in-flight.js';
import type { Pipeline } from './pipeline.js';
import { writeStream } from './stream.js';
import type { UiSite } from './ui-site.js';

function requestToken(req: IncomingMessage): string | undefined {
  const header = req.headers['x-vault-token'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return undefined;
}

/** `..` as a path segment, literal or percent-encoded; URL parsing would silently resolve it. */
function hasParentReference(rawUrl: string): boolean {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  // A `.` or `..` segment needs a `.`, literal or escaped (`%2e`): a path with neither has none.
  if (!path.includes('.') && !path.includes('%')) return false;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    /* malformed escapes: judged on the raw text */
  }
  return [path, decoded].some((p) => p.split('/').some((seg) => seg === '..' || seg === '.'));
}

/** Whether a failure is the client's abort: the request stream errored with Node's ECONNRESET `aborted`. */
function clientAborted(req: IncomingMessage, err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' && (req.destroyed || req.socket.destroyed);
}

/** Answers a request before the pipeline when it returns true (an HA standby forwarding it). */
export type RequestIntercept = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/** What one listener block sets for its requests. */
export interface RequestLimits {
  /**
   * The listener's `max_request_duration` in ms (0 = none): a request still unanswered then gets
   * Vault's 500 `context deadline exceeded`, and whatever the pipeline answers later is dropped.
   */
  maxRequestDurationMs?: number;
}

const DEADLINE_EXCEEDED = { errors: ['context deadline exceeded'] };

/** The request listener of a listener block: parse, hand to the pipeline, respond. */
export function createRequestHandler(
  pipeline: Pick<Pipeline, 'handle' | 'help'>,
  logger: Logger,
  intercept?: RequestIntercept,
  inFlight?: InFlightRequests,
  limits: RequestLimits = {},
  ui?: UiSite,
) {
  const log = logger.named('http');
  const deadlineMs = limits.maxRequestDurationMs ?? 0;
  const deadlines = deadlineMs > 0 ? new RequestDeadlines(deadlineMs) : undefined;
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (inFlight) res.once('close', inFlight.add(req.method ?? '', req.url ?? '/', req.socket.remoteAddress ?? '', req.socket.remotePort));
    if (hasParentReference(req.url ?? '/')) {
      req.resume();
      respondJson(res, 400, { errors: ['path cannot contain parent references'] });
      return;
    }
    const url = parseRequestTarget(req.url ?? '/');
    if (!url.pathname.startsWith('/v1/')) {
      if (ui?.(req, res, url.pathname)) return;
      req.resume();
      respondJson(res, 404, { errors: [] });
      return;
    }
    const rawPath = url.pathname.slice('/v1/'.length);
    const path = rawPath.replace(/\/+$/, '');
    if (intercept?.(req, res, path)) return;
    let parsed: Record<string, unknown> | undefined;
    const ctx: RequestContext = {
      method: req.method === 'POST' ? 'POST' : (req.method ?? 'GET'),
      path,
      rawPath,
      query: url.query,
      headers: req.headers,
      token: requestToken(req),
      remoteAddr: req.socket.remoteAddress ?? '',
      async body() {
        parsed ??= parseJsonBody(await readBody(req));
        return parsed;
      },
    };
    // ?help=1 (any non-empty value), as Vault's wrapHelpHandler: the path's help, not the path.
    const reply = ctx.query.get('help') ? pipeline.help(ctx, req) : pipeline.handle(ctx, req);
    // Vault's context.WithTimeout(max_request_duration) around every request: 500 with Go's text.
    deadlines?.hold(res, () => {
      if (res.headersSent || res.destroyed) return;
      log.warn('request exceeded max_request_duration', { method: ctx.method, path: ctx.path, max_request_duration_ms: deadlineMs });
      respondJson(res, 500, DEADLINE_EXCEEDED);
    });
    reply.then(
      (reply) => {
        if (deadlines && !deadlines.release(res)) return;
        if (reply.stream) writeStream(res, reply.stream);
        else if (reply.status === 204) respondNoContent(res);
        else if (reply.contentType !== undefined && typeof reply.body === 'string') respondText(res, reply.status, reply.contentType, reply.body);
        else if (reply.body === undefined) {
          res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end();
        } else respondJson(res, reply.status, reply.body);
      },
      (err: unknown) => {
        if (deadlines && !deadlines.release(res)) return;
        // The client went away mid-request (Node's `aborted`): nothing to answer, nothing wrong here.
        if (clientAborted(req, err)) {
          log.debug('client aborted the request', { method: ctx.method, path: ctx.path });
          if (!res.destroyed) res.destroy();
          return;
        }
        const { status } = respondError(res, err);
        if (status >= 500 && status !== 503) {
          log.error('request failed', { method: ctx.method, path: ctx.path, error: (err as Error).message });
        }
      },
    );
  };
}
