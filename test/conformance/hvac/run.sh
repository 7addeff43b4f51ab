#!/usr/bin/env bash
# hvac conformance: a Python virtualenv with hvac and pytest (installed here if missing), then pytest.
set -euo pipefail
cd "$(dirname "$0")/../../.."
if [ ! -x .venv/bin/pytest ] || ! .venv/bin/python -c 'import hvac' 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check hvac==2.4.0 pytest==9.2.0 prometheus-client==0.26.0
fi
exec .venv/bin/pytest -q test/conformance/hvac
