// Run by `npm run build` after tsc: puts each plugins/<type>/plugin.json beside its compiled entry
// (dist/plugins/<type>/) and sets dist/plugins to 0755 folders and 0644 files, so the seal plugin
// loader's permission check passes whatever the umask of the checkout or the build was.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'plugins');
const target = join(root, 'dist', 'plugins');

for (const name of readdirSync(source)) {
  const manifest = join(source, name, 'plugin.json');
  if (!existsSync(manifest)) continue;
  mkdirSync(join(target, name), { recursive: true });
  copyFileSync(manifest, join(target, name, 'plugin.json'));
}

function setModes(path) {
  if (statSync(path).isDirectory()) {
    chmodSync(path, 0o755);
    for (const child of readdirSync(path)) setModes(join(path, child));
  } else {
    chmodSync(path, 0o644);
  }
}
if (existsSync(target)) setModes(target);
