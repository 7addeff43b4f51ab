/** sys/mounts and sys/leases ([V] api/sys_mounts.go, api/sys_leases.go). */
import type { MountConfigInput, MountInput } from '../wire/index.js';
import type { Sender } from './sender.js';

export const sysMounts = {
  /** POST sys/mounts/<path> with Vault's MountInput. */
  async mount(this: Sender, path: string, input: MountInput): Promise<void> {
    await this.call('POST', `sys/mounts/${path}`, input);
  },

  /** DELETE sys/mounts/<path>. */
  async unmount(this: Sender, path: string): Promise<void> {
    await this.call('DELETE', `sys/mounts/${path}`);
  },

  /** GET sys/mounts: the decoded answer (the CLI reads its `data` like ParseSecret). */
  listMounts(this: Sender): Promise<unknown> {
    return this.call('GET', 'sys/mounts');
  },

  /** POST sys/mounts/<path>/tune with Vault's MountConfigInput. */
  async tuneMount(this: Sender, path: string, config: MountConfigInput): Promise<void> {
    await this.call('POST', `sys/mounts/${path}/tune`, config);
  },

  /** POST sys/remount ([V] api/sys_mounts.go StartRemount): the move's migration id. */
  async startRemount(this: Sender, from: string, to: string): Promise<string> {
    const res = await this.call<{ data?: { migration_id?: string } }>('POST', 'sys/remount', { from, to });
    return res?.data?.migration_id ?? '';
  },

  /** GET sys/remount/status/<id> ([V] RemountStatus): `in-progress`, `success` or `failure`. */
  async remountStatus(this: Sender, migrationId: string): Promise<string> {
    const res = await this.call<{ data?: { migration_info?: { status?: string } } }>('GET', `sys/remount/status/${migrationId}`);
    return res?.data?.migration_info?.status ?? '';
  },

  /** PUT sys/leases/revoke-prefix/<prefix>. */
  async revokePrefix(this: Sender, prefix: string): Promise<void> {
    await this.call('PUT', `sys/leases/revoke-prefix/${prefix}`);
  },
};
