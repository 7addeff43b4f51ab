/**
 * `vault audit list [-detailed]` ([V] command/audit_list.go): GET sys/audit, decode the answer's
 * `data` as Vault's api.Audit structs, and print `Path  Type  Description` (or with -detailed
 * `Replication` and `Options` too), sorted by path. With nothing enabled the table format prints
 * `No audit devices are enabled.` and exits 2, as Vault's other list commands do; -format=json
 * prints the structs (`{}` when there are none).
 */
import { TsvaultError } from '../../../errors.js';
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err, out } from '../../format.js';
import { goSortKeys, marshalIndent } from '../../go-json.js';
import { commandHelp, FORMAT_DOC } from '../../help-flags.js';
import type { CliCommand, Command } from '../../io.js';
import { secretFromJson } from '../../secret.js';
import { tableOutput } from '../../secret-output.js';

const LIST_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, { name: 'detailed', type: 'bool' }];

const HELP = commandHelp(
  `Usage: vault audit list [options]

  Shows the audit devices enabled on the Vault server, with their paths,
  types and descriptions; -detailed adds their options and replication mode.

  List the audit devices:

      $ vault audit list

  List them with their options:

      $ vault audit list -detailed`,
  [FORMAT_DOC],
  [
    [
      'Command Options',
      [
        {
          name: 'detailed',
          example: '',
          default: 'false',
          usage: 'Also print each audit device\'s options and whether it is replicated or local.',
        },
      ],
    ],
  ],
);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** api.Audit in Go's field order (a Map, so -format=json keeps it); options as map[string]string. */
function auditOutput(raw: unknown): Map<string, unknown> {
  const a = obj(raw) ?? {};
  const rawOptions = obj(a['options']);
  let options: Record<string, string> | null = null;
  if (rawOptions !== null) {
    options = {};
    for (const [k, v] of Object.entries(rawOptions)) options[k] = typeof v === 'string' ? v : String(v);
  }
  return new Map<string, unknown>([
    ['type', str(a['type'])],
    ['description', str(a['description'])],
    ['options', options],
    ['local', a['local'] === true],
    ['path', str(a['path'])],
  ]);
}

/** ListAudit: the answer's `data` decoded, sorted by path; Vault's error when there is none. */
function auditsFromAnswer(answer: unknown): Map<string, Map<string, unknown>> {
  const secret = secretFromJson(answer);
  if (secret === null || secret.data === null) {
    throw new TsvaultError('API_REQUEST', 'data from server response is empty');
  }
  const data = secret.data;
  return new Map(goSortKeys(Object.keys(data)).map((k) => [k, auditOutput(data[k])]));
}

/** The options as `k=v` joined by spaces (Go ranges over the map in no order; these are sorted). */
function optionsCell(a: Map<string, unknown>): string {
  const options = (a.get('options') ?? {}) as Record<string, string>;
  return goSortKeys(Object.keys(options))
    .map((k) => `${k}=${options[k] ?? ''}`)
    .join(' ');
}

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, LIST_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  let audits: Map<string, Map<string, unknown>>;
  try {
    audits = auditsFromAnswer(await client.listAudit());
  } catch (e) {
    err(io, `Error listing audits: ${errorText(e)}`);
    return 2;
  }
  if (p.format !== 'table') {
    out(io, marshalIndent(audits));
    return 0;
  }
  if (audits.size === 0) {
    out(io, 'No audit devices are enabled.');
    return 2;
  }
  const cell = (a: Map<string, unknown>, k: string): string => String(a.get(k) ?? '');
  if (p.flags.bool('detailed')) {
    const rows = [...audits].map(([path, a]) => [
      path,
      cell(a, 'type'),
      cell(a, 'description'),
      a.get('local') === true ? 'local' : 'replicated',
      optionsCell(a),
    ]);
    out(io, tableOutput(['Path', 'Type', 'Description', 'Replication', 'Options'], rows));
    return 0;
  }
  // The simple table shows each device's own `path` field, the detailed one the map key, as Vault.
  const rows = [...audits.values()].map((a) => [cell(a, 'path'), cell(a, 'type'), cell(a, 'description')]);
  out(io, tableOutput(['Path', 'Type', 'Description'], rows));
  return 0;
};

export const command: Command = { synopsis: 'Lists enabled audit devices', help: HELP, flags: LIST_FLAGS, run };
