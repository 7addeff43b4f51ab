/**
 * `vault monitor` as a user runs it: the built CLI streams the lines of GET /v1/sys/monitor until
 * a real SIGINT, then exits 0 as Vault's does ([V] command/monitor.go returns 0 on its shutdown
 * channel). The server is a stand-in on 127.0.0.1 answering like [V] api-docs/system/monitor
 * (200, plain-text log lines, the answer left open).
 */
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, CLI } from '../support/harness.js';

let server: ReturnType<typeof createServer>;
let address = '';
const urls: string[] = [];
let open: ServerResponse | undefined;

beforeEach(async () => {
  assertBuilt();
  urls.length = 0;
  server = createServer((req, res) => {
    urls.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('2024-01-02T03:04:05.000Z [INFO]  core: streamed line\n');
    open = res;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  open?.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('vault monitor (built CLI)', () => {
  it('prints the streamed lines, and a SIGINT ends it with exit 0', async () => {
    const child = spawn(process.execPath, [CLI, 'monitor', '-log-level=debug'], {
      env: { PATH: process.env.PATH ?? '', VAULT_ADDR: address, VAULT_TOKEN: 'hvs.e2e' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
        if (stdout.includes('streamed line\n')) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toBe('2024-01-02T03:04:05.000Z [INFO]  core: streamed line\n');
    expect(stderr).toBe('');
    expect(urls).toEqual(['/v1/sys/monitor?log_format=standard&log_level=debug']);
  });
});
