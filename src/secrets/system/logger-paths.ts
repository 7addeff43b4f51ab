/**
 * sys/monitor (log lines as they are logged, at a level of the caller's choosing) and
 * sys/loggers (the log level per logger, changed at run time until the next SIGHUP or restart).
 */
import { parseLogLevel } from '../../log/levels.js';
import type { RootLogger } from '../../log/logger.js';
import type { LogFormat } from '../../log/types.js';
import { badRequest } from '../../logical/errors.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../logical/types.js';

const SEALED_CHECK_MS = 1000;

function levelOf(req: LogicalRequest) {
  if (!('level' in req.data)) throw badRequest('level is required');
  const raw = String(req.data.level ?? '');
  if (raw === '') throw badRequest('level is empty');
  const level = parseLogLevel(raw);
  if (!level) throw badRequest(`invalid level provided: unknown log level: ${raw}`);
  return level;
}

function notFound(name: string): Error {
  return badRequest(`logger ${JSON.stringify(name)} not found`);
}

export function monitorPath(logger: RootLogger, sealed: () => boolean): PathSpec {
  const monitor = async (req: LogicalRequest): Promise<LogicalResponse> => {
    const level = parseLogLevel(String(req.data.log_level ?? '') || 'info');
    if (!level) throw badRequest('unknown log level');
    const requested = String(req.data.log_format ?? '') || 'standard';
    if (!['standard', 'json'].includes(requested.toLowerCase())) throw badRequest('unknown log format');
    const format: LogFormat = logger.format === 'json' || requested === 'json' ? 'json' : 'standard';
    return {
      stream: {
        contentType: 'text/plain; charset=utf-8',
        open(out) {
          const unsubscribe = logger.subscribe({ level, format, write: (line) => out.write(line) });
          const timer = setInterval(() => {
            if (!sealed()) return;
            out.write('core received sealed state change, ending monitor session');
            stop();
            out.end();
          }, SEALED_CHECK_MS);
          timer.unref();
          const stop = (): void => {
            clearInterval(timer);
            unsubscribe();
          };
          return stop;
        },
      },
    };
  };
  return {
    pattern: /^monitor$/,
    operations: { read: monitor },
    synopsis: 'Stream the server log at a chosen level.',
    description: 'GET streams log lines as they are written, at log_level (default info) and in log_format (standard or json), until the client disconnects.',
  };
}

export function loggerPaths(logger: RootLogger): PathSpec[] {
  const levels = logger.levels;
  const all = async (): Promise<LogicalResponse> => ({
    data: Object.fromEntries(levels.names().map((n) => [n, levels.levelOf(n)])),
  });
  return [
    {
      pattern: /^loggers$/,
      operations: {
        read: all,
        update: async (req) => {
          levels.setAll(levelOf(req));
          return { noContent: true };
        },
        delete: async () => {
          levels.resetAll();
          return { noContent: true };
        },
      },
      synopsis: 'Read or change the log level of every logger.',
      description: 'GET lists each logger with its level; POST {"level": ...} sets all of them; DELETE returns them to the configured log_level.',
    },
    {
      pattern: /^loggers\/(?<name>.+)$/,
      operations: {
        read: async (_req, { name = '' }) => {
          if (!levels.has(name)) throw notFound(name);
          return { data: { [name]: levels.levelOf(name) } };
        },
        update: async (req, { name = '' }) => {
          const level = levelOf(req);
          if (!levels.setNamed(name, level)) throw notFound(name);
          return { noContent: true };
        },
        delete: async (_req, { name = '' }) => {
          if (!levels.resetNamed(name)) throw notFound(name);
          return { noContent: true };
        },
      },
      synopsis: 'Read or change the log level of one logger.',
      description: 'Loggers are named by subsystem (core, http, token, storage.file, ...). Changes last until the configuration is reloaded (SIGHUP) or the server restarts.',
    },
  ];
}
