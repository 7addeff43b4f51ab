/** auth/token/* ([V] api/auth_token.go). */
import type { SecretResponse, TokenCreateRequest } from '../wire/index.js';
import type { Sender } from './sender.js';

export const tokens = {
  lookupSelf(this: Sender): Promise<SecretResponse> {
    return this.call('GET', 'auth/token/lookup-self');
  },

  /** POST auth/token/create (or create/<role>) with Vault's TokenCreateRequest. */
  tokenCreate(this: Sender, request: TokenCreateRequest, role?: string): Promise<unknown> {
    return this.call('POST', role ? `auth/token/create/${role}` : 'auth/token/create', request);
  },

  /** POST auth/token/lookup. */
  tokenLookup(this: Sender, token: string): Promise<unknown> {
    return this.call('POST', 'auth/token/lookup', { token });
  },

  /** POST auth/token/lookup-accessor. */
  tokenLookupAccessor(this: Sender, accessor: string): Promise<unknown> {
    return this.call('POST', 'auth/token/lookup-accessor', { accessor });
  },

  /** PUT auth/token/renew. */
  tokenRenew(this: Sender, token: string, increment: number): Promise<unknown> {
    return this.call('PUT', 'auth/token/renew', { token, increment });
  },

  /** PUT auth/token/renew-self. */
  tokenRenewSelf(this: Sender, increment: number): Promise<unknown> {
    return this.call('PUT', 'auth/token/renew-self', { increment });
  },

  /** POST auth/token/renew-accessor. */
  tokenRenewAccessor(this: Sender, accessor: string, increment: number): Promise<unknown> {
    return this.call('POST', 'auth/token/renew-accessor', { accessor, increment });
  },

  /** PUT auth/token/revoke: the token and its children. */
  async tokenRevoke(this: Sender, token: string): Promise<void> {
    await this.call('PUT', 'auth/token/revoke', { token });
  },

  /** PUT auth/token/revoke-orphan: only the token. */
  async tokenRevokeOrphan(this: Sender, token: string): Promise<void> {
    await this.call('PUT', 'auth/token/revoke-orphan', { token });
  },

  /** PUT auth/token/revoke-self. */
  async tokenRevokeSelf(this: Sender): Promise<void> {
    await this.call('PUT', 'auth/token/revoke-self');
  },

  /** POST auth/token/revoke-accessor. */
  async tokenRevokeAccessor(this: Sender, accessor: string): Promise<void> {
    await this.call('POST', 'auth/token/revoke-accessor', { accessor });
  },
};
