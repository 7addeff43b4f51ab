/**
 * `vault operator generate-root` ([V] command/operator_generate_root.go): -generate-otp, -decode,
 * -cancel, -init, -status, or a key share (argument, `-` for stdin, or a hidden prompt). Exit 0 on
 * success, 2 on an API or client error, 1 on bad usage. The -dr-token and -recovery-token kinds
 * are not offered (tsvault has no DR replication or recovery mode).
 */
import type { VaultClient } from '../../../api/client.js';
import type { GenerateRootStatusResponse } from '../../../wire/generate-root.js';
import { decodeGoBase64, formatUuid, generateOtp, xorBytes } from '../../../crypto/root-token.js';
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { columnize, err, goJson, out, printRaw, wrapAtLength, type OutputFormat } from '../../format.js';
import { HTTP_OPTIONS_HELP, OUTPUT_OPTIONS_HELP } from '../../help-text.js';
import type { CliCommand, CliIO, Command } from '../../io.js';
import { checkOptionalArg, readKeyShare } from '../../key-share-input.js';
import { changeAndReport } from '../../write-report.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'init', type: 'bool' },
  { name: 'cancel', type: 'bool' },
  { name: 'status', type: 'bool' },
  { name: 'decode', type: 'string' },
  { name: 'generate-otp', type: 'bool' },
  { name: 'otp', type: 'string' },
  { name: 'pgp-key', type: 'string' },
  { name: 'nonce', type: 'string' },
];

const HELP = `Usage: vault operator generate-root [options] [KEY]

  Generates a new root token by combining a quorum of share holders. One of
  the following must be provided to start the root token generation:

    - A base62-encoded one-time-password (OTP) provided via the "-otp" flag.
      Use the "-generate-otp" flag to generate a usable value. The resulting
      token is XORed with this value when it is returned. Use the "-decode"
      flag to output the final value.

  An unseal key may be provided directly on the command line as an argument to
  the command. If key is specified as "-", the command will read from stdin. If
  a TTY is available, the command will prompt for text.

  Generate an OTP code for the final token:

      $ vault operator generate-root -generate-otp

  Start a root token generation:

      $ vault operator generate-root -init -otp="..."

  Enter an unseal key to progress root token generation:

      $ vault operator generate-root -otp="..."

${HTTP_OPTIONS_HELP}

${OUTPUT_OPTIONS_HELP}

Command Options:

  -cancel
      Reset the root token generation progress. This will discard any
      submitted unseal keys or configuration. The default is false.

  -decode=<string>
      The value to decode; setting this triggers a decode operation.

  -generate-otp
      Generate and print a high-entropy one-time-password (OTP) suitable for
      use with the "-init" flag. The default is false.

  -init
      Start a root token generation. This can only be done if there is not
      currently one in progress. The default is false.

  -nonce=<string>
      Nonce value provided at initialization. The same nonce value must be
      provided with each unseal key.

  -otp=<string>
      OTP code to use with "-decode" or "-init".

  -status
      Print the status of the current attempt without providing an unseal
      key. The default is false.`;

function normalise(s: Partial<GenerateRootStatusResponse> | undefined): GenerateRootStatusResponse {
  return {
    nonce: s?.nonce ?? '',
    started: s?.started ?? false,
    progress: s?.progress ?? 0,
    required: s?.required ?? 0,
    complete: s?.complete ?? false,
    encoded_token: s?.encoded_token ?? '',
    encoded_root_token: s?.encoded_root_token ?? '',
    pgp_fingerprint: s?.pgp_fingerprint ?? '',
    otp: s?.otp ?? '',
    otp_length: s?.otp_length ?? 0,
  };
}

/** printStatus: a header-less column table, or the response as JSON. */
function printStatus(io: CliIO, s: GenerateRootStatusResponse, format: OutputFormat): number {
  if (format === 'json') {
    out(io, goJson(s));
    return 0;
  }
  const rows: [string, string][] = [
    ['Nonce', s.nonce],
    ['Started', String(s.started)],
    ['Progress', `${s.progress}/${s.required}`],
    ['Complete', String(s.complete)],
  ];
  if (s.pgp_fingerprint !== '') rows.push(['PGP Fingerprint', s.pgp_fingerprint]);
  if (s.encoded_token !== '') rows.push(['Encoded Token', s.encoded_token]);
  else if (s.encoded_root_token !== '') rows.push(['Encoded Root Token', s.encoded_root_token]);
  if (s.otp !== '') {
    err(
      io,
      wrapAtLength(
        'A One-Time-Password has been generated for you and is shown in the OTP field. You will need this ' +
          'value to decode the resulting root token, so keep it safe.',
      ),
    );
    rows.push(['OTP', s.otp]);
  }
  if (s.otp_length !== 0) rows.push(['OTP Length', String(s.otp_length)]);
  out(io, columnize(rows));
  return 0;
}

/** The token from an encoded value, or Vault's error text (exit 1). */
function decodeToken(encoded: string, otp: string, otpLength: number): string {
  if (otpLength === 0) {
    let xored: Uint8Array;
    try {
      xored = xorBytes(decodeGoBase64(encoded, true), decodeGoBase64(otp, true));
    } catch (e) {
      throw new Error(`Error xoring token: ${errorText(e)}`);
    }
    try {
      return formatUuid(xored).trim();
    } catch (e) {
      throw new Error(`Error formatting base64 token value: ${errorText(e)}`);
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeGoBase64(encoded, false);
  } catch (e) {
    throw new Error(`Error decoding base64'd token: ${errorText(e)}`);
  }
  try {
    return Buffer.from(xorBytes(bytes, Buffer.from(otp, 'utf8'))).toString('utf8');
  } catch (e) {
    throw new Error(`Error xoring token: ${errorText(e)}`);
  }
}

async function statusOrExit(io: CliIO, client: VaultClient): Promise<GenerateRootStatusResponse | number> {
  try {
    return normalise(await client.generateRootStatus());
  } catch (e) {
    err(io, `Error getting root generation status: ${errorText(e)}`);
    return 2;
  }
}

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, ...FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkOptionalArg(io, p.flags.args)) return 1;
  const f = p.flags;
  const client = await p.client();

  if (f.bool('generate-otp')) {
    const status = await statusOrExit(io, client);
    if (typeof status === 'number') return status;
    const otp = generateOtp(status.otp_length);
    if (p.format === 'json') out(io, goJson({ otp, otp_length: otp.length }));
    else printRaw(io, otp);
    return 0;
  }

  if (f.string('decode') !== '') {
    const otp = f.string('otp');
    if (otp === '') {
      err(io, 'Missing otp: use -otp to supply it');
      return 1;
    }
    const status = await statusOrExit(io, client);
    if (typeof status === 'number') return status;
    let token: string;
    try {
      token = decodeToken(f.string('decode'), otp, status.otp_length);
    } catch (e) {
      err(io, errorText(e));
      return 1;
    }
    if (p.format === 'json') out(io, goJson({ token }));
    else printRaw(io, token);
    return 0;
  }

  if (f.bool('cancel')) {
    return changeAndReport(io, () => client.generateRootCancel(), {
      failure: 'Error canceling root token generation',
      success: 'Success! Root token generation canceled (if it was started)',
    });
  }

  if (f.bool('init')) {
    const otp = f.string('otp');
    const pgpKey = f.string('pgp-key');
    if (otp !== '' && pgpKey !== '') {
      err(io, 'Error initializing: cannot specify both -otp and -pgp-key');
      return 1;
    }
    let status: GenerateRootStatusResponse;
    try {
      status = normalise(await client.generateRootInit({ otp, pgp_key: pgpKey }));
    } catch (e) {
      err(io, `Error initializing root generation: ${errorText(e)}`);
      return 2;
    }
    return printStatus(io, status, p.format);
  }

  const status = await statusOrExit(io, client);
  if (typeof status === 'number') return status;
  if (f.bool('status')) return printStatus(io, status, p.format);

  if (!status.started) {
    err(io, wrapAtLength('No root generation is in progress. Start a root generation by running "vault operator generate-root -init".'));
    err(
      io,
      wrapAtLength(
        'If starting root generation using the OTP method and generating your own OTP, the length of the OTP ' +
          `string needs to be ${status.otp_length} characters in length.`,
      ),
    );
    return 1;
  }
  const input = await readKeyShare(io, {
    arg: (f.args[0] ?? '').trim(),
    nonceFlag: f.string('nonce'),
    statusNonce: status.nonce,
    nonceLine: `Operation nonce: ${status.nonce}`,
    kind: 'Unseal',
  });
  if (typeof input === 'number') return input;
  let result: GenerateRootStatusResponse;
  try {
    result = normalise(await client.generateRootUpdate({ key: input.key, nonce: input.nonce }));
  } catch (e) {
    err(io, `Error posting unseal key: ${errorText(e)}`);
    return 2;
  }
  return printStatus(io, result, p.format);
};

export const command: Command = { synopsis: 'Generates a new root token', help: HELP, flags: COMMAND_FLAGS, run };
