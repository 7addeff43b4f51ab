#!/usr/bin/env bash
# hvac conformance: the repository's virtualenv (test/support/python-venv.sh installs what is missing), then pytest.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bash test/support/python-venv.sh
exec .venv/bin/pytest -q test/conformance/hvac
