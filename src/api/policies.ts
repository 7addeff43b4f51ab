/** sys/policies/acl ([V] api/sys_policy.go). */
import { ApiResponseError } from './errors.js';
import type { Sender } from './sender.js';

export const policies = {
  /** LIST sys/policies/acl, sent as GET ?list=true like Vault's client. */
  listPolicies(this: Sender): Promise<unknown> {
    return this.call('GET', 'sys/policies/acl', undefined, { list: ['true'] });
  },

  /** GET sys/policies/acl/<name>: the rules, or "" when the server answers 404 (as Vault's client). */
  async getPolicy(this: Sender, name: string): Promise<unknown> {
    try {
      return await this.call('GET', `sys/policies/acl/${name}`);
    } catch (e) {
      if (e instanceof ApiResponseError && e.statusCode === 404) return undefined;
      throw e;
    }
  },

  /** PUT sys/policies/acl/<name> `{"policy": rules}`. */
  async putPolicy(this: Sender, name: string, rules: string): Promise<void> {
    await this.call('PUT', `sys/policies/acl/${name}`, { policy: rules });
  },

  /** DELETE sys/policies/acl/<name>. */
  async deletePolicy(this: Sender, name: string): Promise<void> {
    await this.call('DELETE', `sys/policies/acl/${name}`);
  },
};
