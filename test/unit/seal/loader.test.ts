import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginLoadError, type ErrorCode } from '../../../src/errors.js';
import { nullLogger } from '../../../src/log/logger.js';
import { defaultPluginDirectory, loadSealPlugin } from '../../../src/seal/loader.js';
import { aead, type SealContext } from '../../../src/seal/plugin-api.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const FIXTURES = join(ROOT, 'test/fixtures/plugins');
const DIST_PLUGINS = join(ROOT, 'dist/plugins');
const logger = nullLogger();
const ctx: SealContext = { logger, env: {}, aead };

const temps: string[] = [];

/** Git may check fixtures out group-writable (umask 002): tests work on a copy with sane modes. */
function setModes(path: string): void {
  if (statSync(path).isDirectory()) {
    chmodSync(path, 0o755);
    for (const child of readdirSync(path)) setModes(join(path, child));
  } else {
    chmodSync(path, 0o644);
  }
}

function fixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tsvault-plugins-${name.replace(/\W/g, '-')}-`));
  temps.push(dir);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  setModes(dir);
  return dir;
}

async function expectLoadError(
  p: Promise<unknown>,
  code: ErrorCode,
  ...fragments: string[]
): Promise<PluginLoadError> {
  const err = await p.then(
    () => expect.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PluginLoadError);
  const e = err as PluginLoadError;
  expect(e.code).toBe(code);
  for (const f of fragments) expect(e.message).toContain(f);
  return e;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

beforeAll(() => {
  // The built-in plugins are loaded from the build, as the server loads them.
  if (!existsSync(join(DIST_PLUGINS, 'shamir/index.js')) || !existsSync(join(ROOT, 'dist/src/seal/loader.js'))) {
    // npm run build's compile steps: the API package and each plugin (tsc -b), then src/.
    const tsc = spawnSync('sh', ['-c', 'npx tsc -b tsconfig.build.json && npx tsc -p tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    if (!existsSync(join(DIST_PLUGINS, 'shamir/index.js'))) {
      throw new Error(`dist/plugins/shamir/index.js is missing and tsc did not build it (run npm run build):\n${tsc.stdout}${tsc.stderr}`);
    }
  }
  const copy = spawnSync(process.execPath, ['packaging/install-plugins.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (copy.status !== 0) throw new Error(`packaging/install-plugins.mjs failed:\n${copy.stderr}`);
}, 180_000);

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('loadSealPlugin: the good path', () => {
  it('loads a third-party plugin (no imports at all) dropped into a directory, and it seals', async () => {
    const dir = fixture('third-party');
    const plugin = await loadSealPlugin({ directory: dir, type: 'xorseal', logger });
    expect(plugin.type).toBe('xorseal');
    expect(plugin.sensitiveKeys).toEqual(['key']);
    const wrapper = await plugin.create({ key: 'ab'.repeat(32), key_id: 'site-1' }, ctx);
    const aad = new TextEncoder().encode('core/hsm/barrier-unseal-keys');
    const blob = await wrapper.encrypt(new TextEncoder().encode('root key'), aad);
    expect(blob.keyInfo?.keyId).toBe('site-1');
    expect(new TextDecoder().decode(await wrapper.decrypt(blob, aad))).toBe('root key');
    await expect(wrapper.decrypt(blob)).rejects.toThrow(/message authentication failed/);
    await expect(plugin.create({ key: 'short' }, ctx)).rejects.toMatchObject({ code: 'SEAL_INVALID_CONFIG' });
  });

  it('loads the built-in shamir and transit plugins from the built dist/plugins', async () => {
    const shamir = await loadSealPlugin({ directory: DIST_PLUGINS, type: 'shamir', logger });
    expect(shamir).toMatchObject({ apiVersion: 1, type: 'shamir' });
    const wrapper = await shamir.create({}, ctx);
    // setKey is the shamir wrapper's own method (the host wraps with the KEK itself), not the contract's.
    (wrapper as typeof wrapper & { setKey(kek: Uint8Array): void }).setKey(new Uint8Array(32).fill(7));
    const blob = await wrapper.encrypt(new Uint8Array([1, 2, 3]));
    expect([...(await wrapper.decrypt(blob))]).toEqual([1, 2, 3]);
    const transit = await loadSealPlugin({ directory: DIST_PLUGINS, type: 'transit', logger });
    expect(transit.sensitiveKeys).toContain('token');
  });

  it('the build leaves dist/plugins with 0755 folders and 0644 files', () => {
    expect(statSync(DIST_PLUGINS).mode & 0o777).toBe(0o755);
    expect(statSync(join(DIST_PLUGINS, 'shamir')).mode & 0o777).toBe(0o755);
    expect(statSync(join(DIST_PLUGINS, 'shamir/plugin.json')).mode & 0o777).toBe(0o644);
    expect(statSync(join(DIST_PLUGINS, 'shamir/index.js')).mode & 0o777).toBe(0o644);
  });

  it('defaultPluginDirectory() is the installation plugins folder: dist/plugins for the build', async () => {
    expect(defaultPluginDirectory()).toBe(join(ROOT, 'plugins')); // this run imports the source
    const built = (await import(pathToFileURL(join(ROOT, 'dist/src/seal/loader.js')).href)) as { defaultPluginDirectory(): string };
    expect(built.defaultPluginDirectory()).toBe(DIST_PLUGINS);
  });

  it('accepts a matching sha256 pin, in any case', async () => {
    const dir = fixture('checksum-mismatch');
    const pin = sha256(join(dir, 'sample/index.js')).toUpperCase();
    await expect(loadSealPlugin({ directory: dir, type: 'sample', sha256: pin, logger })).resolves.toMatchObject({ type: 'sample' });
  });
});

describe('loadSealPlugin: each failure has its own code', () => {
  it('PLUGIN_NOT_FOUND: no folder for the type, naming the directory searched', async () => {
    const dir = fixture('no-manifest');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'awskms', logger }), 'PLUGIN_NOT_FOUND', 'seal plugin "awskms"', join(dir, 'awskms'), dir);
  });

  it('PLUGIN_NOT_FOUND: no plugin.json', async () => {
    const dir = fixture('no-manifest');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_NOT_FOUND', 'manifest', join(dir, 'sample/plugin.json'));
  });

  it('PLUGIN_NOT_FOUND: no entry module, no plugin directory, or a type that is not a plain name', async () => {
    const dir = fixture('symlink-outside'); // the manifest without its entry
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_NOT_FOUND', 'entry module', join(dir, 'sample/index.js'));
    const missing = join(dir, 'does-not-exist');
    await expectLoadError(loadSealPlugin({ directory: missing, type: 'sample', logger }), 'PLUGIN_NOT_FOUND', missing);
    for (const bad of ['../sample', 'Sample', '', '-x', 'a/b', '.']) {
      await expectLoadError(loadSealPlugin({ directory: dir, type: bad, logger }), 'PLUGIN_NOT_FOUND', 'not a valid plugin name', dir);
    }
  });

  it('PLUGIN_API_MISMATCH: the manifest declares another apiVersion', async () => {
    const dir = fixture('bad-manifest-api');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_API_MISMATCH', 'apiVersion 2', join(dir, 'sample/plugin.json'));
  });

  it('PLUGIN_API_MISMATCH: the manifest declares another type, or is not JSON', async () => {
    const dir = fixture('group-writable');
    const manifest = join(dir, 'sample/plugin.json');
    writeFileSync(manifest, '{ "apiVersion": 1, "type": "other", "entry": "index.js" }');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_API_MISMATCH', '"other"', manifest);
    writeFileSync(manifest, '{ "apiVersion": 1, ');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_API_MISMATCH', 'not valid JSON', manifest);
  });

  it('PLUGIN_API_MISMATCH: the default export has another type than the seal label', async () => {
    const dir = fixture('type-mismatch');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_API_MISMATCH', 'type "other"', join(dir, 'sample/index.js'));
  });

  it('PLUGIN_API_MISMATCH: the default export has another apiVersion', async () => {
    const dir = fixture('wrong-api-version');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_API_MISMATCH', 'apiVersion 2', join(dir, 'sample/index.js'));
  });

  it('PLUGIN_BAD_EXPORT: no default export', async () => {
    const dir = fixture('no-default-export');
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_BAD_EXPORT', 'no default export', join(dir, 'sample/index.js'));
  });

  it('PLUGIN_THREW: importing the module throws, with the cause message', async () => {
    const dir = fixture('throws-on-import');
    const err = await expectLoadError(
      loadSealPlugin({ directory: dir, type: 'sample', logger }),
      'PLUGIN_THREW',
      'fixture plugin failed to initialise',
      join(dir, 'sample/index.js'),
    );
    expect((err.cause as Error).message).toBe('fixture plugin failed to initialise');
  });

  it('PLUGIN_OUTSIDE_DIR: the entry is a symlink to a file outside the plugin directory', async () => {
    const dir = fixture('symlink-outside');
    const outside = fixture('group-writable'); // a valid plugin, but elsewhere
    symlinkSync(join(outside, 'sample/index.js'), join(dir, 'sample/index.js'));
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_OUTSIDE_DIR', join(dir, 'sample/index.js'), outside);
  });

  it('PLUGIN_OUTSIDE_DIR: the plugin folder is a symlink out, or the manifest names an entry outside', async () => {
    const dir = fixture('symlink-outside');
    const outside = fixture('group-writable');
    symlinkSync(join(outside, 'sample'), join(dir, 'linked'));
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'linked', logger }), 'PLUGIN_OUTSIDE_DIR', join(dir, 'linked'));
    writeFileSync(join(dir, 'sample/plugin.json'), JSON.stringify({ apiVersion: 1, type: 'sample', entry: join(outside, 'sample/index.js') }));
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_OUTSIDE_DIR', outside);
    writeFileSync(join(dir, 'sample/plugin.json'), JSON.stringify({ apiVersion: 1, type: 'sample', entry: '../../escape.js' }));
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_OUTSIDE_DIR');
  });

  it('PLUGIN_INSECURE_PERMISSIONS: a group- or world-writable entry, folder, manifest or plugin directory, with mode and path', async () => {
    const dir = fixture('group-writable');
    const entry = join(dir, 'sample/index.js');
    chmodSync(entry, 0o664);
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_INSECURE_PERMISSIONS', '0664', entry, 'group-writable');
    chmodSync(entry, 0o644);
    chmodSync(join(dir, 'sample'), 0o775);
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_INSECURE_PERMISSIONS', '0775', join(dir, 'sample'));
    chmodSync(join(dir, 'sample'), 0o755);
    chmodSync(join(dir, 'sample/plugin.json'), 0o646);
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_INSECURE_PERMISSIONS', '0646', 'world-writable');
    chmodSync(join(dir, 'sample/plugin.json'), 0o644);
    chmodSync(dir, 0o777);
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', logger }), 'PLUGIN_INSECURE_PERMISSIONS', '0777', dir);
    chmodSync(dir, 0o755);
    await expect(loadSealPlugin({ directory: dir, type: 'sample', logger })).resolves.toMatchObject({ type: 'sample' });
  });

  it('PLUGIN_CHECKSUM_MISMATCH: the entry does not match the sha256 pin', async () => {
    const dir = fixture('checksum-mismatch');
    const entry = join(dir, 'sample/index.js');
    const actual = sha256(entry);
    const wrong = '0'.repeat(64);
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', sha256: wrong, logger }), 'PLUGIN_CHECKSUM_MISMATCH', entry, actual, wrong);
    await expectLoadError(loadSealPlugin({ directory: dir, type: 'sample', sha256: 'abc', logger }), 'PLUGIN_CHECKSUM_MISMATCH', '64 hexadecimal digits');
  });
});
