/** A Logger for unit tests that remembers every line it was told, with its level and fields. */
import type { LogFields, Logger } from '../../src/log/types.js';

export interface LogLine {
  level: string;
  msg: string;
  fields: LogFields | undefined;
}

export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, fields });
  const logger: Logger & { lines: LogLine[] } = {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    named: () => logger,
  };
  return logger;
}
