#!/usr/bin/env bash
# Builds the tsvault RPM (noarch) and the pkcs11 seal plugin's RPM (tsvault-seal-pkcs11, for this
# machine's architecture: it carries a native addon) from the built tree, and makes a dnf
# repository of them.
#
#   npm run build && packaging/build-rpm.sh [OUTDIR]      # or: npm run package:rpm
#
# OUTDIR (default dist/rpm) receives tsvault-VERSION-RELEASE.noarch.rpm and repodata/ (createrepo_c),
# ready for a .repo file such as packaging/tsvault.repo. The version is package.json's.
# Needs node (the production dependencies are copied from the checkout's node_modules, which
# `npm ci` installed), rpmbuild (Debian: the `rpm`
# package) and createrepo_c (`createrepo-c`); on Debian, packaging/install-build-deps.sh
# installs what is missing.
# SOURCE_DATE_EPOCH, when set, fixes the build date (reproducible builds); TSVAULT_RELEASE
# (default 1) is the RPM release, to rebuild the same version as an update.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/dist/rpm}
version=$(node -p "require(process.argv[1]).version" "$root/package.json")
epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
release=${TSVAULT_RELEASE:-1}

if [ ! -f "$root/dist/src/cli/main.js" ] || [ ! -d "$root/dist/plugins" ] || [ ! -f "$root/dist/ui/index.html" ]; then
  echo "build-rpm.sh: dist/ is missing: run \`npm run build\` first" >&2
  exit 1
fi
for tool in rpmbuild createrepo_c; do
  command -v "$tool" >/dev/null || { echo "build-rpm.sh: $tool not found (packaging/install-build-deps.sh)" >&2; exit 1; }
done

# Everything happens in a throw-away rpmbuild _topdir.
top=$(mktemp -d "${TMPDIR:-/tmp}/tsvault-rpm.XXXXXX")
trap 'rm -rf "$top"' EXIT
stage=$top/stage/tsvault-$version
mkdir -p "$stage/dist" "$stage/systemd" "$stage/etc" "$top/SOURCES" "$top/SPECS"

# 1. The built application, without source maps (their TypeScript sources are not shipped). The
#    pkcs11 seal plugin holds a native addon: it goes into its own, arch-specific RPM (step 6b),
#    never into this noarch one. dist/ui is the web UI's bundle (served at /ui/ when ui = true).
cp -pR "$root/dist/src" "$root/dist/plugins" "$root/dist/ui" "$stage/dist/"
rm -rf "$stage/dist/plugins/pkcs11"
find "$stage/dist" -name '*.map' -delete
# rpmlint rejects /usr/bin/env in an interpreter line; RHEL's and Fedora's node is /usr/bin/node.
sed -i '1s|^#!/usr/bin/env node$|#!/usr/bin/node|' "$stage/dist/src/cli/main.js"

# 2. Production dependencies as `npm ci` installed them from package-lock.json: the server's
#    (package.json "dependencies", @tsvault/seal-plugin-api among them) into node_modules/, each
#    plugin's already beside it in dist/plugins/<type>/node_modules (packaging/install-plugins.mjs).
#    packaging/copy-deps.mjs copies each closure from the checkout's node_modules, layout kept, so
#    nothing is fetched and a workspace package ships as `npm pack` would ship it. Then without
#    what only their authors use: tests, dot-files, npm's own bookkeeping and .bin links.
cp "$root/package.json" "$stage/"
node "$root/packaging/copy-deps.mjs" "$root" "$stage/node_modules"
module_dirs=("$stage/node_modules")
for d in "$stage"/dist/plugins/*/node_modules; do [ -d "$d" ] && module_dirs+=("$d"); done
# (TypeScript files too: declarations and type tests; Node.js 20 never loads a .ts file.)
find "${module_dirs[@]}" -depth \( -name '.*' -o -name '*.sh' -o -name '*.ts' -o -name '*.cts' \
  -o -name '*.mts' -o -name '*.map' -o -type d \( -name test -o -name tests -o -name dist-types \) \) -exec rm -rf {} +
# The packages' own command-line scripts (package.json "bin", e.g. pino's): tsvault never runs
# them, and rpmlint flags a script that is not executable.
node - "${module_dirs[@]}" <<'JS'
const { readdirSync, readFileSync, rmSync, existsSync } = require('node:fs');
const { join, resolve } = require('node:path');
for (const modules of process.argv.slice(2)) {
  const dirs = readdirSync(modules).flatMap((d) =>
    d.startsWith('@') ? readdirSync(join(modules, d)).map((s) => join(modules, d, s)) : [join(modules, d)]);
  for (const d of dirs) {
    if (!existsSync(join(d, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8'));
    const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
    const main = resolve(d, pkg.main ?? 'index.js');
    for (const b of bins) if (resolve(d, b) !== main) rmSync(resolve(d, b), { force: true });
  }
}
JS

# 3. package.json as installed: what Node and src/version.ts read, with the build date
#    (RFC 3339, UTC, no fraction: the shape of Vault's build_date).
node - "$stage/package.json" "$epoch" <<'JS'
const { readFileSync, writeFileSync } = require('node:fs');
const [file, epoch] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(file, 'utf8'));
const keep = ['name', 'version', 'description', 'type', 'license', 'engines', 'bin', 'dependencies'];
const out = Object.fromEntries(keep.filter((k) => k in pkg).map((k) => [k, pkg[k]]));
out.buildDate = new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
JS

# 4. Every license the bundled packages (the server's and the plugins') declare must be named in the spec's License tag.
node - "$root/packaging/rpm/tsvault.spec" "${module_dirs[@]}" <<'JS'
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const [spec, ...modulesDirs] = process.argv.slice(2);
const declared = new Set(readFileSync(spec, 'utf8').match(/^License:\s*(.*)$/m)[1].split(/\s+AND\s+/));
const dirs = modulesDirs.flatMap((modules) => readdirSync(modules).flatMap((d) =>
  d.startsWith('@') ? readdirSync(join(modules, d)).map((s) => join(modules, d, s)) : [join(modules, d)]));
const missing = dirs.filter((d) => existsSync(join(d, 'package.json')))
  .map((d) => [d, JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).license])
  .filter(([, l]) => typeof l !== 'string' || !declared.has(l));
if (missing.length) {
  console.error('build-rpm.sh: licenses missing from the spec\'s License tag:\n' + missing.map(([d, l]) => `  ${d}: ${l}`).join('\n'));
  process.exit(1);
}
JS

# 5. The files laid out by the spec's %install.
cp -p "$root/systemd/vault.service" "$stage/systemd/"
cp -pR "$root/etc/vault.d" "$stage/etc/"
cp -p "$root/README.md" "$stage/"
tar -C "$top/stage" --owner=0 --group=0 --numeric-owner -czf "$top/SOURCES/tsvault-$version.tar.gz" "tsvault-$version"

# 6. The spec with this build's %changelog entry, then rpmbuild.
spec=$top/SPECS/tsvault.spec
{
  cat "$root/packaging/rpm/tsvault.spec"
  echo "* $(LC_ALL=C date -u -d "@$epoch" '+%a %b %d %Y') tsvault maintainers <tsvault@localhost> - $version-$release"
  echo "- tsvault $version, packaged by packaging/build-rpm.sh"
} >"$spec"
# The RPM's build time is the same date as package.json's buildDate.
SOURCE_DATE_EPOCH=$epoch rpmbuild -bb --quiet \
  --define "_topdir $top" \
  --define "tsvault_version $version" \
  --define "tsvault_release $release" \
  --define "_buildhost localhost" \
  --define "use_source_date_epoch_as_buildtime 1" \
  "$spec"

# 6b. The pkcs11 seal plugin, arch-specific (packaging/rpm/tsvault-seal-pkcs11.spec): its compiled
#     JavaScript, manifest, package.json and node_modules/pkcs11js with the addon `npm ci` built.
plugin_rpm=
if [ -f "$root/dist/plugins/pkcs11/node_modules/pkcs11js/build/Release/pkcs11.node" ]; then
  pstage=$top/stage/tsvault-seal-pkcs11-$version
  mkdir -p "$pstage"
  cp -pR "$root/dist/plugins/pkcs11" "$pstage/"
  find "$pstage" \( -name '*.map' -o -name '*.ts' \) -delete
  # No debuginfo package: ship the addon without its symbol tables.
  if command -v strip >/dev/null; then find "$pstage" -name '*.node' -exec strip --strip-unneeded {} +; fi
  tar -C "$top/stage" --owner=0 --group=0 --numeric-owner -czf "$top/SOURCES/tsvault-seal-pkcs11-$version.tar.gz" "tsvault-seal-pkcs11-$version"
  pspec=$top/SPECS/tsvault-seal-pkcs11.spec
  {
    cat "$root/packaging/rpm/tsvault-seal-pkcs11.spec"
    echo "* $(LC_ALL=C date -u -d "@$epoch" '+%a %b %d %Y') tsvault maintainers <tsvault@localhost> - $version-$release"
    echo "- tsvault-seal-pkcs11 $version, packaged by packaging/build-rpm.sh"
  } >"$pspec"
  SOURCE_DATE_EPOCH=$epoch rpmbuild -bb --quiet \
    --define "_topdir $top" \
    --define "tsvault_version $version" \
    --define "tsvault_release $release" \
    --define "_buildhost localhost" \
    --define "use_source_date_epoch_as_buildtime 1" \
    "$pspec"
  plugin_rpm=$(ls "$top"/RPMS/*/tsvault-seal-pkcs11-"$version"-"$release".*.rpm)
else
  echo "build-rpm.sh: dist/plugins/pkcs11 has no built pkcs11js addon: the tsvault-seal-pkcs11 RPM is not built" >&2
fi

# 7. The repository: the RPMs and their metadata.
mkdir -p "$out"
rm -f "$out"/tsvault-*.rpm
cp "$top"/RPMS/noarch/tsvault-"$version"-"$release".noarch.rpm "$out/"
if [ -n "$plugin_rpm" ]; then cp "$plugin_rpm" "$out/"; fi
createrepo_c --quiet --no-database "$out" >/dev/null
ls "$out"/tsvault-*.rpm
