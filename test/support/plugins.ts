import { chmodSync, cpSync, mkdirSync } from 'node:fs';
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
