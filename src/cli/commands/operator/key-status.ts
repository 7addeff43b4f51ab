/**
 * `vault operator key-status` ([V] command/operator_key_status.go): the active keyring term,
 * its install time (Go's time.RFC822 in UTC) and the encryption count; exit 2 on errors.
 */
import type { KeyStatusResponse as KeyStatus } from '../../../wire/keys.js';
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import { columnize, err, goJson, out } from '../../format.js';
import { HTTP_OPTIONS_HELP, OUTPUT_OPTIONS_HELP } from '../../help-text.js';
import type { CliCommand, Command } from '../../io.js';
import type { FlagSpec } from '../../flags.js';

const HELP = `Usage: vault operator key-status [options]

  Provides information about the active encryption key. Specifically,
  the current key term and the key installation time.

${HTTP_OPTIONS_HELP}

${OUTPUT_OPTIONS_HELP}`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC822 ("02 Jan 06 15:04 MST") of an instant, in UTC. */
export function formatRfc822Utc(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()] ?? ''} ${two(date.getUTCFullYear() % 100)} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`
  );
}

/**
 * Go re-marshals the parsed time.Time with RFC3339Nano: the same instant and offset, the
 * fraction without trailing zeros.
 */
export function goTimeJson(rfc3339: string): string {
  return rfc3339.replace(/\.(\d+)/, (_m, frac: string) => {
    const trimmed = frac.replace(/0+$/, '');
    return trimmed === '' ? '' : `.${trimmed}`;
  });
}

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  const client = await p.client();
  let status: KeyStatus;
  try {
    status = await client.keyStatus();
  } catch (e) {
    err(io, `Error reading key status: ${errorText(e)}`);
    return 2;
  }
  if (p.format === 'json') {
    out(
      io,
      goJson({
        term: status.term,
        install_time: goTimeJson(status.install_time),
        encryptions: status.encryptions,
      }),
    );
    return 0;
  }
  out(
    io,
    columnize([
      ['Key Term', String(status.term)],
      ['Install Time', formatRfc822Utc(new Date(status.install_time))],
      ['Encryption Count', String(status.encryptions)],
    ]),
  );
  return 0;
};

export const command: Command = { synopsis: 'Provides information about the active encryption key', help: HELP, flags: COMMAND_FLAGS, run };
