// Copies the production dependency closure of a package (its package.json "dependencies" and
// "optionalDependencies", recursively) from the node_modules `npm ci` installed, into a target
// node_modules folder, keeping the installed layout (hoisted packages at the top, nested ones
// nested), so Node resolves each bare specifier in the copy exactly as in the checkout. A workspace
// package (a symlink into packages/ or plugins/) is copied as its package.json and its "files".
// Offline and deterministic: nothing is fetched, the versions are those of package-lock.json.
//
//   node packaging/copy-deps.mjs PACKAGE_DIR TARGET_NODE_MODULES
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Node's lookup of `name` from `fromDir` up: the first <dir>/node_modules/<name> with a package.json. */
function findPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (basename(dir) !== 'node_modules' && existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where `installed` (a path inside some node_modules) goes under the target: its path below the outermost node_modules. */
function placeOf(installed) {
  const parts = installed.split(sep);
  const first = parts.indexOf('node_modules');
  return parts.slice(first + 1).join(sep);
}

function copyPackage(installed, dest) {
  const real = realpathSync(installed);
  mkdirSync(dest, { recursive: true });
  if (lstatSync(installed).isSymbolicLink()) {
    // A workspace package: what `npm pack` would ship (package.json, README, "files").
    const pkg = readJson(join(real, 'package.json'));
    for (const f of ['package.json', 'README.md', 'LICENSE', ...(pkg.files ?? [])]) {
      if (existsSync(join(real, f))) cpSync(join(real, f), join(dest, f), { recursive: true, filter: (p) => !p.endsWith('.tsbuildinfo') });
    }
    return;
  }
  cpSync(real, dest, {
    recursive: true,
    // Its own nested node_modules are copied as dependencies in their own right, if needed.
    filter: (p) => relative(real, p).split(sep)[0] !== 'node_modules',
  });
}

/**
 * Copies the closure of `packageDir`'s dependencies into `targetModules`. Returns the package
 * paths copied (relative to targetModules). Two different installed packages that would land on
 * the same place is an error (it never happens with npm's hoisting within one plugin's closure).
 */
export function copyProductionDeps(packageDir, targetModules) {
  const placed = new Map(); // place -> real path
  const queue = [[realpathSync(packageDir), readJson(join(packageDir, 'package.json'))]];
  while (queue.length > 0) {
    const [dir, pkg] = queue.shift();
    const deps = { ...(pkg.optionalDependencies ?? {}), ...(pkg.dependencies ?? {}) };
    for (const name of Object.keys(deps).sort()) {
      // A workspace resolves from its link in the root's node_modules: search from the link's parent.
      const installed = findPackage(name, dir);
      if (installed === undefined) {
        if (pkg.optionalDependencies?.[name] !== undefined) continue;
        throw new Error(`copy-deps: ${name} (needed by ${pkg.name ?? dir}) is not installed: run npm ci`);
      }
      const place = placeOf(installed);
      const real = realpathSync(installed);
      const seen = placed.get(place);
      if (seen !== undefined) {
        if (seen !== real) throw new Error(`copy-deps: ${place} is both ${seen} and ${real}`);
        continue;
      }
      placed.set(place, real);
      copyPackage(installed, join(targetModules, place));
      // Its dependencies resolve from where it is installed (the link's place for a workspace package).
      queue.push([lstatSync(installed).isSymbolicLink() ? installed : real, readJson(join(real, 'package.json'))]);
    }
  }
  return [...placed.keys()].sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [packageDir, target] = process.argv.slice(2);
  if (!packageDir || !target) {
    console.error('usage: node packaging/copy-deps.mjs PACKAGE_DIR TARGET_NODE_MODULES');
    process.exit(2);
  }
  copyProductionDeps(resolve(packageDir), resolve(target));
}
