/**
 * sys/audit ([V] api/sys_audit.go): list, enable and disable audit devices. EnableAuditOptions
 * is Vault's struct in its field order (the JSON body keeps it).
 */
import type { Sender } from './sender.js';

/** api.EnableAuditOptions. */
export interface EnableAuditOptions {
  type: string;
  description: string;
  options: Record<string, string>;
  local: boolean;
}

export const sysAudit = {
  /** GET sys/audit: the decoded answer (the CLI reads its `data` like ParseSecret). */
  listAudit(this: Sender): Promise<unknown> {
    return this.call('GET', 'sys/audit');
  },

  /** PUT sys/audit/<path>. */
  async enableAudit(this: Sender, path: string, options: EnableAuditOptions): Promise<void> {
    await this.call('PUT', `sys/audit/${path}`, options);
  },

  /** DELETE sys/audit/<path>. */
  async disableAudit(this: Sender, path: string): Promise<void> {
    await this.call('DELETE', `sys/audit/${path}`);
  },
};
