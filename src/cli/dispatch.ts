/**
 * argv → command, with the rules of mitchellh/cli as Vault configures it: nested commands by
 * longest prefix ("operator unseal"), -h/-help/--help anywhere print the command's help (exit 0),
 * an unknown command prints the usage on stderr and exits 127, flags before the command are an
 * error (exit 1), and a lone -v/-version/--version means `version`.
 */
import { checkFormat, err } from './format.js';
import { resolveFormat } from './flags.js';
import type { CliIO } from './io.js';
import { helpOf, isHidden, REGISTRY as COMMANDS } from './registry.js';

/** Vault's list of "common" commands, shown first in the usage. */
const COMMON = ['read', 'write', 'delete', 'list', 'login', 'agent', 'server', 'status', 'unwrap'];

/** Direct children of a command path ("" for the root), sorted, hidden ones left out. */
function children(parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent} `;
  return [...COMMANDS.keys()]
    .filter((k) => k.startsWith(prefix) && k !== parent && !k.slice(prefix.length).includes(' '))
    .filter((k) => !isHidden(COMMANDS.get(k)))
    .sort();
}

/** text/tabwriter with padding 6: every name cell padded to the widest plus six spaces. */
function tabBlock(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map(([name]) => 4 + name.length)) + 6;
  return rows.map(([name, synopsis]) => `    ${name}`.padEnd(width) + synopsis);
}

/** The top-level usage ([V] command/main.go groupedHelpFunc). */
export function usageText(): string {
  const top = children('');
  const common = COMMON.filter((c) => top.includes(c));
  const other = top.filter((c) => !COMMON.includes(c));
  const row = (c: string): [string, string] => [c, COMMANDS.get(c)?.synopsis ?? ''];
  return [
    'Usage: vault <command> [args]',
    '',
    'Common commands:',
    ...tabBlock(common.map(row)),
    '',
    'Other commands:',
    ...tabBlock(other.map(row)),
  ].join('\n');
}

/** mitchellh/cli's commandHelp: the help, then the subcommands with aligned names. */
async function commandHelp(name: string): Promise<string> {
  const entry = COMMANDS.get(name);
  if (!entry) return usageText();
  let text = await helpOf(entry);
  const subs = children(name);
  if (subs.length > 0) {
    const names = subs.map((s) => s.slice(name.length + 1));
    const width = Math.max(...names.map((n) => n.length));
    text +=
      '\n\nSubcommands:' +
      names.map((n, i) => `\n    ${n.padEnd(width)}    ${COMMANDS.get(subs[i] ?? '')?.synopsis ?? ''}`).join('');
  }
  return text;
}

interface ProcessedArgs {
  subcommand: string;
  subcommandArgs: string[];
  isHelp: boolean;
  topFlags: string[];
}

function processArgs(args: readonly string[]): ProcessedArgs {
  const r: ProcessedArgs = { subcommand: '', subcommandArgs: [], isHelp: false, topFlags: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    if (arg === '-h' || arg === '-help' || arg === '--help') {
      r.isHelp = true;
      continue;
    }
    if (r.subcommand === '') {
      // Version flags before a command are swallowed (Vault sets no CLI version there).
      if (arg === '-v' || arg === '-version' || arg === '--version') continue;
      if (arg.startsWith('-')) {
        r.topFlags.push(arg);
        continue;
      }
      if (arg === '') continue;
      // Longest command path that the remaining words start with.
      let name = arg;
      let used = 1;
      for (let n = args.length - i; n >= 1; n--) {
        const candidate = args.slice(i, i + n).join(' ');
        if (COMMANDS.has(candidate)) {
          name = candidate;
          used = n;
          break;
        }
      }
      r.subcommand = name;
      r.subcommandArgs = args.slice(i + used);
      i += used - 1;
    }
  }
  return r;
}

/** Runs one CLI invocation; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let args = [...argv];
  if (args.length === 1 && ['-v', '-version', '--version'].includes(args[0] ?? '')) args = ['version'];
  const format = checkFormat(io, resolveFormat(args, io.env));
  if (typeof format === 'number') return format;

  const parsed = processArgs(args);
  if (parsed.isHelp && parsed.subcommand === '') {
    err(io, usageText());
    return 0;
  }
  const entry = COMMANDS.get(parsed.subcommand);
  if (!entry) {
    err(io, usageText());
    return 127;
  }
  if (parsed.isHelp) {
    err(io, await commandHelp(parsed.subcommand));
    return 0;
  }
  if (parsed.topFlags.length > 0) {
    io.stderr.write(
      'Invalid flags before the subcommand. If these flags are for\n' +
        'the subcommand, please put them after the subcommand.\n\n',
    );
    err(io, await commandHelp(parsed.subcommand));
    return 1;
  }
  if (!('load' in entry)) {
    err(io, await commandHelp(parsed.subcommand));
    return 1;
  }
  const { command } = await entry.load();
  return command.run(parsed.subcommandArgs, io);
}
