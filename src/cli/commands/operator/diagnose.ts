/**
 * `vault operator diagnose -config=PATH`: runs the server's start-up checks without starting it
 * (src/server/diagnose.ts) and prints Vault's checklist: the version line, "Results:", then one
 * line per check, `[ success ]`, `[ warning ]`, `[ failure ]` or `[ skipped ]`, children indented
 * two spaces, advice under the check it belongs to. Exit codes as Vault's RunWithParsedFlags:
 * 0 all passed, 2 warnings only, 1 a check failed, 3 bad flags or no -config, 4 diagnose could
 * not go on (the configuration did not load).
 */
import type { DiagnoseResult, DiagnoseStatus } from '../../../server/diagnose-result.js';
import { DIAGNOSE_SKIPS, runDiagnose } from '../../../server/diagnose.js';
import { checkFormat, err, goJson, out } from '../../format.js';
import { parseFlags, resolveFormat, type FlagSpec } from '../../flags.js';
import type { CliCommand, Command } from '../../io.js';
import { versionString } from '../../version-line.js';

const HELP = `Usage: vault operator diagnose 

  This command troubleshoots Vault startup issues, such as TLS configuration or
  auto-unseal. It should be run using the same environment variables and configuration
  files as the "vault server" command, so that startup problems can be accurately
  reproduced.

  Start diagnose with a configuration file:
    
     $ vault operator diagnose -config=/etc/vault/config.hcl

  Perform a diagnostic check while Vault is still running:

     $ vault operator diagnose -config=/etc/vault/config.hcl -skip=listener

Command Options:

  -config=<string>
      Path to a Vault configuration file or directory of configuration files.
      This flag can be specified multiple times to load multiple
      configurations. If the path is a directory, all files which end in .hcl
      or .json are loaded.

  -debug
      Dump all information collected by Diagnose.

  -format=<string>
      The output format (table or json).

  -skip=<string>
      Skip the health checks named as arguments. May be 'listener', 'storage',
      or 'autounseal'. ('listener' skips binding the addresses; the TLS files
      are still checked.)`;

const FLAGS: readonly FlagSpec[] = [
  { name: 'config', type: 'repeatable' },
  { name: 'skip', type: 'repeatable' },
  { name: 'debug', type: 'bool' },
  { name: 'format', type: 'string' },
];

const LABELS: Record<DiagnoseStatus, string> = {
  success: '[ success ]',
  warning: '[ warning ]',
  failure: '[ failure ]',
  skipped: '[ skipped ]',
};
/** Vault's colours (always on there; here only on a terminal). */
const COLOURS: Record<DiagnoseStatus, string> = { success: '32', warning: '33', failure: '31', skipped: '90' };

type Paint = (status: DiagnoseStatus) => string;

/** Vault's Result.write: the status and name, ": message", extra warnings and advice below. */
export function renderResult(r: DiagnoseResult, paint: Paint = (s) => `${LABELS[s]} `, depth = 0, advice = (t: string) => t): string {
  const pad = '  '.repeat(depth);
  let prelude = `${paint(r.status)}${r.name}`;
  if (r.message) prelude += `: ${r.message}`;
  let warnings = r.warnings;
  if (!r.message && warnings.length > 0) {
    prelude = `${paint('warning')}${r.name}: `;
    if (warnings.length === 1) {
      prelude += warnings[0];
      warnings = [];
    }
  }
  let text = `${pad}${prelude}`;
  for (const w of warnings) text += `\n${pad}  ${paint('warning')}${w}`;
  if (r.advice) text += `\n${pad}  ${advice(r.advice)}`;
  text += '\n';
  for (const c of r.children) text += renderResult(c, paint, depth + 1, advice);
  return text;
}

const JSON_STATUS: Record<DiagnoseStatus, string> = { success: 'ok', warning: 'warn', failure: 'fail', skipped: 'skip' };

function toJson(r: DiagnoseResult): Record<string, unknown> {
  return {
    name: r.name,
    status: JSON_STATUS[r.status],
    ...(r.warnings.length > 0 ? { warnings: r.warnings } : {}),
    ...(r.message ? { message: r.message } : {}),
    Advice: r.advice ?? '',
    ...(r.children.length > 0 ? { children: r.children.map(toJson) } : {}),
  };
}

export function exitCode(root: DiagnoseResult, aborted: boolean): number {
  if (aborted) return 4;
  if (root.status === 'failure') return 1;
  if (root.status === 'warning') return 2;
  return 0;
}

const run: CliCommand = async (args, io) => {
  const format = checkFormat(io, resolveFormat(args, io.env));
  if (typeof format === 'number') return 3;
  let flags;
  try {
    flags = parseFlags(FLAGS, args);
  } catch (e) {
    err(io, (e as Error).message);
    return 3;
  }
  const configPaths = flags.list('config');
  if (configPaths.length === 0) {
    err(io, 'Must specify a configuration file using -config.');
    return 3;
  }
  const skip = new Set(flags.list('skip').flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase()));
  const unknown = [...skip].filter((s) => s !== '' && !(DIAGNOSE_SKIPS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    err(io, `Unknown -skip value(s): ${unknown.join(', ')} (use ${DIAGNOSE_SKIPS.join(', ')}).`);
    return 3;
  }
  if (format === 'table') out(io, versionString());
  const report = await runDiagnose({ source: { configPaths, dev: false, env: io.env }, skip });
  if (format === 'json') {
    out(io, goJson(toJson(report.root)));
  } else {
    const tty = (io.stdout as { isTTY?: boolean }).isTTY === true;
    const paint: Paint = tty ? (s) => `\u001b[${COLOURS[s]}m${LABELS[s]}\u001b[0m ` : (s) => `${LABELS[s]} `;
    const advice = tty ? (t: string) => `\u001b[35m${t}\u001b[0m` : (t: string) => t;
    io.stdout.write(`\nResults:\n${renderResult(report.root, paint, 0, advice)}`);
  }
  return exitCode(report.root, report.aborted);
};

export const command: Command = { synopsis: 'Troubleshoot problems starting Vault', help: HELP, flags: FLAGS, run };
