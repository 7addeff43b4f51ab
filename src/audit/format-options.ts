/**
 * The formatting options every audit device type takes (Vault's audit/backend.go
 * newFormatterConfig): `format`, `prefix`, `hmac_accessor`, `log_raw`, `elide_list_responses`.
 * Booleans are read as Go's strconv.ParseBool reads them; a value it refuses, or an unknown format,
 * is refused with Vault's text.
 */
import { AuditError } from '../errors.js';

export type AuditFormat = 'json' | 'jsonx';

export interface FormatOptions {
  format: AuditFormat;
  /** Written before every entry (Vault trims it). */
  prefix: string;
  hmacAccessor: boolean;
  logRaw: boolean;
  elideListResponses: boolean;
}

/** Vault's ErrExternalOptions text, the tail of every option error it returns. */
export const INVALID_CONFIGURATION = 'invalid configuration';

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool; undefined for a value Go refuses. */
export function parseGoBool(raw: string): boolean | undefined {
  if (GO_TRUE.has(raw)) return true;
  if (GO_FALSE.has(raw)) return false;
  return undefined;
}

/** An option error with Vault's wording: `<what>: invalid configuration`. */
export function optionError(what: string): AuditError {
  return new AuditError('AUDIT_INVALID_OPTIONS', `${what}: ${INVALID_CONFIGURATION}`);
}

function boolOption(options: Readonly<Record<string, string>>, name: string, fallback: boolean): boolean {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = parseGoBool(raw);
  if (value === undefined) throw optionError(`unable to parse ${JSON.stringify(name)}`);
  return value;
}

/** Vault Enterprise's audit options (filtering, exclusion, fallback device): Vault CE refuses them, and so does tsvault. */
const ENTERPRISE_OPTIONS = ['exclude', 'fallback', 'filter'] as const;

export function parseFormatOptions(options: Readonly<Record<string, string>>): FormatOptions {
  if (ENTERPRISE_OPTIONS.some((o) => Object.hasOwn(options, o))) throw optionError('enterprise-only options supplied');
  let format: AuditFormat = 'json';
  if (options.format !== undefined) {
    const f = options.format.trim().toLowerCase();
    if (f === 'jsonx') format = 'jsonx';
    else if (f !== 'json' && f !== '') throw optionError('unsupported "format"');
  }
  return {
    format,
    hmacAccessor: boolOption(options, 'hmac_accessor', true),
    logRaw: boolOption(options, 'log_raw', false),
    elideListResponses: boolOption(options, 'elide_list_responses', false),
    prefix: (options.prefix ?? '').trim(),
  };
}
