/**
 * `vault server`: start the daemon and run until SIGINT/SIGTERM (exit 0); SIGHUP reloads.
 * Any start-up failure prints its error and exits 1 with nothing left running.
 */
import { ConfigError, TsvaultError } from '../../errors.js';
import { startDaemon } from '../../server/daemon.js';
import { holdSignals, runUntilSignalled } from '../../server/signals.js';
import { err, wrapAtLength } from '../format.js';
import { parseFlags, type FlagSpec } from '../flags.js';
import type { CliCommand, Command } from '../io.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'config', type: 'repeatable' },
  { name: 'dev', type: 'bool' },
  { name: 'dev-root-token-id', type: 'string' },
  { name: 'dev-listen-address', type: 'string' },
  { name: 'log-level', type: 'string' },
  { name: 'log-format', type: 'string' },
];

const HELP = `Usage: vault server [options]

  This command starts a Vault server that responds to API requests. By default,
  Vault will start in a "sealed" state. The Vault cluster must be initialized
  before use, usually by the "vault operator init" command. Each Vault server
  must also be unsealed using the "vault operator unseal" command or the API
  before the server can respond to requests.

  Start a server with a configuration file:

      $ vault server -config=/etc/vault.d/vault.hcl

  Run in "dev" mode:

      $ vault server -dev -dev-root-token-id="root"

Command Options:

  -config=<string>          Path to a configuration file or directory of
                            configuration files. Repeatable; later files merge
                            over earlier ones.
  -dev                      In-memory, initialised and unsealed server.
  -dev-root-token-id=<id>   Root token for -dev.
  -dev-listen-address=<a>   Address for -dev (default 127.0.0.1:8200).
  -log-level=<level>        trace, debug, info, warn or error.
  -log-format=<format>      standard or json.`;

const run: CliCommand = async (args, io) => {
  let flags;
  try {
    flags = parseFlags(FLAGS, args);
  } catch (e) {
    err(io, (e as Error).message);
    return 1;
  }
  let daemon;
  const gate = holdSignals(process);
  try {
    daemon = await startDaemon({
      configPaths: flags.list('config'),
      dev: flags.bool('dev'),
      ...(flags.string('dev-root-token-id') ? { devRootTokenId: flags.string('dev-root-token-id') } : {}),
      ...(flags.string('dev-listen-address') ? { devListenAddress: flags.string('dev-listen-address') } : {}),
      ...(flags.string('log-level') ? { logLevel: flags.string('log-level') } : {}),
      ...(flags.string('log-format') ? { logFormat: flags.string('log-format') } : {}),
      env: io.env,
      out: { write: (line: string) => io.stdout.write(line) },
      home: io.home,
      stopRequested: gate.stopRequested,
    });
  } catch (e) {
    gate.close();
    // Asked to stop while start-up was still waiting (for storage): a clean exit.
    if (gate.stopRequested.aborted) return 0;
    if (e instanceof ConfigError) err(io, `Error loading configuration: ${e.message}`);
    else if (e instanceof TsvaultError && e.code === 'STORAGE_MIGRATION_IN_PROGRESS') err(io, wrapAtLength(e.message));
    else if (e instanceof TsvaultError) err(io, e.message);
    else err(io, `Error starting the server: ${(e as Error).message}`);
    return 1;
  }
  await runUntilSignalled(daemon, process, io.stdout, gate);
  return 0;
};

export const command: Command = { synopsis: 'Start a Vault server', help: HELP, flags: FLAGS, run };
