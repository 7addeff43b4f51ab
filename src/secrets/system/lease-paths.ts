/**
 * sys/leases (and the legacy sys/renew, sys/revoke, sys/revoke-prefix): Vault's lease lookup,
 * listing, renewal, revocation by id, by prefix and by force. tsvault's leases are its tokens'
 * (src/auth/token-leases.ts); renewing one here is Vault's refusal, as tokens renew through
 * auth/token/renew*. Listing and prefix revocation need sudo: they are in SYSTEM_ROOT_PATHS.
 */
import { leaseData, type TokenLeases } from '../../auth/token-leases.js';
import { badRequest } from '../../logical/errors.js';
import { bool, str } from '../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';

const TIDY_STARTED = "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";

function leaseIdOf(req: LogicalRequest, url: string | undefined): string {
  const id = str(req.data, 'lease_id') || (url ?? '');
  if (id === '') throw badRequest('lease_id must be specified');
  return id;
}

/** Revocation answers 204 when synchronous (the default), 202 when asked not to wait. */
function revoked(req: LogicalRequest): LogicalResponse {
  return bool(req.data, 'sync', true) ? { noContent: true } : { raw: { status: 202 } };
}

/** `tidy` starts the removal of expired tokens (the reaper's pass) without waiting for it. */
export function leasePaths(leases: TokenLeases, now: () => number, tidy: () => void): PathSpec[] {
  const lookup = async (req: LogicalRequest): Promise<LogicalResponse> => {
    const id = leaseIdOf(req, undefined);
    const entry = await leases.find(id);
    if (!entry) throw badRequest('invalid lease');
    return { data: leaseData(entry, id, now()) };
  };
  const renew = async (req: LogicalRequest, p: Record<string, string>): Promise<LogicalResponse> => {
    const id = leaseIdOf(req, p.id);
    if (!(await leases.find(id))) throw badRequest('lease not found');
    throw badRequest('tokens cannot be renewed through this endpoint');
  };
  const revoke = async (req: LogicalRequest, p: Record<string, string>): Promise<LogicalResponse> => {
    await leases.revoke(leaseIdOf(req, p.id));
    return revoked(req);
  };
  const revokePrefix = (force: boolean) => async (req: LogicalRequest, p: Record<string, string>): Promise<LogicalResponse> => {
    await leases.revokePrefix(p.prefix ?? '');
    return force ? { noContent: true } : revoked(req);
  };
  return [
    { pattern: /^leases\/lookup$/, operations: { update: lookup } },
    {
      pattern: /^leases\/lookup\/(?<prefix>.*)$/,
      operations: {
        list: async (_req, p) => {
          const keys = await leases.list(p.prefix ?? '');
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
    },
    { pattern: /^(?:leases\/)?renew(?:\/(?<id>.+))?$/, operations: { update: renew } },
    { pattern: /^(?:leases\/)?revoke(?:\/(?<id>.+))?$/, operations: { update: revoke } },
    { pattern: /^(?:leases\/)?revoke-prefix\/(?<prefix>.+)$/, operations: { update: revokePrefix(false) } },
    { pattern: /^(?:leases\/)?revoke-force\/(?<prefix>.+)$/, operations: { update: revokePrefix(true) } },
    {
      pattern: /^leases\/tidy$/,
      operations: {
        update: async () => {
          tidy();
          return { data: null, warnings: [TIDY_STARTED], status: 202 };
        },
      },
    },
  ];
}
