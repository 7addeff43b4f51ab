import type { LogFields } from './types.js';

/** Level brackets, always seven characters wide, as hclog pads them. */
const BRACKETS: Record<string, string> = {
  trace: '[TRACE]',
  debug: '[DEBUG]',
  info: '[INFO] ',
  warn: '[WARN] ',
  error: '[ERROR]',
};

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === '') return '""';
  return /[\s"=\\]/.test(text) || /[^\x21-\x7e]/.test(text) ? JSON.stringify(text) : text;
}

/** One hclog "standard" line: `2023-05-03T08:52:59.787Z [INFO]  core: message: key=value`. */
export function formatStandard(
  time: Date,
  level: string,
  module: string | undefined,
  msg: string,
  fields: LogFields,
): string {
  let line = `${time.toISOString()} ${BRACKETS[level] ?? '[INFO] '} ${module ? `${module}: ` : ''}${msg}`;
  const keys = Object.keys(fields);
  if (keys.length > 0) {
    line += ':' + keys.map((k) => ` ${k}=${formatValue(fields[k])}`).join('');
  }
  return line + '\n';
}

/** hclog's JSON timestamp layout has microseconds: 2006-01-02T15:04:05.000000Z07:00. */
function jsonTimestamp(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** One hclog JSON line: @timestamp, @level, @message, @module, then the fields. */
export function formatJson(
  time: Date,
  level: string,
  module: string | undefined,
  msg: string,
  fields: LogFields,
): string {
  const out: Record<string, unknown> = { '@level': level, '@message': msg };
  if (module) out['@module'] = module;
  out['@timestamp'] = jsonTimestamp(time);
  for (const [k, v] of Object.entries(fields)) {
    if (!(k in out)) out[k] = v;
  }
  return JSON.stringify(out) + '\n';
}
