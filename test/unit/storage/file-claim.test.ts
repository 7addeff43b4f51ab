import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/log/logger.js';
import { CLAIM_FILE } from '../../../src/storage/file-claim.js';
import { createFileBackend } from '../../../src/storage/file.js';
import { checkNotInUse } from '../../../src/storage/migrate/run.js';

const dir = () => mkdtempSync(join(tmpdir(), 'tsvault-claim-'));

describe('file storage: the running server mark', () => {
  it("is written 0600 by the server, is not a key, and is removed on close", async () => {
    const root = dir();
    const server = await createFileBackend({ path: root }, nullLogger());
    await server.claimForServer!();
    const claim = JSON.parse(await readFile(join(root, CLAIM_FILE), 'utf8')) as { pid: number };
    expect(claim.pid).toBe(process.pid);
    expect(await server.list('')).toEqual([]);
    await server.close!();
    await expect(readFile(join(root, CLAIM_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('makes operator migrate refuse the storage while that server runs, not after it died', async () => {
    const root = dir();
    const child = spawn('sleep', ['30']);
    try {
      await writeFile(join(root, CLAIM_FILE), JSON.stringify({ pid: child.pid, host: (await import('node:os')).hostname(), since: 'x' }));
      const reader = await createFileBackend({ path: root }, nullLogger());
      await expect(checkNotInUse(reader, 'source')).rejects.toMatchObject({ code: 'STORAGE_IN_USE', message: expect.stringMatching(/in use by a server \(pid \d+ on /) });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await checkNotInUse(reader, 'source');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
