/**
 * `vault operator init` ([V]/[B] command/operator_init.go, the newer form that reads
 * sys/seal-status first and defaults only the key set the seal uses).
 * Exit 0 on success, 2 on an API or client error, 1 on bad flags.
 * `-status`: 0 initialized, 2 not initialized, 1 error.
 */
import type { VaultClient } from '../../../api/client.js';
import type { InitRequest, InitResponse } from '../../../wire/init.js';
import { checkArgCount, errorText, FORMAT_FLAGS, HTTP_FLAGS, prepare } from '../../command.js';
import type { FlagSpec } from '../../flags.js';
import { err, goJson, out, wrapAtLength, type OutputFormat } from '../../format.js';
import { HTTP_OPTIONS_HELP, OUTPUT_OPTIONS_HELP } from '../../help-text.js';
import type { CliCommand, CliIO, Command } from '../../io.js';

const DEFAULT_SHARES = 5;
const DEFAULT_THRESHOLD = 3;

const INIT_FLAGS: readonly FlagSpec[] = [
  { name: 'status', type: 'bool' },
  { name: 'key-shares', type: 'int', aliases: ['n'] },
  { name: 'key-threshold', type: 'int', aliases: ['t'] },
  { name: 'recovery-shares', type: 'int' },
  { name: 'recovery-threshold', type: 'int' },
  { name: 'stored-shares', type: 'int', default: -1 },
];

const HELP = `Usage: vault operator init [options]

  Initializes a Vault server. Initialization is the process by which Vault's
  storage backend is prepared to receive data. Since Vault servers share the
  same storage backend in HA mode, you only need to initialize one Vault to
  initialize the storage backend.

  During initialization, Vault generates an in-memory root key and applies
  Shamir's secret sharing algorithm to disassemble that root key into a
  configuration number of key shares such that a configurable subset of those
  key shares must come together to regenerate the root key. These keys are
  often called "unseal keys" in Vault's documentation.

  This command cannot be run against an already-initialized Vault cluster.

  Start initialization with the default options:

      $ vault operator init

${HTTP_OPTIONS_HELP}

${OUTPUT_OPTIONS_HELP}

Common Options:

  -key-shares=<int>
      Number of key shares to split the generated root key into. This is the
      number of "unseal keys" to generate. This is aliased as "-n".

  -key-threshold=<int>
      Number of key shares required to reconstruct the root key. This must be
      less than or equal to -key-shares. This is aliased as "-t".

  -status
      Print the current initialization status. An exit code of 0 means the
      Vault is already initialized. An exit code of 1 means an error occurred.
      An exit code of 2 means the Vault is not initialized. The default is
      false.

Auto Unseal Options:

  -recovery-shares=<int>
      Number of key shares to split the recovery key into. This is only used
      in auto-unseal mode.

  -recovery-threshold=<int>
      Number of key shares required to reconstruct the recovery key. This is
      only used in Auto Unseal mode.`;

const COMMAND_FLAGS: readonly FlagSpec[] = [...HTTP_FLAGS, ...FORMAT_FLAGS, ...INIT_FLAGS];

const run: CliCommand = async (args, io) => {
  const p = prepare(io, args, COMMAND_FLAGS);
  if (typeof p === 'number') return p;
  if (!checkArgCount(io, p.flags.args, 0)) return 1;
  if (p.flags.int('stored-shares') !== -1) {
    err(io, '-stored-shares has no effect and will be removed in Vault 1.3.\n');
  }

  const client = await p.client();
  let recoverySeal: boolean;
  try {
    recoverySeal = (await client.sealStatus()).recovery_seal === true;
  } catch (e) {
    err(io, errorText(e));
    return 2;
  }
  if (p.flags.bool('status')) return initStatus(io, client, p.format);

  const f = p.flags;
  const orDefault = (v: number, d: number): number => (v === 0 ? d : v);
  const shares = recoverySeal ? f.int('key-shares') : orDefault(f.int('key-shares'), DEFAULT_SHARES);
  const threshold = recoverySeal ? f.int('key-threshold') : orDefault(f.int('key-threshold'), DEFAULT_THRESHOLD);
  const rShares = recoverySeal ? orDefault(f.int('recovery-shares'), DEFAULT_SHARES) : f.int('recovery-shares');
  const rThreshold = recoverySeal
    ? orDefault(f.int('recovery-threshold'), DEFAULT_THRESHOLD)
    : f.int('recovery-threshold');

  // Only the set the seal uses, plus whatever the operator asked for explicitly (which the
  // server then rejects with Vault's "parameters ... not applicable to seal type" error).
  const req: InitRequest = {};
  if (shares !== 0) req.secret_shares = shares;
  if (threshold !== 0) req.secret_threshold = threshold;
  if (rShares !== 0) req.recovery_shares = rShares;
  if (rThreshold !== 0) req.recovery_threshold = rThreshold;

  let resp: InitResponse;
  try {
    resp = await client.init(req);
  } catch (e) {
    err(io, `Error initializing: ${errorText(e)}`);
    return 2;
  }
  if (p.format === 'json') {
    out(io, goJson(machineInit(req, resp)));
    return 0;
  }
  printInit(io, req, resp);
  return 0;
};

async function initStatus(io: CliIO, client: VaultClient, format: OutputFormat): Promise<number> {
  let initialized: boolean;
  try {
    initialized = (await client.initStatus()).initialized === true;
  } catch (e) {
    err(io, `Error checking init status: ${errorText(e)}`);
    return 1; // 2 means "not initialized" here
  }
  if (format === 'json') out(io, goJson({ initialized }));
  else out(io, initialized ? 'Vault is initialized' : 'Vault is not initialized');
  return initialized ? 0 : 2;
}

function printInit(io: CliIO, req: InitRequest, resp: InitResponse): void {
  const keys = resp.keys ?? [];
  const keysB64 = resp.keys_base64 ?? [];
  keys.forEach((key, i) => {
    out(io, `Unseal Key ${i + 1}: ${keysB64.length === keys.length ? keysB64[i] : key}`);
  });
  const rKeys = resp.recovery_keys ?? [];
  const rKeysB64 = resp.recovery_keys_base64 ?? [];
  rKeys.forEach((key, i) => {
    out(io, `Recovery Key ${i + 1}: ${rKeysB64.length === rKeys.length ? rKeysB64[i] : key}`);
  });
  out(io, '');
  out(io, `Initial Root Token: ${resp.root_token}`);

  const t = req.secret_threshold ?? 0;
  if (keys.length > 0) {
    out(io, '');
    out(
      io,
      wrapAtLength(
        `Vault initialized with ${req.secret_shares ?? 0} key shares and a key threshold of ${t}. Please ` +
          'securely distribute the key shares printed above. When the Vault is ' +
          `re-sealed, restarted, or stopped, you must supply at least ${t} of ` +
          'these keys to unseal it before it can start servicing requests.',
      ),
    );
    out(io, '');
    out(
      io,
      wrapAtLength(
        `Vault does not store the generated root key. Without at least ${t} ` +
          'keys to reconstruct the root key, Vault will remain permanently sealed!',
      ),
    );
    out(io, '');
    out(
      io,
      wrapAtLength(
        'It is possible to generate new unseal keys, provided you have a quorum ' +
          'of existing unseal keys shares. See "vault operator rekey" for more information.',
      ),
    );
  } else {
    out(io, '');
    out(io, 'Success! Vault is initialized');
  }
  if (rKeys.length > 0) {
    out(io, '');
    out(
      io,
      wrapAtLength(
        `Recovery key initialized with ${req.recovery_shares ?? 0} key shares and a key threshold of ` +
          `${req.recovery_threshold ?? 0}. Please securely distribute the key shares printed above.`,
      ),
    );
  }
}

/** Vault's machineInit JSON ([V] operator_init.go newMachineInit). */
function machineInit(req: InitRequest, resp: InitResponse): Record<string, unknown> {
  const keys = resp.keys ?? [];
  return {
    unseal_keys_b64: resp.keys_base64 ?? [],
    unseal_keys_hex: keys,
    // No keys back means the seal stores them, so shares and threshold were forced to 1.
    unseal_shares: keys.length === 0 ? 1 : (req.secret_shares ?? 0),
    unseal_threshold: keys.length === 0 ? 1 : (req.secret_threshold ?? 0),
    recovery_keys_b64: resp.recovery_keys_base64 ?? [],
    recovery_keys_hex: resp.recovery_keys ?? [],
    recovery_keys_shares: req.recovery_shares ?? 0,
    recovery_keys_threshold: req.recovery_threshold ?? 0,
    root_token: resp.root_token,
  };
}

export const command: Command = { synopsis: 'Initializes a server', help: HELP, flags: COMMAND_FLAGS, run };
