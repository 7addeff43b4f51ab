/**
 * `GET /v1/<path>?help=1` (`vault path-help`), as Vault's handleHelp: the caller needs a valid token
 * but no capability on the path (help is always allowed by the ACL), the seal must be open, and the
 * answer is the backend's help data as-is: `{"help": "...", "openapi": {...}}`.
 */
import { sealedError } from '../core/barrier.js';
import { CoreError } from '../errors.js';
import { unsupportedPath } from '../logical/errors.js';
import { pathHelp } from '../logical/path-help.js';
import { VERSION } from '../version.js';
import type { Reply, RequestContext } from './context.js';
import type { RequestServices } from './pipeline.js';

export async function serveHelp(services: Pick<RequestServices, 'sealed' | 'router' | 'authenticate'>, ctx: RequestContext): Promise<Reply> {
  if (services.sealed) throw sealedError();
  await services.authenticate(ctx.token, ctx.remoteAddr);
  const match = services.router.match(ctx.rawPath);
  if (!match) throw new CoreError('CORE_NOT_FOUND', `no handler for route ${JSON.stringify(ctx.rawPath)}. route entry not found.`);
  const docs = match.mounted.backend.docs;
  const help = docs ? pathHelp(docs, match.mountPoint, match.rest, VERSION) : undefined;
  if (!help) throw unsupportedPath();
  return { status: 200, body: help };
}
