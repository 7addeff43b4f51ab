/** Flag help shared by `vault secrets enable` and `vault secrets tune` ([V] command/secrets_*.go). */
import type { FlagDoc } from './help-flags.js';

const OPTIONS: FlagDoc = {
  name: 'options',
  example: 'key=value',
  usage: 'Key-value pair provided as key=value for the mount options. This can be specified multiple times.',
};

const VERSION: FlagDoc = {
  name: 'version',
  example: 'int',
  usage: 'Select the version of the engine to run. Not supported by all engines.',
};

const ttl = (name: string, what: string, extra: string): FlagDoc => ({
  name,
  example: 'duration',
  usage:
    `The ${what} for this secrets engine. If unspecified, this defaults to the Vault ` +
    `server's globally configured ${what}${extra}.`,
});

export const MOUNT_OPTION_DOCS: Readonly<Record<'enable' | 'tune', readonly FlagDoc[]>> = {
  enable: [
    ttl('default-lease-ttl', 'default lease TTL', ''),
    { name: 'description', example: 'string', usage: 'Human-friendly description for the purpose of this engine.' },
    {
      name: 'external-entropy-access',
      example: '',
      default: 'false',
      usage: "Enable secrets engine to access Vault's external entropy source.",
    },
    {
      name: 'force-no-cache',
      example: '',
      default: 'false',
      usage:
        'Force the secrets engine to disable caching. If unspecified, this defaults to the Vault ' +
        "server's globally configured cache settings. This does not affect caching of the " +
        'underlying encrypted data storage.',
    },
    {
      name: 'local',
      example: '',
      default: 'false',
      usage: 'Mark the secrets engine as local-only. Local engines are not replicated or removed by replication.',
    },
    ttl('max-lease-ttl', 'maximum lease TTL', ''),
    OPTIONS,
    {
      name: 'path',
      example: 'string',
      usage:
        'Place where the secrets engine will be accessible. This must be unique cross all secrets ' +
        'engines. This defaults to the "type" of the secrets engine.',
    },
    {
      name: 'plugin-name',
      example: 'string',
      usage: "Name of the secrets engine plugin. This plugin name must already exist in Vault's plugin catalog.",
    },
    { name: 'seal-wrap', example: '', default: 'false', usage: 'Enable seal wrapping of critical values in the secrets engine.' },
    VERSION,
  ],
  tune: [
    ttl('default-lease-ttl', 'default lease TTL', ', or a previously configured value for the secrets engine'),
    {
      name: 'description',
      example: 'string',
      usage: 'Human-friendly description of this secret engine. This overrides the current stored value, if any.',
    },
    ttl('max-lease-ttl', 'maximum lease TTL', ', or a previously configured value for the secrets engine'),
    OPTIONS,
    VERSION,
  ],
};
