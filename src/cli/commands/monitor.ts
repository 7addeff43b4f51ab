/**
 * `vault monitor [-log-level=info] [-log-format=standard]` ([V] command/monitor.go): checks the
 * level and format (case-insensitive), opens GET sys/monitor without a timeout and prints each
 * log line as it arrives. It ends with exit 0 when the server closes the stream or at SIGINT /
 * SIGTERM; a refused request is `Error starting monitor: …`, exit 1.
 */
import type { SignalSource } from '../../server/signals.js';
import { checkArgCount, errorText, HTTP_FLAGS, prepare } from '../command.js';
import type { FlagSpec } from '../flags.js';
import { err, out } from '../format.js';
import { commandHelp } from '../help-flags.js';
import type { CliIO, Command } from '../io.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];
const FORMATS = ['standard', 'json'];

const MONITOR_FLAGS: readonly FlagSpec[] = [
  { name: 'log-level', type: 'string', default: 'info' },
  { name: 'log-format', type: 'string', default: 'standard' },
];

const HELP = commandHelp(
  `Usage: vault monitor [options]

  Prints a Vault server's log lines as the server writes them, until
  interrupted. The level asked for may be more detailed than the server's
  own: a server logging at INFO still streams its DEBUG lines to

      $ vault monitor -log-level=debug`,
  [],
  [
    [
      'Monitor Options',
      [
        {
          name: 'log-format',
          example: 'string',
          default: 'standard',
          usage: 'How the streamed lines are written: "standard" (Vault\'s text line) or "json".',
        },
        {
          name: 'log-level',
          example: 'string',
          default: 'info',
          usage:
            'The least severe level to stream, one of "trace", "debug", "info", "warn" and "error" ' +
            '(most to least detailed), in any case.',
        },
      ],
    ],
  ],
);

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...MONITOR_FLAGS];

/** Go's %s of a []string: `[a b c]`. */
const goList = (list: readonly string[]): string => `[${list.join(' ')}]`;

/** The run, with the signals that stop it passed in (the process's in `run`). */
export async function runMonitor(args: string[], io: CliIO, signals: SignalSource): Promise<number> {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const level = p.flags.string('log-level').toLowerCase();
  if (!LEVELS.includes(level)) {
    err(io, `${level} is an unknown log level. Valid log levels are: ${goList(LEVELS)}`);
    return 1;
  }
  const format = p.flags.string('log-format').toLowerCase();
  if (!FORMATS.includes(format)) {
    err(io, `${format} is an unknown log format. Valid log formats are: ${goList(FORMATS)}`);
    return 1;
  }
  const client = await p.client();
  const shutdown = new AbortController();
  const stop = (): void => shutdown.abort();
  signals.on('SIGINT', stop);
  signals.on('SIGTERM', stop);
  try {
    let lines: AsyncGenerator<string>;
    try {
      lines = await client.monitor(level, format, shutdown.signal);
    } catch (e) {
      if (shutdown.signal.aborted) return 0;
      err(io, `Error starting monitor: ${errorText(e)}`);
      return 1;
    }
    for await (const line of lines) {
      if (shutdown.signal.aborted) break;
      out(io, line);
    }
    return 0;
  } finally {
    signals.off('SIGINT', stop);
    signals.off('SIGTERM', stop);
  }
}

export const command: Command = {
  synopsis: 'Stream log messages from a Vault server',
  help: HELP,
  flags: COMMAND_FLAGS,
  run: (args, io) => runMonitor(args, io, process),
};
