/**
 * `vault policy write NAME PATH` ([V] command/policy_write.go): the rules from a file or `-`
 * (stdin); the name is lower-cased like Vault's.
 */
import { readFile } from 'node:fs/promises';
import { goFileError } from '../../args-data.js';
import { HTTP_FLAGS, prepare, exactArgs } from '../../command.js';
import { err } from '../../format.js';
import type { CliCommand, CliIO, Command } from '../../io.js';
import { readAll } from '../../prompt.js';
import { commandHelp } from '../../help-flags.js';
import { changeAndReport } from '../../write-report.js';

const HELP = commandHelp(
  `Usage: vault policy write [options] NAME PATH

  Uploads a policy with name NAME from the contents of a local file PATH or
  stdin. If PATH is "-", the policy is read from stdin. Otherwise, it is
  loaded from the file at the given path on the local disk.

  Upload a policy named "my-policy" from "/tmp/policy.hcl" on the local disk:

      $ vault policy write my-policy /tmp/policy.hcl

  Upload a policy from stdin:

      $ cat my-policy.hcl | vault policy write my-policy -`,
  [],
  [],
);;

/** The rules text, or an exit code after Vault's message. */
async function readRules(io: CliIO, path: string): Promise<string | number> {
  if (path === '-') return readAll(io.stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const reading = (e as { code?: unknown }).code === 'EISDIR';
    err(io, `${reading ? 'Error reading policy' : 'Error opening policy file'}: ${goFileError(e, path)}`);
    return 2;
  }
}

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, HTTP_FLAGS);
  if (typeof p === 'number') return p;
  const a = p.flags.args;
  if (!exactArgs(io, a, 2)) return 1;
  const client = await p.client();
  const name = a[0] ?? '';
  const formatted = name.toLowerCase().trim();
  const rules = await readRules(io, (a[1] ?? '').trim());
  if (typeof rules === 'number') return rules;
  return changeAndReport(io, () => client.putPolicy(formatted, rules), {
    failure: 'Error uploading policy',
    success: `Success! Uploaded policy: ${formatted}`,
    notes: () => {
      if (name !== formatted) err(io, `Policy name was converted from "${name}" to "${formatted}"`);
    },
  });
};

export const command: Command = { synopsis: 'Uploads a named policy from a file', help: HELP, flags: HTTP_FLAGS, run };
