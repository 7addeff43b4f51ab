/**
 * `vault secrets tune [options] PATH` ([V] command/secrets_tune.go): POST
 * sys/mounts/<path>/tune with Vault's MountConfigInput (unset TTLs sent as "", negative as
 * "system"); `Success! Tuned the secrets engine at: PATH/`.
 */
import type { MountConfigInput } from '../../../wire/mounts.js';
import { HTTP_FLAGS, prepare, exactArgs } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { ttlToApi } from '../../go-duration.js';
import { ensureTrailingSlash, sanitizePath } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import { mountOptionsFromFlags } from '../../mount-options.js';
import type { CliCommand, Command } from '../../io.js';
import { MOUNT_OPTION_DOCS } from '../../secrets-docs.js';
import { changeAndReport } from '../../write-report.js';

const TUNE_FLAGS: readonly FlagSpec[] = [
  { name: 'default-lease-ttl', type: 'duration' },
  { name: 'max-lease-ttl', type: 'duration' },
  { name: 'description', type: 'string' },
  { name: 'options', type: 'map' },
  { name: 'version', type: 'int' },
];

const HELP = commandHelp(
  `Usage: vault secrets tune [options] PATH

  Tunes the configuration options for the secrets engine at the given PATH.
  The argument corresponds to the PATH where the secrets engine is enabled,
  not the TYPE!

  Tune the default lease for the PKI secrets engine:

      $ vault secrets tune -default-lease-ttl=72h pki/`,
  [],
  [['Command Options', MOUNT_OPTION_DOCS.tune]],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...TUNE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  const a = f.args;
  if (!exactArgs(io, a, 1)) return 1;
  const client = await p.client();
  const mountPath = ensureTrailingSlash(sanitizePath(a[0] ?? ''));
  const config: MountConfigInput = {
    options: mountOptionsFromFlags(f),
    default_lease_ttl: ttlToApi(f.duration('default-lease-ttl')),
    ...(f.isSet('description') ? { description: f.string('description') } : {}),
    max_lease_ttl: ttlToApi(f.duration('max-lease-ttl')),
    force_no_cache: false,
  };
  return changeAndReport(io, () => client.tuneMount(mountPath, config), {
    failure: `Error tuning secrets engine ${mountPath}`,
    success: `Success! Tuned the secrets engine at: ${mountPath}`,
  });
};

export const command: Command = { synopsis: 'Tune a secrets engine configuration', help: HELP, flags: COMMAND_FLAGS, run };
