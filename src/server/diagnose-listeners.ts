/**
 * `vault operator diagnose` listener checks: each TLS listener's certificate and key load, belong
 * together and are not about to expire (Vault's "Check Listener TLS"), and each address can be
 * bound right now (Vault's "Create Listeners": bind, then release at once).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { ListenerConfig } from '../config/types.js';
import { splitHostPort } from '../http/listener.js';
import type { Check } from './diagnose-result.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Vault's NearExpiration: a certificate that expires within a month is warned about. */
const NEAR_EXPIRY_MS = 30 * DAY_MS;

/** Go's texts for the bind errors an operator meets. */
const BIND_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'bind: address already in use',
  EACCES: 'bind: permission denied',
  EADDRNOTAVAIL: 'bind: cannot assign requested address',
};

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function checkTlsFiles(check: Check, l: ListenerConfig, now: Date): Promise<void> {
  const id = `Listener at address ${l.address}`;
  // One check for all listeners: a second failure is added to the first, not put in its place.
  const fail = (message: string): void => {
    const before = check.result.status === 'failure' ? check.result.message : undefined;
    check.fail(before ? `${before} ${message}` : message);
  };
  if (!l.tlsCertFile || !l.tlsKeyFile) {
    fail(`${id}: tls_cert_file and tls_key_file must be set when TLS is enabled.`);
    return;
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(await readFile(l.tlsCertFile));
  } catch (err) {
    const what = (err as NodeJS.ErrnoException).code ? 'Failed to read certificate file' : 'Could not decode certificate in certificate file';
    fail(`${id}: ${what} ${l.tlsCertFile}: ${messageOf(err)}.`);
    return;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(await readFile(l.tlsKeyFile));
  } catch (err) {
    const what = (err as NodeJS.ErrnoException).code?.startsWith('E') ? 'Failed to read key file' : 'Could not decode private key in key file';
    fail(`${id}: ${what} ${l.tlsKeyFile}: ${messageOf(err)}.`);
    return;
  }
  if (!cert.checkPrivateKey(key)) {
    // Go's tls.LoadX509KeyPair text, which Vault's diagnose reports.
    fail(`${id}: tls: private key does not match public key (${l.tlsKeyFile} is not the key of ${l.tlsCertFile}).`);
    check.advise('Point tls_key_file at the private key the certificate was issued for.');
    return;
  }
  const notAfter = new Date(cert.validTo);
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) check.warn(`${id}: the certificate expired on ${notAfter.toISOString()}.`);
  else if (left < NEAR_EXPIRY_MS) {
    check.warn(`${id}: the certificate expires on ${notAfter.toISOString()}, in ${Math.floor(left / DAY_MS)} days.`);
  }
}

export async function checkListenerTls(check: Check, listeners: readonly ListenerConfig[], now = new Date()): Promise<void> {
  for (const l of listeners) {
    if (l.tlsDisable) {
      check.warn(`Listener at address ${l.address}: TLS is disabled in a listener config stanza.`);
      continue;
    }
    await checkTlsFiles(check, l, now);
  }
  if (check.result.status === 'success') check.ok(`${listeners.length} listener(s) checked.`);
}

function bindAndRelease(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Binds each listener address and releases it: fails when the port is taken or not allowed. */
export async function checkListenerBind(check: Check, listeners: readonly ListenerConfig[]): Promise<void> {
  const failures: string[] = [];
  for (const l of listeners) {
    try {
      const { host, port } = splitHostPort(l.address);
      await bindAndRelease(host, port);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const reason = BIND_ERRORS[code] ?? messageOf(err);
      failures.push(code ? `Error initializing listener of type tcp: listen tcp ${l.address}: ${reason}` : reason);
    }
  }
  if (failures.length > 0) {
    check.fail(failures.join('; '));
    if (failures.some((f) => f.includes('already in use'))) {
      check.advise('Another process listens there (a running server?); stop it, or run diagnose with -skip=listener.');
    }
  } else {
    check.ok(`${listeners.length} listener address(es) free to bind.`);
  }
}
