/**
 * A TLS listener, and the CLI reaching it with -ca-cert / VAULT_CACERT or VAULT_SKIP_VERIFY; then
 * `tls_min_version` on real handshakes (node:tls and `openssl s_client`), before and after a SIGHUP
 * that changes it (tsvault applies it live, see the README; Vault itself only reloads the
 * certificate and key on SIGHUP).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type SecureVersion } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeCert, type TestCert } from '../support/certs.js';
import { ServerProcess, tempDir } from '../support/harness.js';

describe('listener "tcp" with TLS', () => {
  let server: ServerProcess;
  let ca: string;

  beforeAll(async () => {
    const dir = tempDir('tsvault-tls-');
    ca = join(dir, 'tls.crt');
    const key = join(dir, 'tls.key');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', ca, '-days', '1',
      '-subj', '/O=tsvault test/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    server = await ServerProcess.withFileStorage();
    const port = server.address.split(':')[1];
    // Replace the plain listener with a TLS one on the same port.
    const text = readFileSync(server.configPath, 'utf8').replace(
      /listener "tcp" \{[^}]*\}/,
      `listener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_cert_file = "${ca}"\n  tls_key_file = "${key}"\n  tls_min_version = "tls12"\n}`,
    );
    writeFileSync(server.configPath, text);
    await server.start([`-config=${server.configPath}`], 'https');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const https = (): Record<string, string> => ({ VAULT_ADDR: `https://${server.address}` });

  it('serves the API over TLS to a client that trusts the certificate', () => {
    const withFlag = server.vault(['status', `-ca-cert=${ca}`], undefined, https());
    expect(withFlag.code).toBe(2);
    expect(withFlag.stdout).toMatch(/^Sealed +true$/m);
    expect(server.vault(['status'], undefined, { ...https(), VAULT_CACERT: ca }).code).toBe(2);
    expect(server.vault(['status'], undefined, { ...https(), VAULT_SKIP_VERIFY: 'true' }).code).toBe(2);
  });

  it('a client that does not trust it gets an error, exit 1', () => {
    const r = server.vault(['status'], undefined, https());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error checking seal status');
  });

  it('the banner says TLS is enabled', () => {
    expect(server.output).toMatch(/Listener 1: tcp \(addr: "127\.0\.0\.1:\d+", .*tls: "enabled"\)/);
  });
});

type Handshake = { ok: true; protocol: string | null } | { ok: false; error: string };

/** A full TLS handshake from node:tls (the server's certificate verified), limited to the versions given. */
function handshake(address: string, ca: Buffer, versions: { minVersion?: SecureVersion; maxVersion?: SecureVersion }): Promise<Handshake> {
  const [host, port] = address.split(':') as [string, string];
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), ca, ...versions }, () => {
      const protocol = socket.getProtocol();
      socket.end();
      resolve({ ok: true, protocol });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('handshake timed out')));
    socket.on('error', (err) => resolve({ ok: false, error: err.message }));
  });
}

/** `openssl s_client` with one protocol version forced: its exit status and the protocol it negotiated ("(NONE)" when none). */
function sClient(address: string, ca: string, flag: '-tls1_2' | '-tls1_3'): { status: number | null; protocol: string | undefined } {
  const r = spawnSync('openssl', ['s_client', '-connect', address, flag, '-CAfile', ca, '-verify_return_error'], {
    input: '',
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: r.status, protocol: /^New, (\S+), Cipher is /m.exec(r.stdout)?.[1] };
}

describe('tls_min_version on real handshakes, and changed by SIGHUP', () => {
  let server: ServerProcess | undefined;
  let cert: TestCert;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function start(min: 'tls12' | 'tls13'): Promise<ServerProcess> {
    const s = await ServerProcess.withFileStorage();
    cert = makeCert(s.dir, 'tls');
    const text = readFileSync(s.configPath, 'utf8').replace(
      /listener "tcp" \{[^}]*\}/,
      `listener "tcp" {\n  address = "${s.address}"\n  tls_cert_file = "${cert.cert}"\n  tls_key_file = "${cert.key}"\n  tls_min_version = "${min}"\n}`,
    );
    writeFileSync(s.configPath, text);
    await s.start([`-config=${s.configPath}`], 'https');
    return s;
  }

  /** Rewrites tls_min_version in the config file, sends SIGHUP and waits for that reload to be logged. */
  async function reloadWith(s: ServerProcess, min: 'tls12' | 'tls13'): Promise<void> {
    writeFileSync(s.configPath, readFileSync(s.configPath, 'utf8').replace(/tls_min_version = "[^"]*"/, `tls_min_version = "${min}"`));
    const reloads = (): number => s.output.match(/reloaded configuration: [^\n]*tls_reloaded=/g)?.length ?? 0;
    const before = reloads();
    s.signal('SIGHUP');
    const deadline = Date.now() + 15_000;
    while (reloads() === before) {
      if (Date.now() > deadline) throw new Error(`no reload with TLS logged:\n${s.output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(s.output).not.toMatch(/could not reload configuration/);
  }

  async function expectRefuses12(s: ServerProcess): Promise<void> {
    const r = await handshake(s.address, cert.pem, { maxVersion: 'TLSv1.2' });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/alert protocol version/) });
    const o = sClient(s.address, cert.cert, '-tls1_2');
    expect(o).toEqual({ status: 1, protocol: '(NONE)' });
  }

  async function expectAccepts(s: ServerProcess, version: 'TLSv1.2' | 'TLSv1.3'): Promise<void> {
    expect(await handshake(s.address, cert.pem, { minVersion: version, maxVersion: version })).toEqual({ ok: true, protocol: version });
    const o = sClient(s.address, cert.cert, version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3');
    expect(o).toEqual({ status: 0, protocol: version });
  }

  it('tls13 refuses a TLS 1.2 client and accepts TLS 1.3; after a reload to tls12, TLS 1.2 is accepted', async () => {
    server = await start('tls13');
    await expectRefuses12(server);
    await expectAccepts(server, 'TLSv1.3');
    await reloadWith(server, 'tls12');
    await expectAccepts(server, 'TLSv1.2');
    await expectAccepts(server, 'TLSv1.3');
  });

  it('tls12 accepts a TLS 1.2 client; after a reload to tls13, TLS 1.2 is refused and TLS 1.3 accepted', async () => {
    server = await start('tls12');
    await expectAccepts(server, 'TLSv1.2');
    await expectAccepts(server, 'TLSv1.3');
    await reloadWith(server, 'tls13');
    await expectRefuses12(server);
    await expectAccepts(server, 'TLSv1.3');
  });
});
