#!/usr/bin/env bash
# The repository's Python virtualenv (.venv) with what the tests use from PyPI, pinned: hvac and
# pytest (the hvac conformance suite), prometheus-client (the Prometheus project's text-format
# parser, for the telemetry e2e test). Created or completed here when something is missing; run by
# `npm test` before vitest, so no test waits on pip.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -x .venv/bin/pytest ] && .venv/bin/python -c 'import hvac, prometheus_client' 2>/dev/null; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check hvac==2.4.0 pytest==9.2.0 prometheus-client==0.26.0
