/**
 * Every command of the CLI, by its words ("operator unseal"), with the synopsis the usage lists.
 * A command's module (commands/<group>/<name>.ts, exporting `command`) is imported only when
 * that command runs or prints its help, so `vault status` loads status.ts and nothing else.
 * Groups ("operator", "kv", ...) have no module: their help is here and they print it.
 */
import {
  AUDIT_HELP,
  AUTH_HELP,
  KV_HELP,
  LEASE_HELP,
  KV_METADATA_HELP,
  OPERATOR_HELP,
  POLICY_HELP,
  SECRETS_HELP,
  TOKEN_HELP,
} from './group-help.js';
import type { Command } from './io.js';

export type CommandModule = { readonly command: Command };

export type RegistryEntry =
  | { readonly synopsis: string; readonly load: () => Promise<CommandModule>; readonly hidden?: boolean }
  | { readonly synopsis: string; readonly groupHelp: string };

const group = (synopsis: string, groupHelp: string): RegistryEntry => ({ synopsis, groupHelp });

export const REGISTRY: ReadonlyMap<string, RegistryEntry> = new Map<string, RegistryEntry>([
  ['delete', { synopsis: 'Delete secrets and configuration', load: () => import('./commands/delete.js') }],
  ['list', { synopsis: 'List data or secrets', load: () => import('./commands/list.js') }],
  ['login', { synopsis: 'Authenticate locally', load: () => import('./commands/login.js') }],
  ['monitor', { synopsis: 'Stream log messages from a Vault server', load: () => import('./commands/monitor.js') }],
  ['path-help', { synopsis: 'Retrieve API help for paths', load: () => import('./commands/path-help.js') }],
  ['read', { synopsis: 'Read data and retrieves secrets', load: () => import('./commands/read.js') }],
  ['server', { synopsis: 'Start a Vault server', load: () => import('./commands/server.js') }],
  ['status', { synopsis: 'Print seal and HA status', load: () => import('./commands/status.js') }],
  ['unwrap', { synopsis: 'Unwrap a wrapped secret', load: () => import('./commands/unwrap.js') }],
  ['version', { synopsis: 'Prints the Vault CLI version', load: () => import('./commands/version.js'), hidden: true }],
  ['write', { synopsis: 'Write data, configuration, and secrets', load: () => import('./commands/write.js') }],

  ['audit', group('Interact with audit devices', AUDIT_HELP)],
  ['audit disable', { synopsis: 'Disables an audit device', load: () => import('./commands/audit/disable.js') }],
  ['audit enable', { synopsis: 'Enables an audit device', load: () => import('./commands/audit/enable.js') }],
  ['audit list', { synopsis: 'Lists enabled audit devices', load: () => import('./commands/audit/list.js') }],

  ['auth', group('Interact with auth methods', AUTH_HELP)],
  ['auth disable', { synopsis: 'Disables an auth method', load: () => import('./commands/auth/disable.js') }],
  ['auth enable', { synopsis: 'Enables a new auth method', load: () => import('./commands/auth/enable.js') }],
  ['auth help', { synopsis: 'Prints usage for an auth method', load: () => import('./commands/auth/help.js') }],
  ['auth list', { synopsis: 'Lists enabled auth methods', load: () => import('./commands/auth/list.js') }],
  ['auth move', { synopsis: 'Move an auth method to a new path', load: () => import('./commands/auth/move.js') }],
  ['auth tune', { synopsis: 'Tunes an auth method configuration', load: () => import('./commands/auth/tune.js') }],

  ['lease', group('Interact with leases', LEASE_HELP)],
  ['lease lookup', { synopsis: 'Lookup the lease of a secret', load: () => import('./commands/lease/lookup.js') }],
  ['lease renew', { synopsis: 'Renews the lease of a secret', load: () => import('./commands/lease/renew.js') }],
  ['lease revoke', { synopsis: 'Revokes leases and secrets', load: () => import('./commands/lease/revoke.js') }],

  ['operator', group('Perform operator-specific tasks', OPERATOR_HELP)],
  ['operator diagnose', { synopsis: 'Troubleshoot problems starting Vault', load: () => import('./commands/operator/diagnose.js') }],
  ['operator generate-root', { synopsis: 'Generates a new root token', load: () => import('./commands/operator/generate-root.js') }],
  ['operator init', { synopsis: 'Initializes a server', load: () => import('./commands/operator/init.js') }],
  [
    'operator key-status',
    { synopsis: 'Provides information about the active encryption key', load: () => import('./commands/operator/key-status.js') },
  ],
  [
    'operator migrate',
    { synopsis: 'Migrates Vault data between storage backends', load: () => import('./commands/operator/migrate.js') },
  ],
  ['operator rekey', { synopsis: 'Generates new unseal keys', load: () => import('./commands/operator/rekey.js') }],
  ['operator seal', { synopsis: 'Seals the Vault server', load: () => import('./commands/operator/seal.js') }],
  ['operator step-down', { synopsis: 'Forces Vault to resign active duty', load: () => import('./commands/operator/step-down.js') }],
  ['operator unseal', { synopsis: 'Unseals the Vault server', load: () => import('./commands/operator/unseal.js') }],

  ['kv', group("Interact with Vault's Key-Value storage", KV_HELP)],
  ['kv delete', { synopsis: 'Deletes versions in the KV store', load: () => import('./commands/kv/delete.js') }],
  [
    'kv destroy',
    { synopsis: 'Permanently removes one or more versions in the KV store', load: () => import('./commands/kv/destroy.js') },
  ],
  ['kv get', { synopsis: 'Retrieves data from the KV store', load: () => import('./commands/kv/get.js') }],
  ['kv list', { synopsis: 'List data or secrets', load: () => import('./commands/kv/list.js') }],
  ['kv metadata', group("Interact with Vault's Key-Value storage", KV_METADATA_HELP)],
  [
    'kv metadata delete',
    {
      synopsis: 'Deletes all versions and metadata for a key in the KV store',
      load: () => import('./commands/kv/metadata/delete.js'),
    },
  ],
  ['kv metadata get', { synopsis: 'Retrieves key metadata from the KV store', load: () => import('./commands/kv/metadata/get.js') }],
  ['kv metadata put', { synopsis: 'Sets or updates key settings in the KV store', load: () => import('./commands/kv/metadata/put.js') }],
  [
    'kv patch',
    { synopsis: 'Sets or updates data in the KV store without overwriting', load: () => import('./commands/kv/patch.js') },
  ],
  ['kv put', { synopsis: 'Sets or updates data in the KV store', load: () => import('./commands/kv/put.js') }],
  ['kv undelete', { synopsis: 'Undeletes versions in the KV store', load: () => import('./commands/kv/undelete.js') }],

  ['secrets', group('Interact with secrets engines', SECRETS_HELP)],
  ['secrets disable', { synopsis: 'Disable a secret engine', load: () => import('./commands/secrets/disable.js') }],
  ['secrets enable', { synopsis: 'Enable a secrets engine', load: () => import('./commands/secrets/enable.js') }],
  ['secrets list', { synopsis: 'List enabled secrets engines', load: () => import('./commands/secrets/list.js') }],
  ['secrets move', { synopsis: 'Move a secrets engine to a new path', load: () => import('./commands/secrets/move.js') }],
  ['secrets tune', { synopsis: 'Tune a secrets engine configuration', load: () => import('./commands/secrets/tune.js') }],

  ['token', group('Interact with tokens', TOKEN_HELP)],
  ['token create', { synopsis: 'Create a new token', load: () => import('./commands/token/create.js') }],
  ['token lookup', { synopsis: 'Display information about a token', load: () => import('./commands/token/lookup.js') }],
  ['token renew', { synopsis: 'Renew a token lease', load: () => import('./commands/token/renew.js') }],
  ['token revoke', { synopsis: 'Revoke a token and its children', load: () => import('./commands/token/revoke.js') }],

  ['policy', group('Interact with policies', POLICY_HELP)],
  ['policy delete', { synopsis: 'Deletes a policy by name', load: () => import('./commands/policy/delete.js') }],
  ['policy list', { synopsis: 'Lists the installed policies', load: () => import('./commands/policy/list.js') }],
  ['policy read', { synopsis: 'Prints the contents of a policy', load: () => import('./commands/policy/read.js') }],
  ['policy write', { synopsis: 'Uploads a named policy from a file', load: () => import('./commands/policy/write.js') }],
]);

/** The help of a command (loading its module) or of a group. */
export async function helpOf(entry: RegistryEntry): Promise<string> {
  return 'groupHelp' in entry ? entry.groupHelp : (await entry.load()).command.help;
}

/** Left out of the usage and the subcommand lists (`version`, reached by -v as well). */
export function isHidden(entry: RegistryEntry | undefined): boolean {
  return entry !== undefined && 'load' in entry && entry.hidden === true;
}
