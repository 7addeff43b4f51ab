/**
 * `vault auth tune [options] PATH` ([V] command/auth_tune.go): POST
 * sys/mounts/auth/<path>/tune with Vault's MountConfigInput (unset TTLs sent as "", negative
 * as "system"; the other fields only for flags given); `Success! Tuned the auth method at: PATH/`.
 */
import type { AuthConfigInput } from '../../../api/sys-auth.js';
import { lockoutConfig, visitedConfig } from '../../auth-config.js';
import { AUTH_TUNE_DOCS } from '../../auth-docs.js';
import { exactArgs, HTTP_FLAGS, prepare } from '../../command.js';
import { goQuote, type FlagSpec } from '../../flags.js';
import { err } from '../../format.js';
import { ttlToApi } from '../../go-duration.js';
import { ensureTrailingSlash, sanitizePath } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { mountOptionsFromFlags } from '../../mount-options.js';
import { changeAndReport } from '../../write-report.js';

const TUNE_FLAGS: readonly FlagSpec[] = [
  { name: 'audit-non-hmac-request-keys', type: 'repeatable' },
  { name: 'audit-non-hmac-response-keys', type: 'repeatable' },
  { name: 'default-lease-ttl', type: 'duration' },
  { name: 'description', type: 'string' },
  { name: 'listing-visibility', type: 'string' },
  { name: 'max-lease-ttl', type: 'duration' },
  { name: 'passthrough-request-headers', type: 'repeatable' },
  { name: 'allowed-response-headers', type: 'repeatable' },
  { name: 'options', type: 'map' },
  { name: 'token-type', type: 'string' },
  { name: 'version', type: 'int' },
  { name: 'user-lockout-threshold', type: 'int' },
  { name: 'user-lockout-duration', type: 'duration' },
  { name: 'user-lockout-counter-reset-duration', type: 'duration' },
  { name: 'user-lockout-disable', type: 'bool' },
  { name: 'plugin-version', type: 'string' },
];

const HELP = commandHelp(
  `Usage: vault auth tune [options] PATH

  Tunes the configuration options for the auth method at the given PATH. The
  argument corresponds to the PATH where the auth method is enabled, not the
  TYPE!

  Tune the default lease for the github auth method:

      $ vault auth tune -default-lease-ttl=72h github/`,
  [],
  [['Command Options', AUTH_TUNE_DOCS]],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...TUNE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  const threshold = f.int('user-lockout-threshold');
  if (threshold < 0) {
    // Vault's UintVar (strconv.ParseUint) refuses a sign.
    const raw = String(threshold);
    err(io, `invalid value ${goQuote(raw)} for flag -user-lockout-threshold: strconv.ParseUint: parsing ${goQuote(raw)}: invalid syntax`);
    return 1;
  }
  if (!exactArgs(io, f.args, 1)) return 1;
  const client = await p.client();
  const { plugin_version: pluginVersion, ...visited } = visitedConfig(f);
  const lockout = lockoutConfig(f);
  const config: AuthConfigInput = {
    options: mountOptionsFromFlags(f),
    default_lease_ttl: ttlToApi(f.duration('default-lease-ttl')),
    ...(f.isSet('description') ? { description: f.string('description') } : {}),
    max_lease_ttl: ttlToApi(f.duration('max-lease-ttl')),
    force_no_cache: false,
    ...visited,
    ...(pluginVersion !== undefined ? { plugin_version: pluginVersion } : {}),
    ...(lockout !== undefined ? { user_lockout_config: lockout } : {}),
  };
  const mountPath = ensureTrailingSlash(sanitizePath(f.args[0] ?? ''));
  return changeAndReport(io, () => client.tuneAuth(mountPath, config), {
    failure: `Error tuning auth method ${mountPath}`,
    success: `Success! Tuned the auth method at: ${mountPath}`,
  });
};

export const command: Command = { synopsis: 'Tunes an auth method configuration', help: HELP, flags: COMMAND_FLAGS, run };
