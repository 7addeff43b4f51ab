/**
 * `vault operator diagnose -config=…`: one fixture per failure it must catch — bad HCL, storage
 * the server's user cannot write, a missing seal plugin, an unreachable KMS endpoint (a closed
 * loopback port), a key that does not match its certificate, a port already in use — and one
 * configuration where every check passes (awskms against LocalStack, TLS, file storage).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCert, type TestCert } from '../support/certs.js';
import { CLI, assertBuilt, freePort, runCli, tempDir, type CliResult } from '../support/harness.js';
import { startLocalStack, type LocalStack } from '../support/localstack.js';

const AWS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true' };

interface Fixture {
  dir: string;
  config: string;
  address: string;
}

let kms: LocalStack;
let keyId: string;
let good: TestCert;
let other: TestCert;

beforeAll(async () => {
  assertBuilt();
  kms = await startLocalStack();
  keyId = await kms.createKey();
  const certs = tempDir('tsvault-diag-certs-');
  good = makeCert(certs, 'good');
  other = makeCert(certs, 'other');
}, 300_000);
afterAll(async () => {
  await kms?.stop();
});

/** A fixture directory with a 0700 data dir and a vault.hcl: TLS listener on a free port, `extra` appended. */
async function fixture(opts: { extra?: string; keyFile?: string; address?: string; seal?: string } = {}): Promise<Fixture> {
  const dir = tempDir('tsvault-diag-');
  mkdirSync(join(dir, 'data'), { mode: 0o700 });
  const address = opts.address ?? `127.0.0.1:${await freePort()}`;
  const config = join(dir, 'vault.hcl');
  writeFileSync(
    config,
    `ui = true\n\nstorage "file" {\n  path = "${join(dir, 'data')}"\n}\n\nlistener "tcp" {\n  address = "${address}"\n` +
      `  tls_cert_file = "${good.cert}"\n  tls_key_file = "${opts.keyFile ?? good.key}"\n}\n${opts.seal ?? ''}${opts.extra ?? ''}`,
  );
  return { dir, config, address };
}

function diagnose(f: Fixture, env: Record<string, string> = {}): CliResult {
  return runCli(['operator', 'diagnose', `-config=${f.config}`], { HOME: f.dir, ...env });
}

/** The result lines, without the version line. */
function results(r: CliResult): string {
  return r.stdout.split('\nResults:\n')[1] ?? '';
}

describe('vault operator diagnose', () => {
  it('all green: every check passes, exit 0, the probe key removed again', async () => {
    const f = await fixture({
      seal: `\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${kms.endpoint}"\n}\n`,
    });
    const r = diagnose(f, AWS_ENV);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Vault v\S+ \(tsvault\), built \S+\n\nResults:\n\[ success \] Vault Diagnose\n/);
    const lines = results(r).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^( {2})*\[ success \] /);
    expect(results(r)).toContain(
      [
        '  [ success ] Parse Configuration: Vault configuration syntax is ok.',
        '  [ success ] Check Storage',
        `    [ success ] Check Storage Directory: ${join(f.dir, 'data')} exists, mode 0700, owned by uid ${process.getuid?.()} and writable.`,
        '    [ success ] Create Storage Backend: file storage opened.',
      ].join('\n'),
    );
    expect(results(r)).toMatch(/\n {4}\[ success \] Check Storage Access: write, read and delete of diagnose\/latency\/[0-9a-f-]{36} took at most/);
    expect(results(r)).toMatch(/\n {4}\[ success \] Load Seal Plugin: "awskms" from .*\n {4}\[ success \] Create Seal Wrapper: awskms seal created\.\n/);
    expect(results(r)).toMatch(/\n {4}\[ success \] Check Listener TLS: 1 listener\(s\) checked\.\n {4}\[ success \] Create Listeners: 1 listener address\(es\) free to bind\.\n/);
    expect(results(r)).toMatch(/\n {2}\[ success \] Check Autounseal Encryption: awskms round trip in \d+ ms, key id arn:aws:kms:/);
    expect(readdirSync(join(f.dir, 'data'))).toEqual([]);
  });

  it('bad HCL: the parse error with its position, exit 4 (diagnose cannot go on)', async () => {
    const f = await fixture({ extra: '\nseal "awskms" {\n  region = \n' });
    const r = diagnose(f);
    expect(r.code).toBe(4);
    expect(results(r)).toMatch(
      new RegExp(`^\\[ failure \\] Vault Diagnose\\n {2}\\[ failure \\] Parse Configuration: Could not parse configuration: ${f.config}:\\d+:\\d+: .+\\.\\n$`),
    );
  });

  it('unwritable storage: the directory check fails, exit 1', async () => {
    const f = await fixture();
    let r: CliResult;
    const root = process.getuid?.() === 0;
    if (root) {
      // Root writes anywhere: run diagnose as nobody, as a server user that does not own the data.
      for (const p of [f.dir]) chmodSync(p, 0o755);
      chmodSync(f.config, 0o644);
      const run = spawnSync(process.execPath, [CLI, 'operator', 'diagnose', `-config=${f.config}`], {
        env: { PATH: process.env.PATH ?? '', HOME: f.dir },
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        timeout: 30_000,
      });
      r = { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
    } else {
      chmodSync(join(f.dir, 'data'), 0o500);
      r = diagnose(f);
    }
    expect(r.code).toBe(1);
    const uid = root ? 65534 : process.getuid?.();
    expect(results(r)).toContain(
      `    [ failure ] Check Storage Directory: Storage directory ${join(f.dir, 'data')} is not writable by uid ${uid}: EACCES.\n`,
    );
    expect(results(r)).toContain('    [ skipped ] Check Storage Access: The storage directory is unusable.\n');
    expect(results(r)).toMatch(/^\[ failure \] Vault Diagnose\n {2}\[ success \] Parse Configuration.*\n {2}\[ failure \] Check Storage\n/);
  });

  it('missing seal plugin: the loader error, exit 1', async () => {
    const f = await fixture({ seal: '\nseal "nosuchseal" {\n}\n' });
    const r = diagnose(f);
    expect(r.code).toBe(1);
    expect(results(r)).toMatch(/\n {2}\[ failure \] Create Vault Server Configuration Seals\n {4}\[ failure \] Load Seal Plugin: .*nosuchseal.*\n/);
    expect(results(r)).toContain('    [ skipped ] Create Seal Wrapper: No seal plugin to create the seal with.\n');
    expect(results(r)).toContain('  [ failure ] Check Autounseal Encryption: Diagnose could not create a barrier seal object.\n');
  });

  it('unreachable KMS endpoint (a closed loopback port): the round trip fails, exit 1', async () => {
    const closed = await freePort();
    const f = await fixture({
      seal: `\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "alias/diagnose"\n  endpoint = "http://127.0.0.1:${closed}"\n}\n`,
    });
    const r = diagnose(f, AWS_ENV);
    expect(r.code).toBe(1);
    expect(results(r)).toMatch(/\n {4}\[ warning \] Create Seal Wrapper: awskms seal created\.\n {6}\[ warning \] awskms seal could not reach KMS at start; will retry: error=.*ECONNREFUSED/);
    expect(results(r)).toMatch(new RegExp(`\\n {2}\\[ failure \\] Check Autounseal Encryption: error encrypting data: .*ECONNREFUSED 127\\.0\\.0\\.1:${closed}`));
  });

  it('certificate/key mismatch: Check Listener TLS fails, exit 1', async () => {
    const f = await fixture({ keyFile: other.key });
    const r = diagnose(f);
    expect(r.code).toBe(1);
    expect(results(r)).toContain(
      `    [ failure ] Check Listener TLS: Listener at address ${f.address}: tls: private key does not match public key (${other.key} is not the key of ${good.cert}).\n`,
    );
  });

  it('port in use: Create Listeners fails, exit 1', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)));
    try {
      const f = await fixture({ address: `127.0.0.1:${port}` });
      const r = diagnose(f);
      expect(r.code).toBe(1);
      expect(results(r)).toContain(
        `    [ failure ] Create Listeners: Error initializing listener of type tcp: listen tcp 127.0.0.1:${port}: bind: address already in use\n`,
      );
      // -skip=listener (diagnose next to a running server) leaves the port alone.
      const skipped = runCli(['operator', 'diagnose', `-config=${f.config}`, '-skip=listener'], { HOME: f.dir });
      expect(skipped.code).toBe(0);
      expect(results(skipped)).toContain('    [ skipped ] Create Listeners: Skipped (-skip=listener).\n');
    } finally {
      taken.close();
    }
  });

  it('usage errors exit 3', () => {
    const r = runCli(['operator', 'diagnose'], { HOME: tempDir() });
    expect(r).toMatchObject({ code: 3, stderr: 'Must specify a configuration file using -config.\n' });
  });
});
