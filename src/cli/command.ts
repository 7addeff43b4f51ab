/**
 * What every API command does before its own work, as Vault's BaseCommand does: check the output
 * format, parse the flags (the HTTP and output flags plus the command's own), warn about flags
 * placed after positional arguments, and build the API client from flags, env and ~/.vault-token.
 */
import { clientFromEnvironment, type VaultClient } from '../api/client.js';
import { TsvaultError } from '../errors.js';
import { checkFormat, err, type OutputFormat } from './format.js';
import { parseFlags, resolveFormat, trailingFlagWarning, type FlagSpec, type ParsedFlags } from './flags.js';
import { goDurationString, parseDurationFlag } from './go-duration.js';
import type { CliIO } from './io.js';

/** Vault's FlagSetHTTP, limited to what tsvault implements. */
export const HTTP_FLAGS: readonly FlagSpec[] = [
  { name: 'address', type: 'string' },
  { name: 'ca-cert', type: 'string' },
  { name: 'tls-skip-verify', type: 'bool' },
  { name: 'non-interactive', type: 'bool' },
  { name: 'wrap-ttl', type: 'duration' },
];

/**
 * The -wrap-ttl a command asks for, as Duration.String() ('' for none): the flag when given,
 * else VAULT_WRAP_TTL when it parses (Vault's DurationVar reads its EnvVar as the default).
 */
export function wrapTtlFlag(flags: ParsedFlags, env: NodeJS.ProcessEnv): string {
  let ttl = flags.duration('wrap-ttl');
  const fromEnv = env['VAULT_WRAP_TTL'];
  if (!flags.isSet('wrap-ttl') && fromEnv !== undefined && fromEnv !== 'system') {
    try {
      ttl = parseDurationFlag(fromEnv);
    } catch {
      ttl = 0n; // left to the API client's default lookup, which sends the raw value
    }
  }
  return ttl === 0n ? '' : goDurationString(ttl);
}

/** Vault's FlagSetOutputFormat. */
export const FORMAT_FLAGS: readonly FlagSpec[] = [{ name: 'format', type: 'string' }];

/** Vault's FlagSetOutputField. */
export const FIELD_FLAGS: readonly FlagSpec[] = [{ name: 'field', type: 'string' }];

export interface Prepared {
  flags: ParsedFlags;
  format: OutputFormat;
  client: () => Promise<VaultClient>;
}

/** Parses and validates; returns an exit code when the command must stop here. */
export function prepare(io: CliIO, args: readonly string[], specs: readonly FlagSpec[]): Prepared | number {
  const format = checkFormat(io, resolveFormat(args, io.env));
  if (typeof format === 'number') return format;
  let flags: ParsedFlags;
  try {
    flags = parseFlags(specs, args);
  } catch (e) {
    err(io, (e as Error).message);
    return 1;
  }
  const warning = trailingFlagWarning(flags.args);
  if (warning !== '' && format === 'table') err(io, warning);
  return {
    flags,
    format,
    client: () =>
      clientFromEnvironment({
        env: io.env,
        home: io.home,
        address: flags.string('address') || undefined,
        caCert: flags.string('ca-cert') || undefined,
        skipVerify: flags.bool('tls-skip-verify'),
        wrapTtl: wrapTtlFlag(flags, io.env),
      }),
  };
}

/** Vault's "Too many arguments (expected N, got M)" check; true when the count is fine. */
export function checkArgCount(io: CliIO, args: readonly string[], max: number): boolean {
  if (args.length <= max) return true;
  err(io, `Too many arguments (expected ${max}, got ${args.length})`);
  return false;
}

/** Vault's "Not enough/Too many arguments (expected N, got M)" check; true when there are exactly N. */
export function exactArgs(io: CliIO, args: readonly string[], want: number): boolean {
  if (args.length === want) return true;
  err(io, `${args.length < want ? 'Not enough' : 'Too many'} arguments (expected ${want}, got ${args.length})`);
  return false;
}

/** The text Vault prints for an error: API errors verbatim, anything else by its message. */
export function errorText(e: unknown): string {
  if (e instanceof TsvaultError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
