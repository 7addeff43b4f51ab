/** Flag help of `vault auth enable` and `vault auth tune` ([V] command/auth_enable.go, auth_tune.go). */
import type { FlagDoc } from './help-flags.js';

const many = (what: string): string => `${what} To specify multiple values, specify this flag multiple times.`;

const SHARED = {
  allowedResponseHeaders: {
    name: 'allowed-response-headers',
    example: 'string',
    usage: many('Response header value that plugins will be allowed to set.'),
  },
  auditRequest: {
    name: 'audit-non-hmac-request-keys',
    example: 'string',
    usage: many("Key that will not be HMAC'd by audit devices in the request data object."),
  },
  auditResponse: {
    name: 'audit-non-hmac-response-keys',
    example: 'string',
    usage: many("Key that will not be HMAC'd by audit devices in the response data object."),
  },
  listingVisibility: {
    name: 'listing-visibility',
    example: 'string',
    usage: 'Determines the visibility of the mount in the UI-specific listing endpoint.',
  },
  options: {
    name: 'options',
    example: 'key=value',
    usage: 'Key-value pair provided as key=value for the mount options. This can be specified multiple times.',
  },
  passthrough: {
    name: 'passthrough-request-headers',
    example: 'string',
    usage: many('Request header value that will be sent to the plugin.'),
  },
  tokenType: { name: 'token-type', example: 'string', usage: 'Sets a forced token type for the mount.' },
  version: {
    name: 'version',
    example: 'int',
    usage: 'Select the version of the auth method to run. Not supported by all auth methods.',
  },
} satisfies Record<string, FlagDoc>;

const ttl = (name: string, what: string, extra: string): FlagDoc => ({
  name,
  example: 'duration',
  usage: `The ${what} for this auth method. If unspecified, this defaults to the Vault server's globally configured ${what}${extra}.`,
});

const lockout = (name: string, example: string, what: string, setting = what): FlagDoc => ({
  name,
  example,
  usage:
    `The ${what} for this auth method. If unspecified, this defaults to the Vault server's ` +
    `globally configured ${setting}, or a previously configured value for the auth method.`,
});

export const AUTH_ENABLE_DOCS: readonly FlagDoc[] = [
  { name: 'description', example: 'string', usage: 'Human-friendly description for the purpose of this auth method.' },
  {
    name: 'path',
    example: 'string',
    usage:
      'Place where the auth method will be accessible. This must be unique across all auth methods. ' +
      'This defaults to the "type" of the auth method. The auth method will be accessible at "/auth/<path>".',
  },
  ttl('default-lease-ttl', 'default lease TTL', ''),
  ttl('max-lease-ttl', 'maximum lease TTL', ''),
  SHARED['auditRequest'],
  SHARED['auditResponse'],
  SHARED['listingVisibility'],
  SHARED['passthrough'],
  SHARED['allowedResponseHeaders'],
  {
    name: 'plugin-name',
    example: 'string',
    usage: "Name of the auth method plugin. This plugin name must already exist in the Vault server's plugin catalog.",
  },
  SHARED['options'],
  {
    name: 'local',
    example: '',
    default: 'false',
    usage: 'Mark the auth method as local-only. Local auth methods are not replicated nor removed by replication.',
  },
  { name: 'seal-wrap', example: '', default: 'false', usage: 'Enable seal wrapping of critical values in the secrets engine.' },
  {
    name: 'external-entropy-access',
    example: '',
    default: 'false',
    usage: "Enable auth method to access Vault's external entropy source.",
  },
  SHARED['tokenType'],
  SHARED['version'],
  { name: 'plugin-version', example: 'string', usage: 'Select the semantic version of the plugin to enable.' },
];

export const AUTH_TUNE_DOCS: readonly FlagDoc[] = [
  SHARED['auditRequest'],
  SHARED['auditResponse'],
  ttl('default-lease-ttl', 'default lease TTL', ', or a previously configured value for the auth method'),
  {
    name: 'description',
    example: 'string',
    usage: 'Human-friendly description of the this auth method. This overrides the current stored value, if any.',
  },
  SHARED['listingVisibility'],
  ttl('max-lease-ttl', 'maximum lease TTL', ', or a previously configured value for the auth method'),
  SHARED['passthrough'],
  SHARED['allowedResponseHeaders'],
  SHARED['options'],
  SHARED['tokenType'],
  SHARED['version'],
  lockout('user-lockout-threshold', 'uint', 'threshold for user lockout', 'user lockout threshold'),
  lockout('user-lockout-duration', 'duration', 'user lockout duration'),
  lockout('user-lockout-counter-reset-duration', 'duration', 'user lockout counter reset duration'),
  {
    name: 'user-lockout-disable',
    example: '',
    default: 'false',
    usage:
      "Disable user lockout for this auth method. If unspecified, this defaults to the Vault server's " +
      'globally configured user lockout disable, or a previously configured value for the auth method.',
  },
  {
    name: 'plugin-version',
    example: 'string',
    usage:
      'Select the semantic version of the plugin to run. The new version must be registered in the plugin ' +
      'catalog, and will not start running until the plugin is reloaded.',
  },
];
