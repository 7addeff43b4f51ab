import type { IncomingMessage } from 'node:http';
import { handleRequest, type CoreRequest, type RequestServices } from '../core/request.js';
import type { LogicalResponse } from '../logical/types.js';
import type { Reply, RequestContext } from './context.js';
import { HttpError } from './errors.js';

const MERGE_PATCH = 'application/merge-patch+json';

function operationOf(ctx: RequestContext): CoreRequest['operation'] {
  switch (ctx.method) {
    case 'GET':
      return /^(true|1)$/i.test(ctx.query.get('list') ?? '') ? 'list' : 'read';
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

/** Vault's response envelope. */
export function envelope(res: LogicalResponse, requestId: string, mountType: string): Record<string, unknown> {
  const data = res.data ?? null;
  return {
    ...(res.topLevel && data ? data : {}),
    request_id: requestId,
    lease_id: res.leaseId ?? '',
    renewable: res.renewable ?? false,
    lease_duration: res.leaseDuration ?? 0,
    data,
    wrap_info: null,
    warnings: res.warnings && res.warnings.length > 0 ? res.warnings : null,
    auth: res.auth ?? null,
    mount_type: mountType,
  };
}

/** Everything under /v1/ that is not an HTTP-layer sys path goes through the mount table. */
export async function handleLogical(ctx: RequestContext, req: IncomingMessage, services: RequestServices): Promise<Reply> {
  if (ctx.headers['x-vault-wrap-ttl'] !== undefined) {
    req.resume();
    throw new HttpError('CORE_INVALID_REQUEST', ['response wrapping (X-Vault-Wrap-TTL) is not supported by this server']);
  }
  const operation = operationOf(ctx);
  if (operation === 'patch') {
    const type = String(ctx.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== MERGE_PATCH) {
      req.resume();
      throw new HttpError('HTTP_UNSUPPORTED_MEDIA_TYPE', [`PATCH requires Content-Type of ${MERGE_PATCH}, provided ${type}`]);
    }
  }
  const data = operation === 'update' || operation === 'patch' ? await ctx.body() : queryData(ctx.query);
  const { response, requestId, mountType } = await handleRequest(services, {
    operation,
    path: ctx.rawPath,
    data,
    token: ctx.token,
    headers: ctx.headers,
  });
  if (!response) return { status: 404, body: { errors: [] } };
  const empty = !response.data && !response.auth && !(response.warnings && response.warnings.length > 0);
  if (response.noContent && empty && !response.status) return { status: 204 };
  return { status: response.status ?? 200, body: envelope(response, requestId, mountType) };
}
