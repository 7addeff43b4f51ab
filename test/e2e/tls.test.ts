/** A TLS listener, and the CLI reaching it with -ca-cert / VAULT_CACERT or VAULT_SKIP_VERIFY. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
