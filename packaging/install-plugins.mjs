// Run by `npm run build` after tsc (which compiled each plugins/<type>/ into dist/plugins/<type>/):
// makes each dist/plugins/<type>/ a self-contained plugin folder, as the daemon loads it and the
// RPM ships it:
//   plugin.json            the manifest, beside the compiled entry module;
//   package.json           the plugin's own (name, version, "type": "module", dependencies);
//   node_modules/          its production dependencies, copied from the checkout's node_modules
//                          (packaging/copy-deps.mjs): @tsvault/seal-plugin-api for every plugin,
//                          @aws-sdk/client-kms and its closure for awskms. The loader imports the
//                          entry by absolute path, so bare specifiers resolve from here.
//                          node_modules/.tsvault-closure lists what it holds; it is rebuilt only
//                          when that changes.
// Then dist/plugins gets 0755 folders and 0644 files, so the seal plugin loader's permission check
// passes whatever the umask of the checkout or the build was.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyProductionDeps } from './copy-deps.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'plugins');
const target = join(root, 'dist', 'plugins');
const STAMP = '.tsvault-closure';

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
  const dest = join(target, name);
  mkdirSync(dest, { recursive: true });
  copyFileSync(manifest, join(dest, 'plugin.json'));
  const pkg = JSON.parse(readFileSync(join(source, name, 'package.json'), 'utf8'));
  const keep = ['name', 'version', 'description', 'type', 'license', 'main', 'dependencies'];
  const installed = Object.fromEntries(keep.filter((k) => k in pkg).map((k) => [k, pkg[k]]));
  writeFileSync(join(dest, 'package.json'), JSON.stringify(installed, null, 2) + '\n');
  // node_modules is rebuilt only when its closure changed (a stamp lists it), so a build while
  // servers run from dist/plugins (the test suite) does not pull files from under them.
  const modules = join(dest, 'node_modules');
  const stamp = join(modules, STAMP);
  const want = copyProductionDeps(join(source, name), modules, { dryRun: true }).join('\n') + '\n';
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) continue;
  rmSync(modules, { recursive: true, force: true });
  copyProductionDeps(join(source, name), modules);
  writeFileSync(stamp, want);
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
