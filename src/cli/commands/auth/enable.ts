/**
 * `vault auth enable [options] TYPE` ([V] command/auth_enable.go): POST sys/auth/<path> with
 * Vault's EnableAuthOptions; the path defaults to the type. The optional config fields go out
 * only when their flag was given. `Success! Enabled userpass auth method at: userpass/`.
 */
import type { EnableAuthOptions } from '../../../api/sys-auth.js';
import { visitedConfig } from '../../auth-config.js';
import { AUTH_ENABLE_DOCS } from '../../auth-docs.js';
import { exactArgs, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { goDurationString } from '../../go-duration.js';
import { ensureTrailingSlash } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { mountOptionsFromFlags } from '../../mount-options.js';
import { changeAndReport } from '../../write-report.js';

const ENABLE_FLAGS: readonly FlagSpec[] = [
  { name: 'description', type: 'string' },
  { name: 'path', type: 'string' },
  { name: 'default-lease-ttl', type: 'duration' },
  { name: 'max-lease-ttl', type: 'duration' },
  { name: 'audit-non-hmac-request-keys', type: 'repeatable' },
  { name: 'audit-non-hmac-response-keys', type: 'repeatable' },
  { name: 'listing-visibility', type: 'string' },
  { name: 'passthrough-request-headers', type: 'repeatable' },
  { name: 'allowed-response-headers', type: 'repeatable' },
  { name: 'plugin-name', type: 'string' },
  { name: 'options', type: 'map' },
  { name: 'local', type: 'bool' },
  { name: 'seal-wrap', type: 'bool' },
  { name: 'external-entropy-access', type: 'bool' },
  { name: 'token-type', type: 'string' },
  { name: 'version', type: 'int' },
  { name: 'plugin-version', type: 'string' },
];

const HELP = commandHelp(
  `Usage: vault auth enable [options] TYPE

  Enables a new auth method. An auth method is responsible for authenticating
  users or machines and assigning them policies with which they can access
  Vault.

  Enable the userpass auth method at userpass/:

      $ vault auth enable userpass

  Enable the LDAP auth method at auth-prod/:

      $ vault auth enable -path=auth-prod ldap

  Enable a custom auth plugin (after it's registered in the plugin registry):

      $ vault auth enable -path=my-auth -plugin-name=my-auth-plugin plugin

      OR (preferred way):

      $ vault auth enable -path=my-auth my-auth-plugin`,
  [],
  [['Command Options', AUTH_ENABLE_DOCS]],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...ENABLE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  if (!exactArgs(io, f.args, 1)) return 1;
  const client = await p.client();
  let authType = (f.args[0] ?? '').trim();
  if (authType === 'plugin') authType = f.string('plugin-name');
  let authPath = f.string('path');
  if (authPath === '') authPath = authType === 'plugin' ? f.string('plugin-name') : authType;
  authPath = ensureTrailingSlash(authPath);

  const options: EnableAuthOptions = {
    type: authType,
    description: f.string('description'),
    config: {
      options: null,
      default_lease_ttl: goDurationString(f.duration('default-lease-ttl')),
      max_lease_ttl: goDurationString(f.duration('max-lease-ttl')),
      force_no_cache: false,
      ...visitedConfig(f),
    },
    local: f.bool('local'),
    seal_wrap: f.bool('seal-wrap'),
    external_entropy_access: f.bool('external-entropy-access'),
    options: mountOptionsFromFlags(f),
  };
  let thing = authType === 'plugin' ? `${f.string('plugin-name')} plugin` : `${authType} auth method`;
  if (f.string('plugin-version') !== '') thing += ` version ${f.string('plugin-version')}`;
  return changeAndReport(io, () => client.enableAuth(authPath, options), {
    failure: `Error enabling ${authType} auth`,
    success: `Success! Enabled ${thing} at: ${authPath}`,
  });
};

export const command: Command = { synopsis: 'Enables a new auth method', help: HELP, flags: COMMAND_FLAGS, run };
