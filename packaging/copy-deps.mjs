// Copies the production dependency closure of a package (its package.json "dependencies" and
// "optionalDependencies", recursively) from the node_modules `npm ci` installed, into a target
// node_modules folder, keeping the installed layout (hoisted packages at the top, nested ones
// nested), so Node resolves each bare specifier in the copy exactly as in the checkout. A workspace
// package (a symlink into packages/ or plugins/) is copied as its package.json and its "files".
// Offline and deterministic: nothing is fetched, the versions are those of package-lock.json.
//
//   node packaging/copy-deps.mjs PACKAGE_DIR TARGET_NODE_MODULES
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
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

/** A workspace package's shipped entries: what `npm pack` would ship (package.json, README, "files"). */
function workspaceEntries(real) {
  const pkg = readJson(join(real, 'package.json'));
  return ['package.json', 'README.md', 'LICENSE', ...(pkg.files ?? [])].filter((f) => existsSync(join(real, f)));
}

const shipped = (p) => !p.endsWith('.tsbuildinfo');

/** A digest of a workspace package's shipped files (their content changes without a version bump). */
function workspaceDigest(real) {
  const hash = createHash('sha256');
  const walk = (path) => {
    if (!shipped(path)) return;
    if (statSync(path).isDirectory()) {
      for (const child of readdirSync(path).sort()) walk(join(path, child));
    } else {
      hash.update(relative(real, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const f of workspaceEntries(real)) walk(join(real, f));
  return hash.digest('hex');
}

function copyPackage(installed, dest) {
  const real = realpathSync(installed);
  mkdirSync(dest, { recursive: true });
  if (lstatSync(installed).isSymbolicLink()) {
    for (const f of workspaceEntries(real)) cpSync(join(real, f), join(dest, f), { recursive: true, filter: shipped });
    return;
  }
  cpSync(real, dest, {
    recursive: true,
    // Its own nested node_modules are copied as dependencies in their own right, if needed.
    filter: (p) => relative(real, p).split(sep)[0] !== 'node_modules',
  });
}

/**
 * Copies the closure of `packageDir`'s dependencies into `targetModules`. Returns one line per
 * package (`<place> <version>`, plus a digest of a workspace package's files), sorted: with
 * `{ dryRun: true }` nothing is copied, so a caller can tell whether a copy made earlier is current.
 * Two different installed packages that would land on the same place is an error (it never
 * happens with npm's hoisting within one plugin's closure).
 */
export function copyProductionDeps(packageDir, targetModules, { dryRun = false } = {}) {
  const lines = [];
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
      const link = lstatSync(installed).isSymbolicLink();
      const manifest = readJson(join(real, 'package.json'));
      lines.push(`${place} ${manifest.version}${link ? ` sha256:${workspaceDigest(real)}` : ''}`);
      if (!dryRun) copyPackage(installed, join(targetModules, place));
      // Its dependencies resolve from where it is installed (the link's place for a workspace package).
      queue.push([link ? installed : real, manifest]);
    }
  }
  return lines.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [packageDir, target] = process.argv.slice(2);
  if (!packageDir || !target) {
    console.error('usage: node packaging/copy-deps.mjs PACKAGE_DIR TARGET_NODE_MODULES');
    process.exit(2);
  }
  copyProductionDeps(resolve(packageDir), resolve(target));
}
