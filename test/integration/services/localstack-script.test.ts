/**
 * LocalStack or nothing: when LocalStack cannot be installed, test/services/localstack.sh refuses
 * moto (a mock) in CI, and elsewhere uses it only with TSVAULT_ALLOW_MOTO=1. The install failure is
 * faked offline: LOCALSTACK_PYTHON names a stand-in "python" whose venv holds a pip that always fails
 * (and logs what it was asked for), so nothing here reaches any network.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/harness.js';
import { SCRIPT, startLocalStack } from '../../support/localstack.js';

const RECIPE = /^RECIPE=(\d+)$/m.exec(readFileSync(SCRIPT, 'utf8'))![1]!;

const FAKE_PYTHON = `#!/usr/bin/env bash
case "$1" in
  -c) echo 13 ;;
  --version) echo "Python 3.13.0 (stand-in)" ;;
  -m) [[ "$2" == venv ]] || exit 1
      mkdir -p "$3/bin" && cp "$0" "$3/bin/python"
      printf '#!/usr/bin/env bash\\necho "$*" >>"%s/pip-calls.log"\\necho "stand-in pip: no index here" >&2\\nexit 1\\n' "$3" >"$3/bin/pip"
      chmod +x "$3/bin/pip" ;;
  *) exit 1 ;;
esac
`;

describe('localstack.sh: LocalStack or nothing', () => {
  let dir = '';
  let venv = '';
  let python = '';

  beforeEach(() => {
    dir = tempDir('tsvault-lsscript-');
    venv = join(dir, 'venv');
    python = join(dir, 'python');
    writeFileSync(python, FAKE_PYTHON);
    chmodSync(python, 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string>): { code: number; stderr: string } {
    const r = spawnSync('bash', [SCRIPT, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, LOCALSTACK_VENV: venv, LOCALSTACK_PYTHON: python, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: r.status ?? -1, stderr: r.stderr };
  }
  const pipCalls = (): string => (existsSync(join(venv, 'pip-calls.log')) ? readFileSync(join(venv, 'pip-calls.log'), 'utf8') : '');

  it('CI=true: a failed LocalStack install exits non-zero and never tries moto', () => {
    const r = run(['install'], { CI: 'true', TSVAULT_ALLOW_MOTO: '1' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/LocalStack could not be installed \(pip install of localstack-core [\d.]+ failed[\s\S]*moto is not accepted in CI/);
    expect(pipCalls()).toMatch(/localstack-core\[base-runtime\]==/);
    expect(pipCalls()).not.toContain('moto');
    expect(existsSync(join(venv, 'flavor'))).toBe(false);
  });

  it('outside CI without TSVAULT_ALLOW_MOTO=1: refused too, naming the opt-in', () => {
    for (const env of [{}, { CI: 'false' }, { TSVAULT_ALLOW_MOTO: 'yes' }] as Record<string, string>[]) {
      rmSync(venv, { recursive: true, force: true });
      const r = run(['install'], env);
      expect(r.code, JSON.stringify(env)).not.toBe(0);
      expect(r.stderr).toMatch(/LocalStack could not be installed .*moto, a mock, is used only with TSVAULT_ALLOW_MOTO=1/);
      expect(pipCalls()).not.toContain('moto');
    }
  });

  it('outside CI with TSVAULT_ALLOW_MOTO=1: the loud moto fallback is tried', () => {
    const r = run(['install'], { TSVAULT_ALLOW_MOTO: '1' });
    expect(r.stderr).toContain('falling back to moto');
    expect(r.stderr).toContain('rotation tests are weaker');
    expect(pipCalls()).toMatch(/moto\[server\]/);
    expect(r.code).not.toBe(0); // the stand-in pip fails the moto install as well
    expect(r.stderr).toContain('moto install failed too');
  });

  it('a moto venv left by an earlier run is refused in CI, by install and by start', () => {
    mkdirSync(venv, { recursive: true });
    writeFileSync(join(venv, 'flavor'), 'moto\n');
    writeFileSync(join(venv, 'recipe'), `${RECIPE}\n`);
    const install = run(['install'], { CI: 'true' });
    expect(install.code).not.toBe(0);
    expect(install.stderr).toMatch(/moto fallback from an earlier run\); moto is not accepted in CI/);
    const start = run(['start', '1', join(dir, 'state')], { CI: 'true' });
    expect(start.code).not.toBe(0);
    expect(start.stderr).toMatch(/moto is not accepted in CI/);
    expect(existsSync(join(dir, 'state', 'pid'))).toBe(false);
  });

  it('startLocalStack() (what the integration run calls) fails with that message in CI', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { CI: 'true', LOCALSTACK_VENV: venv, LOCALSTACK_PYTHON: python });
    try {
      await expect(startLocalStack({ dedicated: true })).rejects.toThrow(/LocalStack install failed[\s\S]*moto is not accepted in CI/);
    } finally {
      for (const k of ['CI', 'LOCALSTACK_VENV', 'LOCALSTACK_PYTHON']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });
});
