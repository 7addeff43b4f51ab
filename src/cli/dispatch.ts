/**
 * argv → command, with the rules of mitchellh/cli as Vault configures it: nested commands by
 * longest prefix ("operator unseal"), -h/-help/--help anywhere print the command's help (exit 0),
 * an unknown command prints the usage on stderr and exits 127, flags before the command are an
 * error (exit 1), and a lone -v/-version/--version means `version`.
 */
import { checkFormat } from './command.js';
import { err } from './format.js';
import { resolveFormat } from './flags.js';
import type { CliCommand, CliIO } from './io.js';
import { loginCommand, loginHelp, loginSynopsis } from './login.js';
import {
  operatorGenerateRootCommand,
  operatorGenerateRootHelp,
  operatorGenerateRootSynopsis,
} from './operator-generate-root.js';
import { operatorInitCommand, operatorInitHelp, operatorInitSynopsis } from './operator-init.js';
import { operatorKeyStatusCommand, operatorKeyStatusHelp, operatorKeyStatusSynopsis } from './operator-key-status.js';
import { operatorRekeyCommand, operatorRekeyHelp, operatorRekeySynopsis } from './operator-rekey.js';
import { operatorSealCommand, operatorSealHelp, operatorSealSynopsis } from './operator-seal.js';
import { operatorUnsealCommand, operatorUnsealHelp, operatorUnsealSynopsis } from './operator-unseal.js';
import { SECRET_COMMANDS } from './secrets-registry.js';
import { statusCommand, statusHelp, statusSynopsis } from './status.js';
import { versionCommand, versionHelp, versionSynopsis } from './version.js';

interface CommandEntry {
  synopsis: string;
  /** The command's help text, or a loader for commands in lazily imported modules. */
  help: string | (() => Promise<string>);
  /** Undefined for a command that only groups subcommands (prints its help, exit 1). */
  run?: () => Promise<CliCommand>;
  hidden?: boolean;
}

const SERVER_HELP = `Usage: vault server [options]

  This command starts a Vault server that responds to API requests. By default,
  Vault will start in a "sealed" state. The Vault cluster must be initialized
  before use, usually by the "vault operator init" command. Each Vault server
  must also be unsealed using the "vault operator unseal" command or the API
  before the server can respond to requests.

  Start a server with a configuration file:

      $ vault server -config=/etc/vault.d/vault.hcl`;

const OPERATOR_HELP = `Usage: vault operator <subcommand> [options] [args]

  This command groups subcommands for operators interacting with Vault. Most
  users will not need to interact with these commands. Here are a few examples
  of the operator commands:

  Initialize a new Vault cluster:

      $ vault operator init

  Unseal a Vault server with a key share:

      $ vault operator unseal

  Please see the individual subcommand help for detailed usage information.`;

interface ServerModule {
  serverCommand: CliCommand;
  serverHelp?: string;
}

async function loadServer(): Promise<ServerModule> {
  // A variable specifier keeps this compiling while server.ts is written elsewhere.
  const specifier = './server.js';
  return (await import(specifier)) as ServerModule;
}

const now = (c: CliCommand) => async (): Promise<CliCommand> => c;

/** Loaded on use: diagnose pulls in the config loader, storage and the seal plugin loader. */
const loadDiagnose = () => import('./operator-diagnose.js');

export const COMMANDS: ReadonlyMap<string, CommandEntry> = new Map<string, CommandEntry>([
  ['login', { synopsis: loginSynopsis, help: loginHelp, run: now(loginCommand) }],
  [
    'server',
    {
      synopsis: 'Start a Vault server',
      help: async () => (await loadServer().catch(() => undefined))?.serverHelp ?? SERVER_HELP,
      run: async () => (await loadServer()).serverCommand,
    },
  ],
  ['status', { synopsis: statusSynopsis, help: statusHelp, run: now(statusCommand) }],
  ['operator', { synopsis: 'Perform operator-specific tasks', help: OPERATOR_HELP }],
  [
    'operator generate-root',
    { synopsis: operatorGenerateRootSynopsis, help: operatorGenerateRootHelp, run: now(operatorGenerateRootCommand) },
  ],
  [
    'operator diagnose',
    {
      synopsis: 'Troubleshoot problems starting Vault',
      help: async () => (await loadDiagnose()).operatorDiagnoseHelp,
      run: async () => (await loadDiagnose()).operatorDiagnoseCommand,
    },
  ],
  ['operator init', { synopsis: operatorInitSynopsis, help: operatorInitHelp, run: now(operatorInitCommand) }],
  [
    'operator key-status',
    { synopsis: operatorKeyStatusSynopsis, help: operatorKeyStatusHelp, run: now(operatorKeyStatusCommand) },
  ],
  ['operator rekey', { synopsis: operatorRekeySynopsis, help: operatorRekeyHelp, run: now(operatorRekeyCommand) }],
  ['operator seal', { synopsis: operatorSealSynopsis, help: operatorSealHelp, run: now(operatorSealCommand) }],
  [
    'operator unseal',
    { synopsis: operatorUnsealSynopsis, help: operatorUnsealHelp, run: now(operatorUnsealCommand) },
  ],
  ['version', { synopsis: versionSynopsis, help: versionHelp, run: now(versionCommand), hidden: true }],
  ...SECRET_COMMANDS,
]);

/** Vault's list of "common" commands, shown first in the usage. */
const COMMON = ['read', 'write', 'delete', 'list', 'login', 'agent', 'server', 'status', 'unwrap'];

/** Direct children of a command path ("" for the root), sorted, hidden ones left out. */
function children(parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent} `;
  return [...COMMANDS.keys()]
    .filter((k) => k.startsWith(prefix) && k !== parent && !k.slice(prefix.length).includes(' '))
    .filter((k) => COMMANDS.get(k)?.hidden !== true)
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
  let text = typeof entry.help === 'string' ? entry.help : await entry.help();
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
  if (!entry.run) {
    err(io, await commandHelp(parsed.subcommand));
    return 1;
  }
  const command = await entry.run();
  return command(parsed.subcommandArgs, io);
}
