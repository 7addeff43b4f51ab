/**
 * `vault secrets enable [options] TYPE` ([V] command/secrets_enable.go): POST sys/mounts/<path>
 * with Vault's MountInput; the path defaults to the type. `kv-v2` is sent as is: Vault's server
 * turns it into `kv` with options.version=2. `Success! Enabled the kv secrets engine at: kv/`.
 */
import type { MountInput } from '../../../wire/mounts.js';
import { HTTP_FLAGS, prepare, exactArgs } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { goDurationString } from '../../go-duration.js';
import { ensureTrailingSlash } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import { mountOptionsFromFlags } from '../../mount-options.js';
import type { CliCommand, Command } from '../../io.js';
import { MOUNT_OPTION_DOCS } from '../../secrets-docs.js';
import { changeAndReport } from '../../write-report.js';

const ENABLE_FLAGS: readonly FlagSpec[] = [
  { name: 'description', type: 'string' },
  { name: 'path', type: 'string' },
  { name: 'default-lease-ttl', type: 'duration' },
  { name: 'max-lease-ttl', type: 'duration' },
  { name: 'force-no-cache', type: 'bool' },
  { name: 'plugin-name', type: 'string' },
  { name: 'options', type: 'map' },
  { name: 'local', type: 'bool' },
  { name: 'seal-wrap', type: 'bool' },
  { name: 'external-entropy-access', type: 'bool' },
  { name: 'version', type: 'int' },
];

const HELP = commandHelp(
  `Usage: vault secrets enable [options] TYPE

  Enables a secrets engine. By default, secrets engines are enabled at the path
  corresponding to their TYPE, but users can customize the path using the
  -path option.

  Once enabled, Vault will route all requests which begin with the path to the
  secrets engine.

  Enable the AWS secrets engine at aws/:

      $ vault secrets enable aws

  Enable the SSH secrets engine at ssh-prod/:

      $ vault secrets enable -path=ssh-prod ssh

  Enable the database secrets engine with an explicit maximum TTL of 30m:

      $ vault secrets enable -max-lease-ttl=30m database

  Enable a custom plugin (after it is registered in the plugin registry):

      $ vault secrets enable -path=my-secrets -plugin-name=my-plugin plugin

  OR (preferred way):

      $ vault secrets enable -path=my-secrets my-plugin

  For a full list of secrets engines and examples, please see the documentation.`,
  [],
  [['Command Options', MOUNT_OPTION_DOCS.enable]],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...ENABLE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  const a = f.args;
  if (!exactArgs(io, a, 1)) return 1;
  const client = await p.client();
  let engineType = (a[0] ?? '').trim();
  if (engineType === 'plugin') engineType = f.string('plugin-name');
  let mountPath = f.string('path');
  if (mountPath === '') mountPath = engineType === 'plugin' ? f.string('plugin-name') : engineType;
  mountPath = ensureTrailingSlash(mountPath);

  const input: MountInput = {
    type: engineType,
    description: f.string('description'),
    config: {
      options: null,
      default_lease_ttl: goDurationString(f.duration('default-lease-ttl')),
      max_lease_ttl: goDurationString(f.duration('max-lease-ttl')),
      force_no_cache: f.bool('force-no-cache'),
    },
    local: f.bool('local'),
    seal_wrap: f.bool('seal-wrap'),
    external_entropy_access: f.bool('external-entropy-access'),
    options: mountOptionsFromFlags(f),
  };
  const thing = engineType === 'plugin' ? `${f.string('plugin-name')} plugin` : `${engineType} secrets engine`;
  return changeAndReport(io, () => client.mount(mountPath, input), {
    failure: 'Error enabling',
    success: `Success! Enabled the ${thing} at: ${mountPath}`,
  });
};

export const command: Command = { synopsis: 'Enable a secrets engine', help: HELP, flags: COMMAND_FLAGS, run };
