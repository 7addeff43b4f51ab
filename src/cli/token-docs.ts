/**
 * Flag help of `vault token create` ([V] command/token_create.go), and the -accessor help
 * `vault token lookup` and `vault token renew` share (token_lookup.go, token_renew.go).
 */
import type { FlagDoc } from './help-flags.js';

export const ACCESSOR_DOC: FlagDoc = {
  name: 'accessor',
  example: '',
  default: 'false',
  usage:
    'Treat the argument as an accessor instead of a token. When this option is selected, ' +
    'the output will NOT include the token.',
};

const SUFFIX = 'This is specified as a numeric string with suffix like "30s" or "5m".';

export const TOKEN_CREATE_DOCS: readonly FlagDoc[] = [
  {
    name: 'display-name',
    example: 'string',
    usage:
      'Name to associate with this token. This is a non-sensitive value that can be used to help ' +
      'identify created secrets (e.g. prefixes).',
  },
  {
    name: 'entity-alias',
    example: 'string',
    usage:
      'Name of the entity alias to associate with during token creation. Only works in combination ' +
      'with -role argument and used entity alias must be listed in allowed_entity_aliases. If this ' +
      'has been specified, the entity will not be inherited from the parent.',
  },
  {
    name: 'explicit-max-ttl',
    example: 'duration',
    usage:
      'Explicit maximum lifetime for the token. Unlike normal TTLs, the maximum TTL is a hard limit ' +
      `and cannot be exceeded. ${SUFFIX}`,
  },
  {
    name: 'id',
    example: 'string',
    usage:
      'Value for the token. By default, this is an auto-generated string. Specifying this value ' +
      'requires sudo permissions.',
  },
  {
    name: 'metadata',
    example: 'key=value',
    usage:
      'Arbitrary key=value metadata to associate with the token. This metadata will show in the ' +
      'audit log when the token is used. This can be specified multiple times to add multiple ' +
      'pieces of metadata.',
  },
  {
    name: 'no-default-policy',
    example: '',
    default: 'false',
    usage: 'Detach the "default" policy from the policy set for this token.',
  },
  {
    name: 'orphan',
    example: '',
    default: 'false',
    usage:
      'Create the token with no parent. This prevents the token from being revoked when the token ' +
      'which created it expires. Setting this value requires root or sudo permissions.',
  },
  {
    name: 'period',
    example: 'duration',
    usage:
      'If specified, every renewal will use the given period. Periodic tokens do not expire ' +
      '(unless -explicit-max-ttl is also provided). Setting this value requires sudo permissions. ' +
      SUFFIX,
  },
  {
    name: 'policy',
    example: 'string',
    usage:
      'Name of a policy to associate with this token. This can be specified multiple times to ' +
      'attach multiple policies.',
  },
  {
    name: 'renewable',
    example: '',
    default: 'true',
    usage: "Allow the token to be renewed up to it's maximum TTL.",
  },
  {
    name: 'role',
    example: 'string',
    usage:
      'Name of the role to create the token against. Specifying -role may override other ' +
      'arguments. The locally authenticated Vault token must have permission for ' +
      '"auth/token/create/<role>".',
  },
  {
    name: 'ttl',
    example: 'duration',
    usage:
      'Initial TTL to associate with the token. Token renewals may be able to extend beyond this ' +
      `value, depending on the configured maximum TTLs. ${SUFFIX}`,
  },
  {
    name: 'type',
    example: 'string',
    default: 'service',
    usage: 'The type of token to create. Can be "service" or "batch".',
  },
  {
    name: 'use-limit',
    example: 'int',
    usage:
      'Number of times this token can be used. After the last use, the token is automatically ' +
      'revoked. By default, tokens can be used an unlimited number of times until their expiration.',
  },
];
