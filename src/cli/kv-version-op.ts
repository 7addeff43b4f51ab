/**
 * What `vault kv undelete` and `vault kv destroy` share ([V] command/kv_undelete.go,
 * kv_destroy.go): KV v2 only; PUT <mount>/undelete/<key> or <mount>/destroy/<key> with
 * `{"versions": [...]}`. The commands are commands/kv/undelete.ts and commands/kv/destroy.ts.
 */
import { FORMAT_FLAGS, HTTP_FLAGS, prepare } from './command.js';
import type { FlagSpec } from './flags.js';
import { err } from './format.js';
import { commandHelp, FORMAT_DOC, MOUNT_DOC } from './help-flags.js';
import type { CliCommand } from './io.js';
import { addPrefixToKvPath, exactlyOne, kvParseVersions, resolveKv } from './kv-helpers.js';
import { writeAndReport } from './write-report.js';

export type VersionOp = 'undelete' | 'destroy';

export const VERSION_OP_FLAGS: readonly FlagSpec[] = [
  ...HTTP_FLAGS,
  ...FORMAT_FLAGS,
  { name: 'versions', type: 'repeatable' },
  { name: 'mount', type: 'string' },
];

/** The help: the command's usage text, then its flags. */
export function versionOpHelp(op: VersionOp, usage: string): string {
  return commandHelp(usage, [FORMAT_DOC], [
    ['Common Options', [MOUNT_DOC, { name: 'versions', example: 'string', usage: `Specifies the version numbers to ${op}.` }]],
  ]);
}

/** The run of `kv undelete` or `kv destroy`. */
export function versionOpRun(op: VersionOp): CliCommand {
  return async (args, io) => {
    const p = prepare(io, args, VERSION_OP_FLAGS);
    if (typeof p === 'number') return p;
    const a = p.flags.args;
    if (!exactlyOne(io, a)) return 1;
    const versions = p.flags.list('versions');
    if (versions.length === 0) {
      err(io, `No versions provided, use the "-versions" flag to specify the version to ${op}.`);
      return 1;
    }
    const client = await p.client();
    const t = await resolveKv(io, client, p.flags.string('mount'), a[0] ?? '');
    if (t === null) return 2;
    if (!t.v2) {
      err(io, `${op === 'undelete' ? 'Undelete' : 'Destroy'} not supported on KV Version 1`);
      return 1;
    }
    const path = addPrefixToKvPath(t.partialPath, t.mountPath, op);
    const report = { io, format: p.format, path, kind: 'write' } as const;
    return writeAndReport(report, () => client.logicalWrite(path, { versions: kvParseVersions(versions) }));
  };
}
