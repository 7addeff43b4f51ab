/**
 * HashiCorp Vault's own Go client (github.com/hashicorp/vault/api with its approle and userpass
 * login helpers) against a tsvault dev server: test/conformance/go/main.go runs the steps and
 * prints `ok <step>` for each; this test builds it, runs it and expects every step. Without a Go
 * toolchain the test fails (never skips): the project's machines have Go.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { ROOT, tempDir } from '../support/harness.js';
import { recordSecret } from '../support/leak-check.js';

const PROGRAM = join(ROOT, 'test/conformance/go');

/** Every step main.go runs, in its order. */
const STEPS = [
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

describe('Vault Go client (hashicorp/vault/api) against tsvault', () => {
  let dev: DevServer;
  let run: { code: number | null; stdout: string; stderr: string };
  let lines: string[] = [];

  beforeAll(async () => {
    const go = goBinary();
    const work = tempDir('tsvault-go-');
    const bin = join(work, 'conformance');
    // The first build downloads the modules (go.sum pins them) and compiles the client: minutes at most.
    const build = spawnSync(go, ['build', '-o', bin, '.'], {
      cwd: PROGRAM,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
      encoding: 'utf8',
      timeout: 280_000,
    });
    if (build.status !== 0) throw new Error(`go build failed (${build.status ?? build.signal}):\n${build.stdout}${build.stderr}`);

    dev = await startDevServer('tsvault-go-client-');
    const secretsFile = join(work, 'secrets.txt');
    const started = Date.now();
    const r = spawnSync(bin, [], {
      env: { PATH: process.env.PATH ?? '', HOME: work, VAULT_ADDR: dev.url, VAULT_TOKEN: dev.rootToken, TSVAULT_SECRETS_FILE: secretsFile },
      encoding: 'utf8',
      timeout: 60_000,
    });
    run = { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    lines = run.stdout.split('\n');
    if (existsSync(secretsFile)) recordSecret(...readFileSync(secretsFile, 'utf8').split('\n').filter(Boolean));
    process.stdout.write(`go conformance program ran in ${Date.now() - started} ms\n`);
  }, 300_000);

  afterAll(async () => {
    await dev?.stop();
  });

  it.each(STEPS)('%s', (step) => {
    const line = lines.find((l) => l === `ok ${step}` || l.startsWith(`FAIL ${step}:`));
    expect(line, `no line for ${step}; output:\n${run.stdout}${run.stderr}`).toBe(`ok ${step}`);
  });

  it('runs every step and exits 0', () => {
    expect(run.stderr).toBe('');
    expect(lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3))).toEqual(STEPS);
    expect(run.code, run.stdout).toBe(0);
    expect(lines).toContain('all steps passed');
  });
});
