/** Bad input, one case each: a clear error, exit codes as Vault's, and a server that keeps serving. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runCli, ServerProcess, tempDir } from '../support/harness.js';

async function serverWithConfig(text: string): Promise<{ code: number; stderr: string; stdout: string; port: number; file: string }> {
  const dir = tempDir();
  const port = await freePort();
  const file = join(dir, 'vault.hcl');
  writeFileSync(file, text.replaceAll('PORT', String(port)).replaceAll('DIR', dir));
  const r = runCli(['server', `-config=${file}`], { HOME: dir });
  return { ...r, port, file };
}

async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/v1/sys/health`);
    return true;
  } catch {
    return false;
  }
}

describe('a bad config stops start-up with exit 1 and nothing started', () => {
  it('malformed HCL names file:line:col', async () => {
    const r = await serverWithConfig('storage "file" {\n  path = "DIR/data"\n}\nlistener "tcp" {\n  address = "127.0.0.1:PORT"\n  tls_disable = 1\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${r.file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
    expect(await listening(r.port)).toBe(false);
  });

  it('an unknown storage type', async () => {
    const r = await serverWithConfig('storage "floppy" {}\nlistener "tcp" {\n  address = "127.0.0.1:PORT"\n  tls_disable = 1\n}\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown storage type floppy');
    expect(await listening(r.port)).toBe(false);
  });

  it('a bad listener address', async () => {
    const r = await serverWithConfig('storage "file" {\n  path = "DIR/data"\n}\nlistener "tcp" {\n  address = "127.0.0.1"\n  tls_disable = 1\n}\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing port in address');
  });
});

describe('bad input to a running server', () => {
  let server: ServerProcess;
  let keys: string[];

  beforeAll(async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a non-numeric share count is a flag error, exit 1, nothing sent', () => {
    const r = server.vault(['operator', 'init', '-key-shares=abc']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invalid value "abc" for flag -key-shares');
    expect(server.vault(['operator', 'init', '-status']).code).toBe(2);
  });

  it('threshold greater than shares is refused by the server, exit 2', () => {
    const r = server.vault(['operator', 'init', '-key-shares=2', '-key-threshold=3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error initializing: Error making API request.');
    expect(r.stderr).toContain('Code: 400. Errors:');
    expect(r.stderr).toContain('* invalid seal configuration: threshold cannot be larger than shares');
    const ok = server.vault(['operator', 'init', '-key-shares=3', '-key-threshold=2', '-format=json']);
    expect(ok.code).toBe(0);
    keys = JSON.parse(ok.stdout).unseal_keys_b64;
  });

  it('an invalid base64 key', () => {
    const r = server.vault(['operator', 'unseal', 'not*base64']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("* 'key' must be a valid hex or base64 string");
  });

  it('a 33 MiB body gets 413 and the server keeps serving', async () => {
    const res = await fetch(`http://${server.address}/v1/sys/unseal`, {
      method: 'PUT',
      body: JSON.stringify({ key: 'A'.repeat(33 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0]).toContain('request body too large');
    expect(server.vault(['status']).code).toBe(2);
  });

  it('a wrong key set at the threshold is refused, progress resets, the right keys still work', () => {
    expect(server.vault(['operator', 'unseal', keys[0]!]).code).toBe(0);
    const wrong = server.vault(['operator', 'unseal', Buffer.alloc(33, 7).toString('base64')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Code: 400');
    expect(server.vault(['status']).stdout).toMatch(/^Unseal Progress +0\/2$/m);
    server.vault(['operator', 'unseal', keys[1]!]);
    expect(server.vault(['operator', 'unseal', keys[2]!]).stdout).toMatch(/^Sealed +false$/m);
  });
});
