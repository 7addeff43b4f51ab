/**
 * A real PKCS#11 token for tests: SoftHSM2 from Debian (test/services/softhsm.sh), with its own
 * token directory and SOFTHSM2_CONF in a temp folder, never the system's. softhsm.sh installs the
 * package with apt-get where it is missing. When SoftHSM2 cannot be installed or a token cannot be
 * made, startSoftHsm() throws: the suite fails, in CI and elsewhere; it is never skipped.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './harness.js';

export const SCRIPT = join(ROOT, 'test/services/softhsm.sh');

export interface SoftHsm {
  /** The folder holding softhsm2.conf and tokens/. */
  readonly dir: string;
  /** Path of softhsm2.conf: give it to every process as SOFTHSM2_CONF. */
  readonly conf: string;
  /** Path of libsofthsm2.so (the seal's `lib`). */
  readonly lib: string;
  /** The first token's slot id (decimal) and label, as initialised. */
  readonly slot: string;
  readonly tokenLabel: string;
  readonly pin: string;
  /** { SOFTHSM2_CONF } for child processes. */
  readonly env: Record<string, string>;
  /** Another token in the same store; returns its slot id. */
  addToken(label: string, pin: string): string;
  /** Removes the token directory. */
  remove(): void;
}

function run(args: string[], env: Record<string, string | undefined> = process.env): Record<string, string> {
  const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env, timeout: 10 * 60_000 });
  if (r.status !== 0) {
    throw new Error(`softhsm.sh ${args[0]} failed (exit ${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-4000)}`);
  }
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

let installed = false;

/** SoftHSM2 installed (apt-get where missing) and a fresh token store with one token. */
export function startSoftHsm(opts: { tokenLabel?: string; pin?: string } = {}): SoftHsm {
  if (!installed) {
    run(['install']);
    installed = true;
  }
  const dir = join(tempDir('tsvault-softhsm-'), 'hsm');
  const tokenLabel = opts.tokenLabel ?? 'tsvault-test';
  const pin = opts.pin ?? 'tsvault-HSM-pin-8642';
  const first = run(['init', dir, tokenLabel, pin]);
  const conf = first.SOFTHSM2_CONF;
  const lib = first.SOFTHSM_LIB;
  const slot = first.SOFTHSM_SLOT;
  if (!conf || !lib || !slot) throw new Error(`softhsm.sh init printed no SOFTHSM2_CONF/SOFTHSM_LIB/SOFTHSM_SLOT: ${JSON.stringify(first)}`);
  return {
    dir,
    conf,
    lib,
    slot,
    tokenLabel,
    pin,
    env: { SOFTHSM2_CONF: conf },
    addToken(label, tokenPin) {
      const more = run(['init', dir, label, tokenPin]);
      return more.SOFTHSM_SLOT!;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
