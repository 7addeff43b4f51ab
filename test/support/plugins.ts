import { chmodSync, cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './harness.js';

/** A plugin directory holding the third-party fixture seal `xorseal`, with modes the loader accepts. */
export function xorsealPluginDir(): string {
  const dir = join(tempDir('tsvault-plugins-'), 'plugins');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  cpSync(join(ROOT, 'test/fixtures/plugins/third-party/xorseal'), join(dir, 'xorseal'), { recursive: true });
  chmodSync(join(dir, 'xorseal'), 0o755);
  for (const f of ['plugin.json', 'index.mjs']) chmodSync(join(dir, 'xorseal', f), 0o644);
  return dir;
}

/**
 * A plugin directory holding the localkey template seal installed as the README's "Writing a seal
 * plugin" says: the built entry module, plugin.json, package.json and its own node_modules (the
 * API package copied by packaging/copy-deps.mjs), in a temporary directory away from the
 * checkout's node_modules. Needs `npm run build`.
 */
export async function templatePluginDir(): Promise<{ dir: string; entry: string }> {
  const { copyProductionDeps } = (await import(join(ROOT, 'packaging/copy-deps.mjs'))) as {
    copyProductionDeps(packageDir: string, target: string): string[];
  };
  const src = join(ROOT, 'packages/seal-plugin-template');
  const dir = join(tempDir('tsvault-plugins-'), 'plugins');
  const folder = join(dir, 'localkey');
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  cpSync(join(src, 'dist/index.js'), join(folder, 'index.js'));
  cpSync(join(src, 'plugin.json'), join(folder, 'plugin.json'));
  cpSync(join(src, 'package.json'), join(folder, 'package.json'));
  copyProductionDeps(src, join(folder, 'node_modules'));
  const setModes = (path: string): void => {
    if (statSync(path).isDirectory()) {
      chmodSync(path, 0o755);
      for (const child of readdirSync(path)) setModes(join(path, child));
    } else chmodSync(path, 0o644);
  };
  setModes(dir);
  return { dir, entry: join(folder, 'index.js') };
}
