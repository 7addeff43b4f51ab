/** Self-signed loopback certificates for TLS tests (openssl), and their SHA-256 fingerprints. */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCert {
  cert: string;
  key: string;
  /** As tls.PeerCertificate.fingerprint256 gives it: colon-separated upper-case hex. */
  fingerprint: string;
  pem: Buffer;
}

/** A certificate for IP 127.0.0.1 valid for `days`, written as `<name>.crt` / `<name>.key` in dir. */
export function makeCert(dir: string, name: string, days = 365): TestCert {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', String(days),
    '-subj', `/O=tsvault test/CN=127.0.0.1/OU=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  const pem = readFileSync(cert);
  return { cert, key, pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}
