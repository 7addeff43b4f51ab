/**
 * `vault kv list [-mount=M] PATH` ([V] command/kv_list.go): LIST <mount>/metadata/<path> for
 * KV v2 (the path itself for v1) and print the keys. `No value found at …` and exit 2 when empty.
 */
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err } from '../../format.js';
import { commandHelp, FORMAT_DOC, MOUNT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { addPrefixToKvPath, kvV1Path, resolveKv } from '../../kv-helpers.js';
import { detailedFlag, finishList } from '../../list-output.js';
import type { VaultSecret } from '../../secret.js';

const KV_LIST_FLAGS: readonly FlagSpec[] = [{ name: 'mount', type: 'string' }];

const HELP = commandHelp(
  `Usage: vault kv list [options] PATH

  Lists data from Vault's key-value store at the given path.

  List values under the "my-app" folder of the key-value store:

      $ vault kv list secret/my-app/

  Additional flags and more advanced use cases are detailed below.`,
  [FORMAT_DOC],
  [['Common Options', [MOUNT_DOC]]],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, ...KV_LIST_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  let a = [...p.flags.args];
  const mount = p.flags.string('mount');
  if (a.length < 1) {
    if (mount === '') {
      err(io, `Not enough arguments (expected 1, got ${a.length})`);
      return 1;
    }
    a = [''];
  } else if (a.length > 1) {
    err(io, `Too many arguments (expected 1, got ${a.length})`);
    return 1;
  }
  const client = await p.client();
  const t = await resolveKv(io, client, mount, a[0] ?? '');
  if (t === null) return 2;
  const fullPath = t.v2 ? addPrefixToKvPath(t.partialPath, t.mountPath, 'metadata') : kvV1Path(t);
  let secret: VaultSecret | null;
  try {
    secret = await client.logicalList(fullPath);
  } catch (e) {
    err(io, `Error listing ${fullPath}: ${errorText(e)}`);
    return 2;
  }
  return finishList(io, fullPath, secret, p.format, detailedFlag(false, false, io.env), true);
};

export const command: Command = { synopsis: 'List data or secrets', help: HELP, flags: COMMAND_FLAGS, run };
