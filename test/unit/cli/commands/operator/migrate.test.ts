import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../../src/cli/dispatch.js';
import { nullLogger } from '../../../../../src/log/logger.js';
import { createFileBackend } from '../../../../../src/storage/file.js';
import { MIGRATION_LOCK_KEY, readLock, writeLock, writeProgress } from '../../../../../src/storage/migrate/lock.js';
import { STORAGE_TYPES } from '../../../../../src/storage/registry.js';
import { dump, fill, sampleEntries } from '../../../storage/migrate/support.js';
import { tempRoots } from '../../../storage/support.js';
import { memoryIO } from '../../support.js';

const tempDir = tempRoots();

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO({ env });
  const code = await runCli(['operator', 'migrate', ...args], io);
  return { code, out: io.out(), err: io.errOut() };
}

/** A file source filled with the sample entries, an empty file destination, and the config joining them. */
async function setup(): Promise<{ config: string; src: string; dst: string }> {
  const dir = await tempDir();
  const [src, dst] = [join(dir, 'src'), join(dir, 'dst')];
  const from = await createFileBackend({ path: src }, nullLogger());
  await fill(from, sampleEntries());
  const config = join(dir, 'migrate.hcl');
  await writeFile(config, `storage_source "file" {\n  path = "${src}"\n}\n\nstorage_destination "file" {\n  path = "${dst}"\n}\n`);
  return { config, src, dst };
}

const open = (path: string) => createFileBackend({ path }, nullLogger());

describe('vault operator migrate', () => {
  it('copies file → file, logs `copied key: path=…` per key on stderr and prints Vault\'s success line', async () => {
    const { config, dst } = await setup();
    const r = await run([`-config=${config}`]);
    expect(r).toMatchObject({ code: 0, out: 'Success! All of the keys have been migrated.\n' });
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(sampleEntries().size);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[INFO\]  copied key: path=\S+$/);
    expect(r.err).toContain('[INFO]  copied key: path=core/keyring\n');
    expect(await dump(await open(dst))).toEqual(sampleEntries());
  });

  it('-max-parallel=1 copies in sorted order; -log-level=warn silences the key lines', async () => {
    const { config } = await setup();
    const r = await run([`-config=${config}`, '-max-parallel=1']);
    // hclog quotes a value with non-ASCII characters
    const keys = [...r.err.matchAll(/path=(\S+)/g)].map((m) => (m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!));
    expect(keys).toEqual([...sampleEntries().keys()].sort());
    const quiet = await run([`-config=${config}`, '-log-level=WARN']);
    expect(quiet).toMatchObject({ code: 0, err: '' });
  });

  it('-start copies only keys at or after it', async () => {
    const { config, dst } = await setup();
    expect((await run([`-config=${config}`, '-start=logical/'])).code).toBe(0);
    expect([...(await dump(await open(dst))).keys()].every((k) => k >= 'logical/')).toBe(true);
  });

  it('refuses a migration in progress (exit 2, Vault\'s text); -reset clears the lock and the progress', async () => {
    const { config, src, dst } = await setup();
    await writeLock(await open(src), { start: '2024-05-01T10:20:30.5Z' });
    await writeProgress(await open(dst), { start: '2024-05-01T10:20:30.5Z', id: 'x', last: 'a', copied: 1 });
    const r = await run([`-config=${config}`]);
    expect(r).toEqual({ code: 2, out: '', err: 'Error migrating: storage migration in progress (started: 2024-05-01T10:20:30Z)\n' });
    expect(await run([`-config=${config}`, '-reset'])).toEqual({ code: 0, out: 'Success! Migration lock reset (if it was set).\n', err: '' });
    expect(await (await open(src)).get(MIGRATION_LOCK_KEY)).toBeNull();
    expect(await (await open(dst)).get(MIGRATION_LOCK_KEY)).toBeNull();
    expect((await run([`-config=${config}`])).code).toBe(0);
    expect(await readLock(await open(src))).toBeNull();
  });

  it('flag and configuration errors exit 1 with Vault\'s texts', async () => {
    expect(await run([])).toEqual({ code: 1, out: '', err: 'Must specify exactly one config path using -config\n' });
    expect((await run(['-config=x', '-log-level=loud'])).err).toBe(
      'loud is an unknown log level. Valid log levels are: [trace debug info warn error]\n',
    );
    expect((await run(['-config=x', '-max-parallel=0'])).err).toBe(
      'Argument to flag -max-parallel must be between 1 and 9223372036854775807\n',
    );
    const dir = await tempDir();
    const raft = join(dir, 'raft.hcl');
    await writeFile(raft, 'storage_source "raft" {\n  path = "/raft"\n}\nstorage_destination "file" {\n  path = "/x"\n}\n');
    const r = await run([`-config=${raft}`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Error loading configuration from ${raft}: ${raft}:1:1: error parsing "storage_source": Unknown storage type raft. `);
    expect(r.err).toContain(`tsvault supports: ${STORAGE_TYPES.join(', ')}.`);
  });

  it('a storage that cannot be opened fails with exit 2 and Vault\'s "error mounting" text', async () => {
    const dir = await tempDir();
    const config = join(dir, 'm.hcl');
    await writeFile(config, 'storage_source "file" {}\nstorage_destination "inmem" {}\n');
    expect(await run([`-config=${config}`])).toEqual({
      code: 2,
      out: '',
      err: "Error migrating: error mounting 'storage_source': 'path' must be set\n",
    });
  });
});
