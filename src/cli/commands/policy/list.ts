/**
 * `vault policy list` ([V] command/policy_list.go): one name a line (LIST sent as GET ?list=true).
 */
import { TsvaultError } from '../../../errors.js';
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import { err, out } from '../../format.js';
import { marshalIndent } from '../../go-json.js';
import type { CliCommand, Command } from '../../io.js';
import { secretFromJson } from '../../secret.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { FlagSpec } from '../../flags.js';

const HELP = commandHelp(
  `Usage: vault policy list [options]

  Lists the names of the policies that are installed on the Vault server.`,
  [FORMAT_DOC],
  [],
);;

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  let policies: string[] | null;
  try {
    const secret = secretFromJson(await client.listPolicies());
    if (secret === null || secret.data === null) throw new TsvaultError('API_REQUEST', 'data from server response is empty');
    const keys = secret.data['keys'];
    policies = Array.isArray(keys) ? keys.map((k) => String(k)) : null;
  } catch (e) {
    err(io, `Error listing policies: ${errorText(e)}`);
    return 2;
  }
  if (p.format !== 'table') out(io, marshalIndent(policies));
  else for (const name of policies ?? []) out(io, name);
  return 0;
};

export const command: Command = { synopsis: 'Lists the installed policies', help: HELP, flags: COMMAND_FLAGS, run };
