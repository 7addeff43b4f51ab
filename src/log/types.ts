/** Levels as Vault names them (log_level / VAULT_LOG_LEVEL). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'standard' | 'json';
export type LogFields = Record<string, unknown>;

/**
 * The logger every module receives (never imported as a global). Message first, then key/value
 * pairs, as hclog prints them: `2023-05-03T08:52:59.787Z [INFO]  core: message: key=value`.
 */
export interface Logger {
  trace(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A child logger whose module name is `<parent>.<name>` (or `name` at the root): `core`, `core.autoseal`. */
  named(name: string): Logger;
}
