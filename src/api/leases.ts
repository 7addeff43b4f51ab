/** sys/leases ([V] api/sys_leases.go): lookup, renew and the revocations `vault lease` sends. */
import type { Sender } from './sender.js';

/** api.RevokeOptions. */
export interface RevokeOptions {
  leaseId: string;
  force: boolean;
  prefix: boolean;
  sync: boolean;
}

export const leases = {
  /** PUT sys/leases/lookup {"lease_id"}: the decoded answer. */
  leaseLookup(this: Sender, leaseId: string): Promise<unknown> {
    return this.call('PUT', 'sys/leases/lookup', { lease_id: leaseId });
  },

  /** PUT sys/leases/renew {"increment","lease_id"} (Go's map: keys sorted). */
  leaseRenew(this: Sender, leaseId: string, increment: number): Promise<unknown> {
    return this.call('PUT', 'sys/leases/renew', { increment, lease_id: leaseId });
  },

  /**
   * RevokeWithOptions: PUT sys/leases/revoke-force/<id> (no body) with force, else
   * revoke-prefix/<id> with -prefix, else revoke/<id>; both of those with {"sync": bool}.
   */
  async leaseRevoke(this: Sender, options: RevokeOptions): Promise<void> {
    const kind = options.force ? 'revoke-force' : options.prefix ? 'revoke-prefix' : 'revoke';
    const body = options.force ? undefined : { sync: options.sync };
    await this.call('PUT', `sys/leases/${kind}/${options.leaseId}`, body);
  },
};
