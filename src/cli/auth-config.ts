/**
 * The parts of Vault's MountConfigInput that `vault auth enable` and `vault auth tune` set only
 * for flags given on the command line ([V] command/auth_enable.go, auth_tune.go: f.Visit); all
 * are omitempty, so an empty value is left out as Go leaves it out.
 */
import type { AuthConfigInput, UserLockoutConfigInput } from '../api/sys-auth.js';
import type { ParsedFlags } from './flags.js';
import { ttlToApi } from './go-duration.js';

/** The config fields Vault sets only for flags given on the command line (all omitempty). */
export function visitedConfig(f: ParsedFlags): Partial<AuthConfigInput> {
  const list = (name: string): string[] | undefined => (f.isSet(name) && f.list(name).length > 0 ? f.list(name) : undefined);
  const text = (name: string): string | undefined => (f.isSet(name) && f.string(name) !== '' ? f.string(name) : undefined);
  const fields: Partial<AuthConfigInput> = {
    audit_non_hmac_request_keys: list('audit-non-hmac-request-keys'),
    audit_non_hmac_response_keys: list('audit-non-hmac-response-keys'),
    listing_visibility: text('listing-visibility'),
    passthrough_request_headers: list('passthrough-request-headers'),
    allowed_response_headers: list('allowed-response-headers'),
    token_type: text('token-type'),
    plugin_version: text('plugin-version'),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

const LOCKOUT_FLAGS = [
  'user-lockout-threshold',
  'user-lockout-duration',
  'user-lockout-counter-reset-duration',
  'user-lockout-disable',
];

/** user_lockout_config, present when any -user-lockout-* flag was given. */
export function lockoutConfig(f: ParsedFlags): UserLockoutConfigInput | undefined {
  if (!LOCKOUT_FLAGS.some((name) => f.isSet(name))) return undefined;
  const config: UserLockoutConfigInput = {};
  if (f.isSet('user-lockout-threshold')) config.lockout_threshold = String(f.int('user-lockout-threshold'));
  const duration = ttlToApi(f.duration('user-lockout-duration'));
  if (f.isSet('user-lockout-duration') && duration !== '') config.lockout_duration = duration;
  const reset = ttlToApi(f.duration('user-lockout-counter-reset-duration'));
  if (f.isSet('user-lockout-counter-reset-duration') && reset !== '') config.lockout_counter_reset_duration = reset;
  if (f.isSet('user-lockout-disable')) config.lockout_disable = f.bool('user-lockout-disable');
  return config;
}

