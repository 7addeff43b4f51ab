import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/errors.js';
import { loadMigratorConfig } from '../../../../src/storage/migrate/config.js';
import { STORAGE_TYPES } from '../../../../src/storage/registry.js';
import { tempRoots } from '../support.js';

const tempDir = tempRoots();

async function configFile(text: string, name = 'migrate.hcl'): Promise<string> {
  const file = join(await tempDir(), name);
  await writeFile(file, text);
  return file;
}

async function failure(text: string, name?: string): Promise<ConfigError> {
  const file = await configFile(text, name);
  const err = await loadMigratorConfig(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('loadMigratorConfig', () => {
  it('reads both blocks, their settings and cluster_addr', async () => {
    const file = await configFile(
      'storage_source "file" {\n  path = "/var/lib/vault"\n}\n\nstorage_destination "inmem" {}\ncluster_addr = "https://127.0.0.1:8201"\n',
    );
    const c = await loadMigratorConfig(file);
    expect(c.source).toMatchObject({ type: 'file', config: { path: '/var/lib/vault' }, pos: { file, line: 1, col: 1 } });
    expect(c.destination).toMatchObject({ type: 'inmem', pos: { file, line: 5, col: 1 } });
    expect(c.clusterAddr).toBe('https://127.0.0.1:8201');
  });

  it('reads JSON too', async () => {
    const c = await loadMigratorConfig(
      await configFile('{"storage_source":{"file":{"path":"/a"}},"storage_destination":{"file":{"path":"/b"}}}', 'm.json'),
    );
    expect([c.source.config['path'], c.destination.config['path']]).toEqual(['/a', '/b']);
  });

  it('a missing block names the file; a second block its line:col', async () => {
    const missing = await failure('storage_source "file" {\n  path = "/a"\n}\n');
    expect(missing.message).toMatch(/migrate\.hcl: exactly one "storage_destination" block is required$/);
    const twice = await failure('storage_source "file" { path = "/a" }\nstorage_source "file" { path = "/b" }\nstorage_destination "inmem" {}\n');
    expect(twice.message).toMatch(/migrate\.hcl:2:1: exactly one "storage_source" block is required$/);
  });

  it('storage_source "raft" names its position, what tsvault supports and vault operator migrate to postgresql', async () => {
    const err = await failure('storage_destination "file" {\n  path = "/b"\n}\n\n  storage_source "raft" {\n  path = "/raft"\n}\n');
    expect(err.line).toBe(5);
    expect(err.col).toBe(3);
    expect(err.message).toMatch(/migrate\.hcl:5:3: error parsing "storage_source": Unknown storage type raft\. /);
    expect(err.message).toContain(`tsvault supports: ${STORAGE_TYPES.join(', ')}.`);
    expect(err.message).toContain('"vault operator migrate" to storage_destination "postgresql"');
    for (const type of ['consul', 'etcd', 'mysql', 's3']) {
      const e = await failure(`storage_source "file" { path = "/a" }\nstorage_destination "${type}" {}\n`);
      expect(e.message).toContain(`2:1: error parsing "storage_destination": Unknown storage type ${type}.`);
    }
  });

  it('syntax errors name file:line:col; a directory or a missing file is refused', async () => {
    expect((await failure('storage_source "file" {\n  path = \n')).message).toMatch(/migrate\.hcl:\d+:\d+: /);
    const dir = await tempDir();
    await mkdir(join(dir, 'd'));
    await expect(loadMigratorConfig(join(dir, 'd'))).rejects.toThrow('location is a directory, not a file');
    await expect(loadMigratorConfig(join(dir, 'nope.hcl'))).rejects.toThrow(`stat ${join(dir, 'nope.hcl')}: no such file or directory`);
  });
});
