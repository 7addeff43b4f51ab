/**
 * SIGHUP under load: HTTPS requests keep flowing (bounded in count and time) while the listener's
 * certificate is swapped and the log level raised; no request fails, every connection opened
 * after the reload presents the new certificate, and broken edits (bad HCL, a key that does not
 * match the certificate) are logged with their position while the running configuration serves on.
 * Settings that need a restart are logged as such and not applied.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCert, type TestCert } from '../support/certs.js';
import { freePort, ServerProcess, tempDir } from '../support/harness.js';

interface Sample {
  startedAt: number;
  ok: boolean;
  reused: boolean;
  fingerprint?: string;
  error?: string;
}

function request(address: string, ca: Buffer[], agent: Agent | false): Promise<Sample> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const req = get(`https://${address}/v1/sys/seal-status`, { ca, agent }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      res.resume();
      res.on('end', () => resolve({ startedAt, ok: res.statusCode === 200, reused: req.reusedSocket, fingerprint }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    req.on('error', (e) => resolve({ startedAt, ok: false, reused: req.reusedSocket, error: e.message }));
  });
}

/** Workers that loop until stopped, or 20 000 requests, or 60 s: three with a new connection per request, one keep-alive. */
function startLoad(address: string, ca: Buffer[]): { samples: Sample[]; stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  const deadline = performance.now() + 60_000;
  let stopped = false;
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  const worker = async (agent: Agent | false): Promise<void> => {
    while (!stopped && samples.length < 20_000 && performance.now() < deadline) samples.push(await request(address, ca, agent));
  };
  const workers = [worker(false), worker(false), worker(false), worker(keepAlive)];
  return {
    samples,
    async stop() {
      stopped = true;
      await Promise.all(workers);
      keepAlive.destroy();
      return samples;
    },
  };
}

async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function tlsConfig(dir: string, address: string, logLevel: string, keyFile = join(dir, 'tls.key')): string {
  return `log_level = "${logLevel}"\n\nstorage "file" {\n  path = "${join(dir, 'data')}"\n}\n\nlistener "tcp" {\n  address = "${address}"\n  tls_cert_file = "${join(dir, 'tls.crt')}"\n  tls_key_file = "${keyFile}"\n}\n`;
}

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('SIGHUP reload', () => {
  it('swaps the certificate and the log level under load with no failed request; broken edits keep the running config', async () => {
    const dir = tempDir('tsvault-reload-');
    const a: TestCert = makeCert(dir, 'a');
    const b: TestCert = makeCert(dir, 'b');
    copyFileSync(a.cert, join(dir, 'tls.crt'));
    copyFileSync(a.key, join(dir, 'tls.key'));
    const address = `127.0.0.1:${await freePort()}`;
    const configPath = join(dir, 'vault.hcl');
    writeFileSync(configPath, tlsConfig(dir, address, 'warn'));
    server = new ServerProcess({ dir, configPath, address, env: { VAULT_LOG_LEVEL: '' } });
    await server.start([`-config=${configPath}`], 'https');

    const load = startLoad(address, [a.pem, b.pem]);
    await until(() => load.samples.filter((s) => s.ok).length >= 100, 'requests with the first certificate');
    const beforeSwap = [...load.samples];
    expect(server.output).not.toMatch(/\[INFO\]/);

    // The new pair in place (certificate and key both written before the signal), the level raised.
    copyFileSync(b.cert, join(dir, 'tls.crt'));
    copyFileSync(b.key, join(dir, 'tls.key'));
    writeFileSync(configPath, tlsConfig(dir, address, 'info'));
    server.signal('SIGHUP');
    await server.waitForOutput(/\[INFO\]  reloaded configuration: log_level=info tls_reloaded=127\.0\.0\.1:\d+/);
    const reloadedAt = performance.now();
    await until(() => load.samples.filter((s) => s.startedAt > reloadedAt && !s.reused && s.ok).length >= 200, 'new connections after the reload');

    // A syntax error: logged with file:line:col, nothing applied.
    writeFileSync(configPath, `${tlsConfig(dir, address, 'warn')}\nlistener "tcp" {\n  address = \n`);
    server.signal('SIGHUP');
    await server.waitForOutput(/\[ERROR\] could not reload configuration; keeping the running one: error=".*vault\.hcl:\d+:\d+: /);
    // A key that does not belong to the certificate: logged with the listener block's position.
    writeFileSync(configPath, tlsConfig(dir, address, 'warn', a.key));
    server.signal('SIGHUP');
    await server.waitForOutput(/keeping the running one: error=".*vault\.hcl:7:1: Error initializing listener of type tcp: error loading TLS cert: .*key values mismatch/);
    const brokenAt = performance.now();
    await until(() => load.samples.filter((s) => s.startedAt > brokenAt && !s.reused && s.ok).length >= 100, 'requests after the broken edits');

    const samples = await load.stop();
    const failed = samples.filter((s) => !s.ok);
    expect(failed).toEqual([]);
    const fresh = samples.filter((s) => s.startedAt > reloadedAt && !s.reused);
    expect(fresh.length).toBeGreaterThanOrEqual(300);
    // The keep-alive connection opened before the swap served on with the certificate it began with.
    expect(samples.some((s) => s.reused && s.startedAt > reloadedAt && s.fingerprint === a.fingerprint)).toBe(true);
    expect(new Set(fresh.map((s) => s.fingerprint))).toEqual(new Set([b.fingerprint]));
    expect(new Set(beforeSwap.map((s) => s.fingerprint))).toEqual(new Set([a.fingerprint]));
    // The level stayed at info through the broken edits: their own INFO-free errors, and no "warn" applied.
    expect(server.output.match(/reloaded configuration/g)).toHaveLength(1);
  });

  it('logs the settings that need a restart and does not apply them', async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
    const other = `127.0.0.1:${await freePort()}`;
    const text = readFileSync(server.configPath, 'utf8');
    writeFileSync(
      server.configPath,
      text.replace(/path = "([^"]+)"/, 'path = "$1-moved"').replace(server.address, other) + '\nlog_format = "json"\n',
    );
    server.signal('SIGHUP');
    await server.waitForOutput(/reloaded configuration/);
    expect(server.output).toMatch(/\[WARN\]  configuration change needs a restart to take effect; not applied: setting=storage\n/);
    expect(server.output).toMatch(/not applied: setting=log_format\n/);
    expect(server.output).toContain(`not applied: setting="listener 1 address (${server.address} → ${other})"`);
    // Still the old address, the old storage and the standard log format.
    expect(server.vault(['status']).code).toBe(2);
    expect(server.output).toMatch(/\[INFO\]  reloaded configuration: log_level=info\n/);
  });
});
