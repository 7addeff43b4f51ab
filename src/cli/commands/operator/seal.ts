/**
 * `vault operator seal` ([V] command/operator_seal.go): `Success! Vault is sealed.` and exit 0;
 * `Error sealing: ...` and exit 2.
 */
import { checkArgCount, HTTP_FLAGS, prepare } from '../../command.js';
import { HTTP_OPTIONS_HELP } from '../../help-text.js';
import type { CliCommand, Command } from '../../io.js';
import { changeAndReport } from '../../write-report.js';

const HELP = `Usage: vault operator seal [options]

  Seals the Vault server. Sealing tells the Vault server to stop responding
  to any operations until it is unsealed. When sealed, the Vault server
  discards its in-memory root key to unlock the data, so it is physically
  blocked from responding to operations unsealed.

  If an unseal is in progress, sealing the Vault will reset the unsealing
  process. Users will have to re-enter their portions of the root key again.

  This command does nothing if the Vault server is already sealed.

  Seal the Vault server:

      $ vault operator seal

${HTTP_OPTIONS_HELP}`;

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  return changeAndReport(io, () => client.seal(), { failure: 'Error sealing', success: 'Success! Vault is sealed.' });
};

export const command: Command = { synopsis: 'Seals the Vault server', help: HELP, flags: HTTP_FLAGS, run };
