/**
 * `vault audit enable [options] TYPE [K=V...]` ([V] command/audit_enable.go): PUT
 * sys/audit/<path> with Vault's EnableAuditOptions; the path defaults to the type, the K=V pairs
 * (read like `vault write` data) become the options. `Success! Enabled the file audit device at:
 * file/`; a missing type or bad K=V data exits 1, an API error 2.
 */
import { parseArgsDataString } from '../../args-data.js';
import { errorText, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err } from '../../format.js';
import { ensureTrailingSlash } from '../../go-path.js';
import { commandHelp } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { changeAndReport } from '../../write-report.js';

const ENABLE_FLAGS: readonly FlagSpec[] = [
  { name: 'description', type: 'string' },
  { name: 'path', type: 'string' },
  { name: 'local', type: 'bool' },
];

const HELP = commandHelp(
  `Usage: vault audit enable [options] TYPE [CONFIG K=V...]

  Enables an audit device of the given TYPE ("file", "socket" or "syslog").
  The K=V pairs after the type configure the device; they are read the way
  "vault write" reads its data, so "key=@file" and "key=-" work too.

  Write the audit log to /var/log/vault_audit.log:

      $ vault audit enable file file_path=/var/log/vault_audit.log

  Enable a second file device under another path:

      $ vault audit enable -path=file-copy file file_path=/var/log/vault_audit_copy.log`,
  [],
  [
    [
      'Command Options',
      [
        { name: 'description', example: 'string', usage: 'A description of the audit device, for people reading the list.' },
        {
          name: 'local',
          example: '',
          default: 'false',
          usage: 'Marks the device local to this cluster: replication neither copies nor removes it.',
        },
        {
          name: 'path',
          example: 'string',
          usage: 'Where the device is mounted under sys/audit/; unique among the audit devices. The type is used when it is not given.',
        },
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...ENABLE_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  const f = p.flags;
  if (f.args.length < 1) {
    err(io, "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.");
    return 1;
  }
  const auditType = (f.args[0] ?? '').trim();
  const auditPath = ensureTrailingSlash(f.string('path') || auditType);
  let options: Record<string, string>;
  try {
    options = await parseArgsDataString(io, f.args.slice(1));
  } catch (e) {
    err(io, `Failed to parse K=V data: ${errorText(e)}`);
    return 1;
  }
  const client = await p.client();
  return changeAndReport(
    io,
    () => client.enableAudit(auditPath, { type: auditType, description: f.string('description'), options, local: f.bool('local') }),
    { failure: 'Error enabling audit device', success: `Success! Enabled the ${auditType} audit device at: ${auditPath}` },
  );
};

export const command: Command = { synopsis: 'Enables an audit device', help: HELP, flags: COMMAND_FLAGS, run };
