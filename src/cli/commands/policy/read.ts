/**
 * `vault policy read NAME` ([V] command/policy_read.go): the raw rules, or `{"policy": …}` in
 * JSON.
 */
import type { VaultClient } from '../../../api/client.js';
import { TsvaultError } from '../../../errors.js';
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare, exactArgs } from '../../command.js';
import { err, out } from '../../format.js';
import { marshalIndent } from '../../go-json.js';
import type { CliCommand, Command } from '../../io.js';
import { secretFromJson } from '../../secret.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { FlagSpec } from '../../flags.js';

const HELP = commandHelp(
  `Usage: vault policy read [options] [NAME]

  Prints the contents and metadata of the Vault policy named NAME. If the policy
  does not exist, an error is returned.

  Read the policy named "my-policy":

      $ vault policy read my-policy`,
  [FORMAT_DOC],
  [],
);;

/** Sys().GetPolicy: "" for a 404, the `policy` field otherwise. */
async function getPolicy(client: VaultClient, name: string): Promise<string> {
  const body = await client.getPolicy(name);
  if (body === undefined) return '';
  const secret = secretFromJson(body);
  if (secret === null || secret.data === null) throw new TsvaultError('API_REQUEST', 'data from server response is empty');
  const policy = secret.data['policy'];
  if (policy === undefined) throw new TsvaultError('API_REQUEST', 'no policy found in response');
  return typeof policy === 'string' ? policy : String(policy);
}

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!exactArgs(io, p.flags.args, 1)) return 1;
  const client = await p.client();
  const name = (p.flags.args[0] ?? '').trim().toLowerCase();
  let rules: string;
  try {
    rules = await getPolicy(client, name);
  } catch (e) {
    err(io, `Error reading policy named ${name}: ${errorText(e)}`);
    return 2;
  }
  if (rules === '') {
    err(io, `No policy named: ${name}`);
    return 2;
  }
  out(io, p.format === 'table' ? rules.trim() : marshalIndent({ policy: rules }));
  return 0;
};

export const command: Command = { synopsis: 'Prints the contents of a policy', help: HELP, flags: COMMAND_FLAGS, run };
