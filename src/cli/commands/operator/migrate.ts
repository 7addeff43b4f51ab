/**
 * `vault operator migrate -config=FILE`: copies every entry of one storage to another, offline and
 * still encrypted (src/storage/migrate/). Output and exit codes are Vault's: log lines on stderr
 * (`copied key: path=…` at info), `Success! …` on stdout and 0; 1 for bad flags or configuration
 * (`Error loading configuration from FILE: …`); 2 when the migration fails (`Error migrating: …`);
 * 0 after SIGINT/SIGTERM (`==> Migration shutdown triggered`), the progress kept for the next run.
 */
import { hostname } from 'node:os';
import { errorText } from '../../command.js';
import { err, out } from '../../format.js';
import { parseFlags, type FlagSpec, type ParsedFlags } from '../../flags.js';
import type { CliCommand, Command } from '../../io.js';
import { createLogger } from '../../../log/logger.js';
import { LOG_LEVELS, type Logger, type LogLevel } from '../../../log/types.js';
import { loadMigratorConfig, type MigratorConfig } from '../../../storage/migrate/config.js';
import { migrateStorage, resetMigrationLock } from '../../../storage/migrate/run.js';
import { createBackend } from '../../../storage/registry.js';
import type { Backend } from '../../../storage/types.js';

const SYNOPSIS = 'Migrates Vault data between storage backends';

const HELP = `Usage: vault operator migrate [options]

  This command starts a storage backend migration process to copy all data
  from one backend to another. This operates directly on encrypted data and
  does not require a Vault server, nor any unsealing.

  Start a migration with a configuration file:

      $ vault operator migrate -config=migrate.hcl

  An interrupted migration resumes where it stopped when run again with the
  same configuration (tsvault keeps its progress in the destination).

  For more information, please see the documentation.

Command Options:

  -config=<string>
      Path to a configuration file. This configuration file should contain
      only migrator directives.

  -log-level=<string>
      Log verbosity level. Supported values (in order of detail) are "trace",
      "debug", "info", "warn", and "error". These are not case sensitive. The
      default is info.

  -max-parallel=<int>
      Specifies the maximum number of parallel migration threads (goroutines)
      that may be used when migrating. This can speed up the migration process
      on slow backends but uses more resources. The default is 10.

  -reset
      Reset the migration lock. No migration will occur. (tsvault also drops
      the progress kept in the destination: the next migration starts over.)

  -start=<string>
      Only copy keys lexicographically at or after this value.`;

const FLAGS: readonly FlagSpec[] = [
  { name: 'config', type: 'string' },
  { name: 'start', type: 'string' },
  { name: 'reset', type: 'bool' },
  { name: 'max-parallel', type: 'int', default: 10 },
  { name: 'log-level', type: 'string' },
];

/** Go's math.MaxInt on 64-bit platforms, as Vault prints it. */
const MAX_INT = '9223372036854775807';

/** Test hook: `after:N` makes the process SIGKILL itself once N keys are copied. */
export const FAILPOINT_ENV = 'TSVAULT_MIGRATE_FAILPOINT';

function failpoint(env: NodeJS.ProcessEnv): number | undefined {
  const m = /^after:(\d+)$/.exec(env[FAILPOINT_ENV] ?? '');
  return m ? Number(m[1]) : undefined;
}

async function open(role: string, config: MigratorConfig['source'], logger: Logger): Promise<Backend> {
  try {
    return await createBackend(config.type, config.config, logger);
  } catch (e) {
    throw new Error(`error mounting '${role}': ${errorText(e)}`, { cause: e });
  }
}

async function migrate(flags: ParsedFlags, config: MigratorConfig, logger: Logger, io: Parameters<CliCommand>[1]): Promise<number> {
  const backends: Backend[] = [];
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) return;
    out(io, '==> Migration shutdown triggered\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const from = await open('storage_source', config.source, logger);
    backends.push(from);
    const to = await open('storage_destination', config.destination, logger);
    backends.push(to);
    if (flags.bool('reset')) {
      await resetMigrationLock(from, to);
      out(io, 'Success! Migration lock reset (if it was set).');
      return 0;
    }
    const killAfter = failpoint(io.env);
    const result = await migrateStorage(from, to, {
      maxParallel: flags.int('max-parallel'),
      ...(flags.isSet('start') ? { start: flags.string('start') } : {}),
      signal: stop.signal,
      logger,
      onCopied: (key, n) => {
        logger.info('copied key', { path: key });
        if (killAfter !== undefined && n >= killAfter) process.kill(process.pid, 'SIGKILL');
      },
    });
    if (result.aborted) return 0;
    out(io, 'Success! All of the keys have been migrated.');
    return 0;
  } catch (e) {
    err(io, `Error migrating: ${errorText(e)}`);
    return 2;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const b of backends) await b.close?.().catch(() => undefined);
  }
}

const run: CliCommand = async (args, io) => {
  let flags: ParsedFlags;
  try {
    flags = parseFlags(FLAGS, args);
  } catch (e) {
    err(io, (e as Error).message);
    return 1;
  }
  const level = (flags.isSet('log-level') ? flags.string('log-level') : io.env['VAULT_LOG_LEVEL'] || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    err(io, `${level} is an unknown log level. Valid log levels are: [${LOG_LEVELS.join(' ')}]`);
    return 1;
  }
  if (flags.int('max-parallel') < 1) {
    err(io, `Argument to flag -max-parallel must be between 1 and ${MAX_INT}`);
    return 1;
  }
  const path = flags.string('config');
  if (path === '') {
    err(io, 'Must specify exactly one config path using -config');
    return 1;
  }
  let config: MigratorConfig;
  try {
    config = await loadMigratorConfig(path);
  } catch (e) {
    err(io, `Error loading configuration from ${path}: ${errorText(e)}`);
    return 1;
  }
  const logger = createLogger({ level: level as LogLevel, format: 'standard', sink: { write: (l) => io.stderr.write(l) } });
  logger.debug('migrating storage', { from: config.source.type, to: config.destination.type, host: hostname() });
  return migrate(flags, config, logger, io);
};

export const command: Command = { synopsis: SYNOPSIS, help: HELP, flags: FLAGS, run };
