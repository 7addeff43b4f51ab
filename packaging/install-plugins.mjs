// Run by `npm run build` after tsc: puts each plugins/<type>/plugin.json beside its compiled entry
// (dist/plugins/<type>/), copies the runtime dependencies of a plugin that is its own package
// (plugins/<type>/package.json "dependencies", e.g. pkcs11's native pkcs11js as `npm ci` built it)
// into dist/plugins/<type>/node_modules, so an installed plugin folder is complete by itself, and
// sets dist/plugins to 0755 folders and 0644 files, so the seal plugin loader's permission check
// passes whatever the umask of the checkout or the build was.
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'plugins');
const target = join(root, 'dist', 'plugins');

/** What an installed plugin never loads: tests, declarations, source maps. */
const SKIP = /(^|\/)(\.github|test|tests)(\/|$)|\.(d\.ts|map)$/;
/**
 * In a native addon (a package with binding.gyp) only its JavaScript and the built module are
 * needed at run time: not its C/C++ sources and headers, nor node-gyp's build tree.
 */
const SKIP_NATIVE = /^(binding\.gyp|src|includes|deps)(\/|$)|^build\/(?!Release(\/[^/]+\.node)?$)/;

/** The folder of `name` as Node resolves it from `fromDir` (its package.json's folder). */
function packageDir(name, fromDir) {
  const req = createRequire(join(fromDir, 'noop.js'));
  return dirname(req.resolve(`${name}/package.json`));
}

/** Copies `name` and, recursively, its own dependencies into `modules` (flat, as npm hoists). */
function copyDependency(name, fromDir, modules, done) {
  if (done.has(name)) return;
  done.add(name);
  const dir = packageDir(name, fromDir);
  const dest = join(modules, ...name.split('/'));
  const native = existsSync(join(dir, 'binding.gyp'));
  rmSync(dest, { recursive: true, force: true });
  cpSync(dir, dest, {
    recursive: true,
    dereference: true,
    filter: (src) => {
      const rel = relative(dir, src).split(sep).join('/');
      return !SKIP.test(rel) && !(native && SKIP_NATIVE.test(rel));
    },
  });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) copyDependency(dep, dir, modules, done);
}

for (const name of readdirSync(source)) {
  const manifest = join(source, name, 'plugin.json');
  if (!existsSync(manifest)) continue;
  mkdirSync(join(target, name), { recursive: true });
  copyFileSync(manifest, join(target, name, 'plugin.json'));
  const pkgFile = join(source, name, 'package.json');
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  // The compiled plugin is an ES module package of its own: Node reads "type" from here.
  copyFileSync(pkgFile, join(target, name, 'package.json'));
  const modules = join(target, name, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  const done = new Set();
  for (const dep of Object.keys(pkg.dependencies ?? {})) copyDependency(dep, join(source, name), modules, done);
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
