import { randomUUID } from 'node:crypto';

/**
 * Vault's logical response envelope. Sys-backend responses also repeat the data fields at the
 * top level, as Vault does for compatibility with old clients.
 */
export function logicalResponse(data: Record<string, unknown>, opts: { topLevelCopy?: boolean } = {}): Record<string, unknown> {
  return {
    ...(opts.topLevelCopy ? data : {}),
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth: null,
  };
}
