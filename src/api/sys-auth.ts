/**
 * sys/auth ([V] api/sys_auth.go): list, enable and disable auth methods, and tune one through
 * sys/mounts/auth/<path>/tune. EnableAuthOptions and AuthConfigInput are Vault's MountInput and
 * MountConfigInput, written here in Go's field order with its omitempty rules.
 */
import type { Sender } from './sender.js';

/** api.UserLockoutConfigInput (every field omitempty). */
export interface UserLockoutConfigInput {
  lockout_threshold?: string;
  lockout_duration?: string;
  lockout_counter_reset_duration?: string;
  lockout_disable?: boolean;
}

/** api.MountConfigInput as auth enable/tune send it; optional fields are Go's omitempty ones. */
export interface AuthConfigInput {
  options: Record<string, string> | null;
  default_lease_ttl: string;
  description?: string;
  max_lease_ttl: string;
  force_no_cache: boolean;
  audit_non_hmac_request_keys?: string[];
  audit_non_hmac_response_keys?: string[];
  listing_visibility?: string;
  passthrough_request_headers?: string[];
  allowed_response_headers?: string[];
  token_type?: string;
  plugin_version?: string;
  user_lockout_config?: UserLockoutConfigInput;
}

/** api.EnableAuthOptions (= MountInput). */
export interface EnableAuthOptions {
  type: string;
  description: string;
  config: AuthConfigInput;
  local: boolean;
  seal_wrap: boolean;
  external_entropy_access: boolean;
  options: Record<string, string> | null;
}

export const sysAuth = {
  /** GET sys/auth: the decoded answer (the CLI reads its `data` like ParseSecret). */
  listAuth(this: Sender): Promise<unknown> {
    return this.call('GET', 'sys/auth');
  },

  /** POST sys/auth/<path>. */
  async enableAuth(this: Sender, path: string, options: EnableAuthOptions): Promise<void> {
    await this.call('POST', `sys/auth/${path}`, options);
  },

  /** DELETE sys/auth/<path>. */
  async disableAuth(this: Sender, path: string): Promise<void> {
    await this.call('DELETE', `sys/auth/${path}`);
  },

  /** TuneMount("/auth/"+path): POST sys/mounts/auth/<path>/tune. */
  async tuneAuth(this: Sender, path: string, config: AuthConfigInput): Promise<void> {
    await this.call('POST', `sys/mounts/auth/${path}/tune`, config);
  },
};
