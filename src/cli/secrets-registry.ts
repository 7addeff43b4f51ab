/**
 * The secrets and auth commands (read/write/list/delete, kv, secrets, token, policy) for the
 * dispatcher's table, with Vault's synopses. Command modules load on first use, so `vault status`
 * does not pay for them.
 */
import type { CliCommand } from './io.js';
import { KV_HELP, KV_METADATA_HELP, POLICY_HELP, SECRETS_HELP, TOKEN_HELP } from './group-help.js';

/** The shape of dispatch.ts's CommandEntry. */
export interface RegistryEntry {
  synopsis: string;
  help: string | (() => Promise<string>);
  run?: () => Promise<CliCommand>;
}

type Module = Record<string, unknown>;

/** An entry whose help and command are exports of a lazily imported module. */
function lazy(synopsis: string, load: () => Promise<Module>, command: string, help: string): RegistryEntry {
  return {
    synopsis,
    help: async () => (await load())[help] as string,
    run: async () => (await load())[command] as CliCommand,
  };
}

const group = (synopsis: string, help: string): RegistryEntry => ({ synopsis, help });

const kvMetadata = (): Promise<Module> => import('./kv-metadata.js');
const kvVersionOps = (): Promise<Module> => import('./kv-version-ops.js');
const policy = (): Promise<Module> => import('./policy.js');
const policyHelp = (): Promise<Module> => import('./policy-help.js');

/** A policy entry: the command from policy.ts, its help from policy-help.ts. */
function policyEntry(synopsis: string, command: string, help: string): RegistryEntry {
  return {
    synopsis,
    help: async () => (await policyHelp())[help] as string,
    run: async () => (await policy())[command] as CliCommand,
  };
}

export const SECRET_COMMANDS: readonly (readonly [string, RegistryEntry])[] = [
  ['read', lazy('Read data and retrieves secrets', () => import('./read.js'), 'readCommand', 'readHelp')],
  ['write', lazy('Write data, configuration, and secrets', () => import('./write.js'), 'writeCommand', 'writeHelp')],
  ['delete', lazy('Delete secrets and configuration', () => import('./delete.js'), 'deleteCommand', 'deleteHelp')],
  ['list', lazy('List data or secrets', () => import('./list.js'), 'listCommand', 'listHelp')],
  ['kv', group("Interact with Vault's Key-Value storage", KV_HELP)],
  ['kv delete', lazy('Deletes versions in the KV store', () => import('./kv-delete.js'), 'kvDeleteCommand', 'kvDeleteHelp')],
  [
    'kv destroy',
    lazy('Permanently removes one or more versions in the KV store', kvVersionOps, 'kvDestroyCommand', 'kvDestroyHelp'),
  ],
  ['kv get', lazy('Retrieves data from the KV store', () => import('./kv-get.js'), 'kvGetCommand', 'kvGetHelp')],
  ['kv list', lazy('List data or secrets', () => import('./kv-list.js'), 'kvListCommand', 'kvListHelp')],
  ['kv metadata', group("Interact with Vault's Key-Value storage", KV_METADATA_HELP)],
  [
    'kv metadata delete',
    lazy('Deletes all versions and metadata for a key in the KV store', kvMetadata, 'kvMetadataDeleteCommand', 'kvMetadataDeleteHelp'),
  ],
  ['kv metadata get', lazy('Retrieves key metadata from the KV store', kvMetadata, 'kvMetadataGetCommand', 'kvMetadataGetHelp')],
  ['kv metadata put', lazy('Sets or updates key settings in the KV store', kvMetadata, 'kvMetadataPutCommand', 'kvMetadataPutHelp')],
  [
    'kv patch',
    lazy('Sets or updates data in the KV store without overwriting', () => import('./kv-patch.js'), 'kvPatchCommand', 'kvPatchHelp'),
  ],
  ['kv put', lazy('Sets or updates data in the KV store', () => import('./kv-put.js'), 'kvPutCommand', 'kvPutHelp')],
  ['kv undelete', lazy('Undeletes versions in the KV store', kvVersionOps, 'kvUndeleteCommand', 'kvUndeleteHelp')],
  ['secrets', group('Interact with secrets engines', SECRETS_HELP)],
  [
    'secrets disable',
    lazy('Disable a secret engine', () => import('./secrets-disable.js'), 'secretsDisableCommand', 'secretsDisableHelp'),
  ],
  ['secrets enable', lazy('Enable a secrets engine', () => import('./secrets-enable.js'), 'secretsEnableCommand', 'secretsEnableHelp')],
  ['secrets list', lazy('List enabled secrets engines', () => import('./secrets-list.js'), 'secretsListCommand', 'secretsListHelp')],
  ['secrets tune', lazy('Tune a secrets engine configuration', () => import('./secrets-tune.js'), 'secretsTuneCommand', 'secretsTuneHelp')],
  ['token', group('Interact with tokens', TOKEN_HELP)],
  ['token create', lazy('Create a new token', () => import('./token-create.js'), 'tokenCreateCommand', 'tokenCreateHelp')],
  ['token lookup', lazy('Display information about a token', () => import('./token-lookup.js'), 'tokenLookupCommand', 'tokenLookupHelp')],
  ['token renew', lazy('Renew a token lease', () => import('./token-renew.js'), 'tokenRenewCommand', 'tokenRenewHelp')],
  ['token revoke', lazy('Revoke a token and its children', () => import('./token-revoke.js'), 'tokenRevokeCommand', 'tokenRevokeHelp')],
  ['policy', group('Interact with policies', POLICY_HELP)],
  ['policy delete', policyEntry('Deletes a policy by name', 'policyDeleteCommand', 'policyDeleteHelp')],
  ['policy list', policyEntry('Lists the installed policies', 'policyListCommand', 'policyListHelp')],
  ['policy read', policyEntry('Prints the contents of a policy', 'policyReadCommand', 'policyReadHelp')],
  ['policy write', policyEntry('Uploads a named policy from a file', 'policyWriteCommand', 'policyWriteHelp')],
];
