/**
 * Vault's Go client libraries against a tsvault server that has not been initialised:
 * test/conformance/go is one program built twice, with HashiCorp's github.com/hashicorp/vault/api
 * (go.mod) and with OpenBao's github.com/openbao/openbao/api/v2 in its place (openbao.mod, a
 * replace directive). It inits, unseals and drives the server (mounts, KV v1/v2 through the
 * KVv1/KVv2 helpers, Logical().List, transit, tokens, policies, auth methods, wrapping,
 * generate-root, rekey, the keyring) and prints `ok <step>` or `FAIL <step>: <why>` for each, then
 * `N passed, N failed`. The modules are fetched here (`go mod download`, pinned by go.sum and
 * openbao.sum). Without a Go toolchain the test fails (never skips): the project's machines have Go.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ServerProcess, tempDir } from '../support/harness.js';
import { recordSecret } from '../support/leak-check.js';

const PROGRAM = join(ROOT, 'test/conformance/go');

/** Every step the program runs, in its order. */
const STEPS = [
  'init-status',
  'init',
  'unseal',
  'health-and-leader',
  'mounts-enable',
  'mounts-tune',
  'mounts-disable',
  'kv1-put-get-delete',
  'kv2-put-get-versions',
  'kv2-patch',
  'kv2-metadata',
  'kv2-delete-undelete-destroy',
  'kv2-rollback-and-delete-metadata',
  'logical-list',
  'transit-keys',
  'transit-encrypt-decrypt',
  'transit-rotate-rewrap',
  'transit-batch-and-datakey',
  'transit-sign-verify',
  'token-create-lookup',
  'token-renew',
  'token-revoke',
  'policies-crud',
  'policies-enforced',
  'enable-auth',
  'enable-auth-twice',
  'policy-and-secret',
  'approle-role',
  'read-role-id',
  'wrapped-secret-id',
  'wrapping-lookup',
  'unwrap-secret-id',
  'unwrap-twice',
  'approle-login',
  'approle-token-reads',
  'approle-wrong-secret-id',
  'approle-login-with-wrapping-token',
  'userpass-login',
  'userpass-wrong-password',
  'wrapped-kv-read',
  'sys-wrap-unwrap',
  'token-role-create',
  'lease-lookup',
  'lease-renew-refused',
  'lease-revoke',
  'disable-auth',
  'generate-root',
  'generate-root-cancel',
  'rekey',
  'seal-and-unseal-with-new-keys',
  'key-status-and-rotate',
];

interface Library {
  name: string;
  /** go.mod for HashiCorp's library, openbao.mod for OpenBao's. */
  modfile: string;
  /**
   * Steps known to fail with this library and why: each must fail with a line containing `text`
   * (an expected failure, strict: once it passes the entry must go).
   */
  pending: Record<string, { text: string; why: string }>;
}

const LIBRARIES: Library[] = [
  { name: 'github.com/hashicorp/vault/api v1.23.0', modfile: 'go.mod', pending: {} },
  {
    name: 'github.com/openbao/openbao/api/v2 v2.7.1',
    modfile: 'openbao.mod',
    pending: {},
  },
];

function goBinary(): string {
  const found = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (found.status === 0) return 'go';
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error(
    `the Go toolchain is missing (no \`go\` on PATH${process.env.CI ? ', CI=true' : ''}): ` +
      'this conformance test needs it and fails rather than skip',
  );
}

/** Fetch the modules the sums pin, then build without touching go.mod or the sums. */
function build(go: string, modfile: string, out: string): void {
  const env = { ...process.env, GOFLAGS: '-mod=readonly -buildvcs=false' };
  const flag = modfile === 'go.mod' ? [] : [`-modfile=${modfile}`];
  for (const args of [['mod', 'download', ...flag], ['build', ...flag, '-o', out, '.']]) {
    const r = spawnSync(go, args, { cwd: PROGRAM, env, encoding: 'utf8', timeout: 280_000 });
    if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
}

describe.each(LIBRARIES)('Vault Go client $name against tsvault', (lib) => {
  let server: ServerProcess;
  let run: { code: number | null; stdout: string; stderr: string };
  let lines: string[] = [];

  beforeAll(async () => {
    const go = goBinary();
    const work = tempDir('tsvault-go-');
    const bin = join(work, 'conformance');
    build(go, lib.modfile, bin);

    server = await ServerProcess.withFileStorage();
    await server.start();
    const secretsFile = join(work, 'secrets.txt');
    const started = Date.now();
    const r = spawnSync(bin, [], {
      env: { PATH: process.env.PATH ?? '', HOME: work, VAULT_ADDR: `http://${server.address}`, TSVAULT_SECRETS_FILE: secretsFile },
      encoding: 'utf8',
      timeout: 120_000,
    });
    run = { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    lines = run.stdout.split('\n');
    if (existsSync(secretsFile)) recordSecret(...readFileSync(secretsFile, 'utf8').split('\n').filter(Boolean));
    process.stdout.write(`go conformance (${lib.name}) ran in ${Date.now() - started} ms: ${lines.find((l) => / passed, \d+ failed$/.test(l))}\n`);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it.each(STEPS)('%s', (step) => {
    const line = lines.find((l) => l === `ok ${step}` || l.startsWith(`FAIL ${step}:`));
    const pending = lib.pending[step];
    if (pending) {
      expect(line, `${step} passes now: remove it from pending (${pending.why})`).toMatch(/^FAIL /);
      expect(run.stdout).toContain(pending.text);
      return;
    }
    expect(line, `no line for ${step}; output:\n${run.stdout}${run.stderr}`).toBe(`ok ${step}`);
  });

  it('runs every step, counts them and exits 0 only when none failed', () => {
    const failing = Object.keys(lib.pending);
    expect(run.stderr).toBe('');
    expect(lines.filter((l) => /^(ok|FAIL) /.test(l)).map((l) => l.replace(/^(ok|FAIL) ([^:]+).*$/, '$2'))).toEqual(STEPS);
    expect(lines).toContain(`${STEPS.length - failing.length} passed, ${failing.length} failed`);
    expect(run.code, run.stdout).toBe(failing.length === 0 ? 0 : 1);
  });
});
