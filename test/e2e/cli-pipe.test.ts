/**
 * The built CLI writing into a pipe whose reader has gone (`vault kv metadata get … | head`):
 * Vault's Go runtime dies of SIGPIPE without a word, and so must this CLI, never an unhandled
 * EPIPE with a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { assertBuilt, CLI, tempDir } from '../support/harness.js';

let dev: DevServer;
let dir: string;

const env = () => ({ PATH: process.env.PATH ?? '', HOME: dir, VAULT_ADDR: dev.url, VAULT_TOKEN: dev.rootToken });

beforeAll(async () => {
  assertBuilt();
  dir = tempDir('tsvault-cli-pipe-');
  dev = await startDevServer('tsvault-cli-pipe-dev-');
  // Forty versions: the metadata listing is many writes, well past the first line a reader takes.
  for (let v = 1; v <= 40; v++) {
    const res = await fetch(`${dev.url}/v1/secret/data/many`, {
      method: 'POST',
      headers: { 'X-Vault-Token': dev.rootToken },
      body: JSON.stringify({ data: { v } }),
    });
    expect(res.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await dev?.stop();
});

describe('the CLI writing into a closed pipe', () => {
  it('dies of SIGPIPE quietly when the reader closed before the first write', async () => {
    const child = spawn(process.execPath, [CLI, 'kv', 'metadata', 'get', 'secret/many'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    expect(stderr).toBe('');
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGPIPE' });
  });

  it('`| head -n 1` prints the first line, no trace, and the pipeline status is 141 as with Vault', () => {
    const script = `set -o pipefail 2>/dev/null || exit 99; "$NODE" "$CLI" kv metadata get secret/many | head -n 1; echo "status=$?" >&2`;
    const res = spawnSync('bash', ['-c', script], { env: { ...env(), NODE: process.execPath, CLI }, encoding: 'utf8' });
    expect(res.stdout).toBe('=== Metadata Path ===\n');
    // Only the pipeline's status on stderr: no "Unhandled 'error' event", no stack.
    expect(res.stderr).toMatch(/^status=(141|0)\n$/);
  });
});
