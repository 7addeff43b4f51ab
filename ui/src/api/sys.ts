/**
 * sys/ and auth/ calls of the first pages, typed with the server's own wire shapes (src/wire: a
 * type-only import, nothing of the server ships in the bundle). Later pages add their own modules
 * beside this one (api/kv.ts, api/transit.ts, api/policies.ts) over the same ApiClient.
 */
import type { InitRequest, InitResponse } from '../../../src/wire/init.js';
import type { AutoUnsealStatus, LeaderResponse, SealStatusResponse } from '../../../src/wire/seal.js';
import type { ApiClient } from './client.js';

export type { AutoUnsealStatus, InitRequest, InitResponse, LeaderResponse, SealStatusResponse };

/**
 * GET sys/seal-backend-status (src/seal/seal-health.ts); `auto_unseal` is tsvault's own field, the
 * auto seal's start-up loop (src/seal/auto-unseal.ts), absent under Shamir and from other servers.
 */
export interface SealBackendStatus {
  healthy: boolean;
  unhealthy_since?: string;
  backends?: { name: string; healthy: boolean; unhealthy_since?: string }[];
  auto_unseal?: AutoUnsealStatus;
}

/** The `auth` block of a login answer. */
export interface LoginAuth {
  client_token: string;
  policies?: string[];
  token_policies?: string[];
}

export interface TokenSelf {
  policies?: string[];
  display_name?: string;
  ttl?: number;
}

export interface UiMount {
  type: string;
  description?: string;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the server sent no answer for ${what}`);
  return value;
}

export const sys = {
  async sealStatus(api: ApiClient): Promise<SealStatusResponse> {
    return must(await api.get<SealStatusResponse>('sys/seal-status', { anonymous: true }), 'sys/seal-status');
  },
  async init(api: ApiClient, body: InitRequest): Promise<InitResponse> {
    return must(await api.put<InitResponse>('sys/init', body, { anonymous: true }), 'sys/init');
  },
  async unseal(api: ApiClient, key: string, migrate: boolean): Promise<SealStatusResponse> {
    const body = migrate ? { key, migrate: true } : { key };
    return must(await api.put<SealStatusResponse>('sys/unseal', body, { anonymous: true }), 'sys/unseal');
  },
  async unsealReset(api: ApiClient): Promise<SealStatusResponse> {
    return must(await api.put<SealStatusResponse>('sys/unseal', { reset: true }, { anonymous: true }), 'sys/unseal');
  },
  async seal(api: ApiClient): Promise<void> {
    await api.put('sys/seal');
  },
  async sealBackendStatus(api: ApiClient): Promise<SealBackendStatus> {
    return must(await api.get<SealBackendStatus>('sys/seal-backend-status'), 'sys/seal-backend-status');
  },
  async leader(api: ApiClient): Promise<LeaderResponse> {
    return must(await api.get<LeaderResponse>('sys/leader', { anonymous: true }), 'sys/leader');
  },
  /** Auth mounts the server lets an anonymous caller see (listing_visibility = "unauth"). */
  async visibleAuthMounts(api: ApiClient): Promise<Record<string, UiMount>> {
    const res = await api.get<{ data?: { auth?: Record<string, UiMount> } }>('sys/internal/ui/mounts', { anonymous: true });
    return res?.data?.auth ?? {};
  },
};

export const auth = {
  async lookupSelf(api: ApiClient, token?: string): Promise<TokenSelf> {
    const res = await api.get<{ data: TokenSelf }>('auth/token/lookup-self', token ? { token } : {});
    return must(res, 'auth/token/lookup-self').data;
  },
  async userpass(api: ApiClient, mount: string, username: string, password: string): Promise<LoginAuth> {
    const res = await api.post<{ auth: LoginAuth }>(`auth/${mount}/login/${encodeURIComponent(username)}`, { password }, { anonymous: true });
    return must(res, 'the login').auth;
  },
  async approle(api: ApiClient, mount: string, roleId: string, secretId: string): Promise<LoginAuth> {
    const body = secretId ? { role_id: roleId, secret_id: secretId } : { role_id: roleId };
    const res = await api.post<{ auth: LoginAuth }>(`auth/${mount}/login`, body, { anonymous: true });
    return must(res, 'the login').auth;
  },
};
