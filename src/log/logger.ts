import { pino, type Logger as PinoLogger } from 'pino';
import { formatJson, formatStandard } from './format.js';
import { redactFields } from './redact.js';
import { LOG_LEVELS, type LogFields, type LogFormat, type Logger, type LogLevel } from './types.js';

/** Field names whose values are never printed, at any depth: see redact.ts. */
export { REDACTED_FIELDS } from './redact.js';

export interface LogSink {
  write(line: string): unknown;
}

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; the default is a synchronous write to stdout. */
  sink?: LogSink;
}

export interface RootLogger extends Logger {
  setLevel(level: LogLevel): void;
  readonly level: LogLevel;
}

const PINO_LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };

/**
 * pino with a synchronous destination, re-printing each record in Vault's (hclog) layout. Level
 * filtering happens here against one shared setting, so SIGHUP can change it for every child.
 */
export function createLogger(options: LoggerOptions): RootLogger {
  const sink = options.sink ?? pino.destination({ dest: 1, sync: true });
  const format = options.format === 'json' ? formatJson : formatStandard;
  const dest = {
    write(line: string): void {
      const { time, level, msg, module, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const levelName = PINO_LEVEL_NAMES[level as number] ?? 'info';
      sink.write(
        format(new Date(time as number), levelName, module as string | undefined, String(msg ?? ''), fields),
      );
    },
  };
  const base = pino(
    {
      level: 'trace',
      base: null,
    },
    dest,
  );
  const state = { level: options.level };
  const rank = (l: LogLevel): number => LOG_LEVELS.indexOf(l);

  function wrap(p: PinoLogger, name: string | undefined): Logger {
    const emit =
      (l: LogLevel) =>
      (msg: string, fields?: LogFields): void => {
        if (rank(l) < rank(state.level)) return;
        if (fields && Object.keys(fields).length > 0) p[l](redactFields(fields), msg);
        else p[l](msg);
      };
    return {
      trace: emit('trace'),
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      named(child: string): Logger {
        const full = name ? `${name}.${child}` : child;
        return wrap(base.child({ module: full }), full);
      },
    };
  }
  const root = wrap(base, undefined);
  return {
    ...root,
    get level() {
      return state.level;
    },
    setLevel(level: LogLevel) {
      state.level = level;
    },
  };
}

/** A logger that drops everything, for tests and tools. */
export function nullLogger(): Logger {
  const noop = (): void => {};
  const l: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, named: () => l };
  return l;
}
