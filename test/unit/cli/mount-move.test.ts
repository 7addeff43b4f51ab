import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { moveMount } from '../../../src/cli/mount-move.js';
import type { CliIO } from '../../../src/cli/io.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  const cli: CliIO = { stdout, stderr, stdin: new PassThrough(), env: {}, home: '/nonexistent' };
  return { cli, out: () => o, err: () => e };
}

describe('moveMount (vault secrets move / auth move)', () => {
  it('polls the status, waiting 10 s between polls, until success', async () => {
    const statuses = ['in-progress', 'success'];
    const slept: number[] = [];
    const t = io();
    const code = await moveMount(
      t.cli,
      { startRemount: async () => 'mig-1', remountStatus: async () => statuses.shift()! },
      'secrets engine',
      'a/',
      'b/',
      async (ms) => void slept.push(ms),
    );
    expect(code).toBe(0);
    expect(slept).toEqual([10_000]);
    expect(t.out()).toBe(
      'Started moving secrets engine a/ to b/, with migration ID mig-1\n' +
        'Waiting for terminal status in migration of secrets engine a/ to b/, with migration ID mig-1\n' +
        'Success! Finished moving secrets engine a/ to b/, with migration ID mig-1\n',
    );
  });

  it("reports a failed move on stderr with exit 0, as Vault's CLI does", async () => {
    const t = io();
    const code = await moveMount(t.cli, { startRemount: async () => 'm', remountStatus: async () => 'failure' }, 'auth method', 'auth/a/', 'auth/b/');
    expect(code).toBe(0);
    expect(t.err()).toBe('Failure! Error encountered moving auth method auth/a/ to auth/b/, with migration ID m\n');
  });
});
