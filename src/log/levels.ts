import { LOG_LEVELS, type LogLevel } from './types.js';

/** A level's place in LOG_LEVELS (trace = 0 … error = 4). */
export function levelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

/** A level as Vault reads one (trimmed, any case), or undefined when it is not one. */
export function parseLogLevel(text: string): LogLevel | undefined {
  const l = text.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(l) ? (l as LogLevel) : undefined;
}

/**
 * The output levels of the root logger and its named children (Vault's allLoggers): one configured
 * level (log_level; SIGHUP changes it), a level every logger follows unless it has its own
 * (sys/loggers without a name), and levels per logger name (sys/loggers/<name>). `epoch` changes
 * on every change, so loggers cache their gate and look again only then.
 */
export class LogLevels {
  #configured: LogLevel;
  #all: LogLevel;
  readonly #named = new Map<string, LogLevel>();
  readonly #known = new Set<string>();
  epoch = 0;

  constructor(level: LogLevel) {
    this.#configured = level;
    this.#all = level;
  }

  /** The configured level (log_level), what DELETE sys/loggers returns to. */
  get configured(): LogLevel {
    return this.#configured;
  }

  /** The level every logger without one of its own follows. */
  get all(): LogLevel {
    return this.#all;
  }

  /** A named logger exists (child loggers register when created). */
  register(name: string): void {
    this.#known.add(name);
  }

  /** The loggers by name, sorted. */
  names(): string[] {
    return [...this.#known].sort();
  }

  has(name: string): boolean {
    return this.#known.has(name);
  }

  /** A logger's output level (the root logger has no name). */
  levelOf(name: string | undefined): LogLevel {
    return (name !== undefined ? this.#named.get(name) : undefined) ?? this.#all;
  }

  /** log_level from the configuration (start, SIGHUP): every logger follows it again. */
  configure(level: LogLevel): void {
    this.#configured = level;
    this.#all = level;
    this.#named.clear();
    this.epoch++;
  }

  /** Every logger at `level` (POST sys/loggers); the configured level stays what it was. */
  setAll(level: LogLevel): void {
    this.#all = level;
    this.#named.clear();
    this.epoch++;
  }

  /** One logger at `level` (POST sys/loggers/<name>); false when no logger has that name. */
  setNamed(name: string, level: LogLevel): boolean {
    if (!this.#known.has(name)) return false;
    this.#named.set(name, level);
    this.epoch++;
    return true;
  }

  /** Every logger back at the configured level (DELETE sys/loggers). */
  resetAll(): void {
    this.setAll(this.#configured);
  }

  /** One logger back at the configured level (DELETE sys/loggers/<name>); false when unknown. */
  resetNamed(name: string): boolean {
    return this.setNamed(name, this.#configured);
  }

  /** Something else that decides what is formatted changed (a monitor came or went). */
  touch(): void {
    this.epoch++;
  }
}
