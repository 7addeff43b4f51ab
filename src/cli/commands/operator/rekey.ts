/**
 * `vault operator rekey` ([V]/[B] command/operator_rekey.go, the 1.14 wording): -init (with
 * -key-shares, -key-threshold, -target=barrier|recovery), -status, -cancel (sends -nonce, which
 * Vault 1.20+ servers require within ten minutes of -init), or a key share (argument, `-` for
 * stdin, or a hidden prompt); the new keys are printed at the threshold. Exit 0 on success, 2 on
 * an API or client error, 1 on bad usage. Not offered: -verify on its own (tsvault refuses
 * verification at -init), -backup-retrieve / -backup-delete (no PGP, so no backups).
 */
import type { VaultClient } from '../../../api/client.js';
import type { RekeyStatusResponse, RekeyTarget, RekeyUpdateResponse } from '../../../wire/rekey.js';
import { errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err, goJson, out, table, wrapAtLength, type OutputFormat } from '../../format.js';
import { HTTP_OPTIONS_HELP, OUTPUT_OPTIONS_HELP } from '../../help-text.js';
import type { CliCommand, CliIO, Command } from '../../io.js';
import { checkOptionalArg, readKeyShare } from '../../key-share-input.js';
import { changeAndReport } from '../../write-report.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'init', type: 'bool' },
  { name: 'cancel', type: 'bool' },
  { name: 'status', type: 'bool' },
  { name: 'key-shares', type: 'int', default: 5, aliases: ['n'] },
  { name: 'key-threshold', type: 'int', default: 3, aliases: ['t'] },
  { name: 'nonce', type: 'string' },
  { name: 'target', type: 'string', default: 'barrier' },
  { name: 'verify', type: 'bool' },
  { name: 'pgp-keys', type: 'string' },
  { name: 'backup', type: 'bool' },
];

const HELP = `Usage: vault operator rekey [options] [KEY]

  Generates a new set of unseal keys. This can optionally change the total
  number of key shares or the required threshold of those key shares to
  reconstruct the root key. This operation is zero downtime, but it requires
  the Vault is unsealed and a quorum of existing unseal keys are provided.

  An unseal key may be provided directly on the command line as an argument to
  the command. If key is specified as "-", the command will read from stdin. If
  a TTY is available, the command will prompt for text.

  If the flag -target=recovery is supplied, then this operation will require a
  quorum of recovery keys in order to generate a new set of recovery keys.

  Initialize a rekey:

      $ vault operator rekey \\
          -init \\
          -key-shares=15 \\
          -key-threshold=9

${HTTP_OPTIONS_HELP}

${OUTPUT_OPTIONS_HELP}

Common Options:

  -cancel
      Reset the rekeying progress. This will discard any submitted unseal
      keys, recovery keys, or configuration. The default is false.

  -init
      Initialize the rekeying operation. This can only be done if no rekeying
      operation is in progress. Customize the new number of key shares and key
      threshold using the -key-shares and -key-threshold flags. The default is
      false.

  -key-shares=<int>
      Number of key shares to split the generated root key into. This is the
      number of "unseal keys" or "recovery keys" to generate. The default is
      5. This is aliased as "-n".

  -key-threshold=<int>
      Number of key shares required to reconstruct the root key. This must be
      less than or equal to -key-shares. The default is 3. This is aliased as
      "-t".

  -nonce=<string>
      Nonce value provided at initialization. The same nonce value must be
      provided with each unseal or recovery key.

  -status
      Print the status of the current attempt without providing an unseal or
      recovery key. The default is false.

  -target=<string>
      Target for rekeying. "recovery" only applies when HSM support is
      enabled. The default is barrier.`;

/** -target values: "hsm" is Vault's old name for the recovery key. */
const TARGETS: Readonly<Record<string, RekeyTarget>> = {
  barrier: 'barrier',
  recovery: 'recovery',
  hsm: 'recovery',
};

function statusJson(s: Partial<RekeyStatusResponse> | undefined): RekeyStatusResponse {
  const r: RekeyStatusResponse = {
    nonce: s?.nonce ?? '',
    started: s?.started ?? false,
    t: s?.t ?? 0,
    n: s?.n ?? 0,
    progress: s?.progress ?? 0,
    required: s?.required ?? 0,
    pgp_fingerprints: s?.pgp_fingerprints ?? null,
    backup: s?.backup ?? false,
    verification_required: s?.verification_required ?? false,
  };
  if (s?.verification_nonce) r.verification_nonce = s.verification_nonce;
  return r;
}

function updateJson(s: Partial<RekeyUpdateResponse>): RekeyUpdateResponse {
  const r: RekeyUpdateResponse = {
    nonce: s.nonce ?? '',
    complete: s.complete ?? false,
    keys: s.keys ?? null,
    keys_base64: s.keys_base64 ?? null,
    pgp_fingerprints: s.pgp_fingerprints ?? null,
    backup: s.backup ?? false,
    verification_required: s.verification_required ?? false,
  };
  if (s.verification_nonce) r.verification_nonce = s.verification_nonce;
  return r;
}

function printStatus(io: CliIO, s: RekeyStatusResponse, format: OutputFormat): number {
  if (format === 'json') {
    out(io, goJson(s));
    return 0;
  }
  const rows: [string, string][] = [
    ['Nonce', s.nonce],
    ['Started', String(s.started)],
  ];
  if (s.started) {
    const progress = `${s.progress}/${s.required}`;
    rows.push(['Rekey Progress', s.progress === s.required ? `${progress} (verification in progress)` : progress]);
    rows.push(['New Shares', String(s.n)], ['New Threshold', String(s.t)]);
    rows.push(['Verification Required', String(s.verification_required)]);
    if (s.verification_nonce) rows.push(['Verification Nonce', s.verification_nonce]);
  }
  if (s.pgp_fingerprints && s.pgp_fingerprints.length > 0) {
    rows.push(['PGP Fingerprints', `[${s.pgp_fingerprints.join(' ')}]`], ['Backup', String(s.backup)]);
  }
  out(io, table(rows));
  return 0;
}

function printKeys(io: CliIO, target: string, status: RekeyStatusResponse, resp: RekeyUpdateResponse, format: OutputFormat): number {
  if (format === 'json') {
    out(io, goJson(resp));
    return 0;
  }
  out(io, '');
  const keys = resp.keys ?? [];
  const b64 = resp.keys_base64 && resp.keys_base64.length === keys.length ? resp.keys_base64 : undefined;
  keys.forEach((key, i) => out(io, `Key ${i + 1}: ${b64?.[i] ?? key}`));
  out(io, '');
  out(io, `Operation nonce: ${resp.nonce}`);
  out(io, '');
  if (target === 'barrier') {
    out(
      io,
      wrapAtLength(
        `Vault unseal keys rekeyed with ${status.n} key shares and a key threshold of ${status.t}. Please ` +
          'securely distribute the key shares printed above. When Vault is re-sealed, restarted, or stopped, ' +
          `you must supply at least ${status.t} of these keys to unseal it before it can start servicing requests.`,
      ),
    );
  } else {
    out(
      io,
      wrapAtLength(
        `Vault recovery keys rekeyed with ${status.n} key shares and a key threshold of ${status.t}. Please ` +
          'securely distribute the key shares printed above.',
      ),
    );
  }
  return 0;
}

async function readStatus(client: VaultClient, target: RekeyTarget): Promise<RekeyStatusResponse> {
  return statusJson(await client.rekeyStatus(target));
}

/** The status as it is now (-status, or after a key that did not complete the rekey). */
async function printCurrentStatus(io: CliIO, client: VaultClient, target: RekeyTarget, format: OutputFormat): Promise<number> {
  try {
    return printStatus(io, await readStatus(client, target), format);
  } catch (e) {
    err(io, `Error reading rekey status: ${errorText(e)}`);
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
  const target = f.string('target').trim().toLowerCase();
  const which = TARGETS[target];
  if (which === undefined) {
    err(io, `Unknown target: ${f.string('target')}`);
    return 1;
  }
  const kind = which === 'barrier' ? 'Unseal' : 'Recovery';

  if (f.bool('verify') && !f.bool('init')) {
    err(io, 'Rekey verification is not supported by tsvault: the new keys take effect when the rekey completes');
    return 1;
  }

  if (f.bool('cancel')) {
    const nonce = f.string('nonce');
    return changeAndReport(io, () => client.rekeyCancel(which, nonce), {
      failure: 'Error canceling rekey',
      success: 'Success! Canceled rekeying (if it was started)',
    });
  }

  if (f.bool('init')) {
    const pgpKeys = f.string('pgp-keys') === '' ? null : f.string('pgp-keys').split(',').map((k) => k.trim());
    let status: RekeyStatusResponse;
    try {
      status = statusJson(
        await client.rekeyInit(which, {
          secret_shares: f.int('key-shares'),
          secret_threshold: f.int('key-threshold'),
          stored_shares: 0,
          pgp_keys: pgpKeys,
          backup: f.bool('backup'),
          require_verification: f.bool('verify'),
        }),
      );
    } catch (e) {
      err(io, `Error initializing rekey: ${errorText(e)}`);
      return 2;
    }
    if (pgpKeys === null && p.format === 'table') {
      err(
        io,
        wrapAtLength(
          'WARNING! If you lose the keys after they are returned, there is no recovery. Consider canceling ' +
            `this operation and re-initializing with the -pgp-keys flag to protect the returned ${kind.toLowerCase()} ` +
            'keys along with -backup to allow recovery of the encrypted keys in case of emergency. You can ' +
            'delete the stored keys later using the -delete flag.',
        ),
      );
      out(io, '');
    }
    return printStatus(io, status, p.format);
  }

  if (f.bool('status')) return printCurrentStatus(io, client, which, p.format);

  let status: RekeyStatusResponse;
  try {
    status = await readStatus(client, which);
  } catch (e) {
    err(io, `Error getting rekey status: ${errorText(e)}`);
    return 2;
  }
  if (!status.started) {
    err(io, wrapAtLength('No rekey is in progress. Start a rekey process by running "vault operator rekey -init".'));
    return 1;
  }
  const input = await readKeyShare(io, {
    arg: (f.args[0] ?? '').trim(),
    nonceFlag: f.string('nonce'),
    statusNonce: status.nonce,
    nonceLine: `Rekey operation nonce: ${status.nonce}`,
    kind,
  });
  if (typeof input === 'number') return input;
  let resp: RekeyUpdateResponse;
  try {
    // An empty answer fails here, inside the try, as it always has.
    resp = updateJson((await client.rekeyUpdate(which, input))!);
  } catch (e) {
    err(io, `Error posting unseal key: ${errorText(e)}`);
    return 2;
  }
  if (!resp.complete) return printCurrentStatus(io, client, which, p.format);
  return printKeys(io, target === 'barrier' ? 'barrier' : 'recovery', status, resp, p.format);
};

export const command: Command = { synopsis: 'Generates new unseal keys', help: HELP, flags: COMMAND_FLAGS, run };
