/**
 * SoftHSM2 or nothing: test/services/softhsm.sh installs Debian's softhsm2 with apt-get (update
 * first) where softhsm2-util is missing, fails loudly when it cannot, and gives every caller its
 * own token store. A machine without SoftHSM2 is played offline: SOFTHSM2_UTIL names a command
 * that does not exist, and stand-ins for apt-get and sudo come first on PATH and log their calls.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/harness.js';
import { SCRIPT } from '../../support/softhsm.js';

const MISSING = 'softhsm2-util-not-installed-here';

describe('softhsm.sh: SoftHSM2 or nothing', () => {
  let dir = '';

  beforeEach(() => {
    dir = tempDir('tsvault-hsmscript-');
    // sudo: drops -n and runs the rest (the script uses it only when not root).
    writeFileSync(join(dir, 'sudo'), '#!/usr/bin/env bash\n[[ "$1" == -n ]] && shift\nexec "$@"\n');
    chmodSync(join(dir, 'sudo'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** apt-get that logs its arguments; `install` fails, or "installs" a stand-in softhsm2-util. */
  function fakeAptGet(install: 'fails' | 'works'): void {
    const onInstall = install === 'fails'
      ? 'echo "E: Unable to locate package softhsm2" >&2; exit 100'
      : `printf '#!/usr/bin/env bash\\necho 2.6.1\\n' >"${dir}/${MISSING}"; chmod +x "${dir}/${MISSING}"`;
    writeFileSync(
      join(dir, 'apt-get'),
      `#!/usr/bin/env bash\necho "$*" >>"${dir}/apt-calls.log"\ncase " $* " in *" install "*) ${onInstall} ;; esac\nexit 0\n`,
    );
    chmodSync(join(dir, 'apt-get'), 0o755);
  }

  function run(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
    const r = spawnSync('bash', [SCRIPT, ...args], {
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir, SOFTHSM2_UTIL: MISSING, CI: 'true', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  const aptCalls = (): string[] => (existsSync(join(dir, 'apt-calls.log')) ? readFileSync(join(dir, 'apt-calls.log'), 'utf8').trim().split('\n') : []);

  it('missing and apt-get cannot install it: exits non-zero with the reason (CI fails, never skips)', () => {
    fakeAptGet('fails');
    const r = run(['install']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/softhsm\.sh: error: apt-get install softhsm2 failed/);
    expect(aptCalls()).toEqual(['update -q', 'install -y -q --no-install-recommends softhsm2']);
  });

  it('missing: apt-get update, then apt-get install softhsm2, then it is there', () => {
    fakeAptGet('works');
    const lib = join(dir, 'libsofthsm2.so');
    writeFileSync(lib, '');
    const r = run(['install'], { SOFTHSM_LIB: lib });
    expect(r.code, r.stderr).toBe(0);
    expect(aptCalls()).toEqual(['update -q', 'install -y -q --no-install-recommends softhsm2']);
    expect(r.stderr).toContain(`installed: 2.6.1 (${lib})`);
  });

  it('init never writes outside its folder: its own softhsm2.conf and token directory', () => {
    const store = join(dir, 'store');
    const r = run(['init', store, 'label-x', 'pin-for-script-test'], { SOFTHSM2_UTIL: 'softhsm2-util' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^SOFTHSM2_CONF=${store}/softhsm2.conf$`, 'm'));
    expect(r.stdout).toMatch(/^SOFTHSM_SLOT=\d+$/m);
    expect(r.stdout).toMatch(/^SOFTHSM_TOKEN_LABEL=label-x$/m);
    expect(readFileSync(join(store, 'softhsm2.conf'), 'utf8')).toContain(`directories.tokendir = ${store}/tokens`);
    expect(`${r.stdout}${r.stderr}`).not.toContain('pin-for-script-test');
  });
});
