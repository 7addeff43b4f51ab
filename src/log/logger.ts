import { pino, type Logger as PinoLogger } from 'pino';
import { formatJson, formatStandard } from './format.js';
import { LogLevels, levelRank } from './levels.js';
import { redactFields } from './redact.js';
import type { LogFields, LogFormat, Logger, LogLevel } from './types.js';

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

/** A reader of log lines as they are logged (sys/monitor), at its own level and format. */
export interface LogSubscriber {
  level: LogLevel;
  format: LogFormat;
  write(line: string): void;
}

export interface RootLogger extends Logger {
  /** The configured level (start-up, SIGHUP): every logger follows it again, per-logger levels are dropped. */
  setLevel(level: LogLevel): void;
  readonly level: LogLevel;
  /** The output level per logger name (sys/loggers). */
  readonly levels: LogLevels;
  /** The server's log format (what a monitor asking for `standard` gets when the server logs JSON). */
  readonly format: LogFormat;
  /** Receive every line at `level` or above, whatever the output level; returns the unsubscribe. */
  subscribe(subscriber: LogSubscriber): () => void;
}

const PINO_LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };
const FORMATS = { standard: formatStandard, json: formatJson } as const;

interface Gate {
  epoch: number;
  /** Lowest rank written to the sink. */
  out: number;
  /** Lowest rank anyone (sink or a monitor) wants. */
  min: number;
}

/**
 * pino with a synchronous destination, re-printing each record in Vault's (hclog) layout. Level
 * filtering happens here against LogLevels (one configured level, per-name overrides), so SIGHUP
 * and sys/loggers change it for every child; each logger caches its gate until a level changes.
 * Monitors (sys/monitor) get the same redacted record at their own level.
 */
export function createLogger(options: LoggerOptions): RootLogger {
  const sink = options.sink ?? pino.destination({ dest: 1, sync: true });
  const format = FORMATS[options.format === 'json' ? 'json' : 'standard'];
  const levels = new LogLevels(options.level);
  const subscribers = new Set<LogSubscriber>();
  let monitorMin = Infinity;
  /** Set by the emitting call just before pino writes (synchronously) to `dest`. */
  let toSink = true;
  const dest = {
    write(line: string): void {
      const { time, level, msg, module, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const levelName = PINO_LEVEL_NAMES[level as number] ?? 'info';
      const at = new Date(time as number);
      const text = String(msg ?? '');
      const mod = module as string | undefined;
      if (toSink) sink.write(format(at, levelName, mod, text, fields));
      if (subscribers.size === 0) return;
      const rank = levelRank(levelName as LogLevel);
      for (const s of subscribers) {
        if (rank >= levelRank(s.level)) s.write(FORMATS[s.format](at, levelName, mod, text, fields));
      }
    },
  };
  const base = pino({ level: 'trace', base: null }, dest);

  function wrap(p: PinoLogger, name: string | undefined): Logger {
    if (name !== undefined) levels.register(name);
    const gate: Gate = { epoch: -1, out: 0, min: 0 };
    const emit =
      (l: LogLevel) =>
      (msg: string, fields?: LogFields): void => {
        if (gate.epoch !== levels.epoch) {
          gate.out = levelRank(levels.levelOf(name));
          gate.min = Math.min(gate.out, monitorMin);
          gate.epoch = levels.epoch;
        }
        const rank = levelRank(l);
        if (rank < gate.min) return;
        toSink = rank >= gate.out;
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
  const recompute = (): void => {
    monitorMin = Math.min(Infinity, ...[...subscribers].map((s) => levelRank(s.level)));
    levels.touch();
  };
  const root = wrap(base, undefined);
  return {
    ...root,
    get level() {
      return levels.all;
    },
    levels,
    format: options.format === 'json' ? 'json' : 'standard',
    setLevel(level: LogLevel) {
      levels.configure(level);
    },
    subscribe(subscriber: LogSubscriber): () => void {
      subscribers.add(subscriber);
      recompute();
      return () => {
        if (subscribers.delete(subscriber)) recompute();
      };
    },
  };
}

/** A logger that drops everything, for tests and tools. */
export function nullLogger(): Logger {
  const noop = (): void => {};
  const l: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, named: () => l };
  return l;
}
