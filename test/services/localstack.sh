#!/usr/bin/env bash
# LocalStack KMS as a host process (no Docker, nothing but loopback), for the awskms tests.
#
#   localstack.sh install                  venv in <repo>/.venv-localstack (idempotent)
#   localstack.sh start <port> <state-dir> starts KMS on 127.0.0.1:<port>; prints the PID when
#                                          /_localstack/health shows kms "running"
#   localstack.sh stop <state-dir>         SIGTERM, then SIGKILL after 20 s
#
# Python: LocalStack 4.14.0 needs >= 3.12 (PEP 695 syntax in the KMS provider); on 3.11 we pin
# 4.13.1. LOCALSTACK_PYTHON=/path/to/python overrides the choice. If LocalStack cannot be installed
# or imported, the install fails: moto (a mock, which for one does not rotate key material) is never
# accepted in CI (CI set and not "false"), and elsewhere only as a loud opt-in, TSVAULT_ALLOW_MOTO=1.
# `start` runs whichever the install left behind (.venv-localstack/flavor), under the same rule.
# The switches follow /work/shared/reference/localstack-host.md: no analytics, no certificate
# download, no DNS server, no catalog lookup, proxies pointing at a closed loopback port.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${LOCALSTACK_VENV:-$ROOT/.venv-localstack}"
LS_NEW=4.14.0
LS_OLD=4.13.1
# Dependencies are resolved as on each release's day (pip >= 26 --uploaded-prior-to): localstack-core
# declares open ranges, and later releases broke it (cbor2 6.0 dropped cbor2._decoder, which
# aws/protocol/parser.py imports). cbor2<6 is also pinned for a pip without that option.
declare -A LS_CUTOFF=([4.14.0]=2026-02-27T00:00:00Z [4.13.1]=2026-02-03T00:00:00Z)
MOTO_SPEC='moto[server]>=5.0.27,<6'
# Bump when the install recipe changes, so an existing venv (even a moto fallback) is redone.
RECIPE=2

say() { printf 'localstack.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Prints "<python> <minor>" for the best interpreter: >= 3.12 first, then 3.11.
pick_python() {
  local cands=() p minor
  [[ -n "${LOCALSTACK_PYTHON:-}" ]] && cands+=("$LOCALSTACK_PYTHON")
  for p in "$HOME"/.pyenv/versions/3.13*/bin/python "$HOME"/.pyenv/versions/3.12*/bin/python; do
    [[ -x "$p" ]] && cands+=("$p")
  done
  for p in python3.13 python3.12 python3 "$HOME"/.pyenv/versions/3.11*/bin/python python3.11; do
    command -v "$p" >/dev/null 2>&1 && cands+=("$(command -v "$p")")
  done
  for p in "${cands[@]}"; do
    minor=$("$p" -c 'import sys; print(sys.version_info[1] if sys.version_info[0] == 3 else 0)' 2>/dev/null) || continue
    if (( minor >= 11 )); then echo "$p $minor"; return 0; fi
  done
  return 1
}

# True when the installed LocalStack's KMS provider imports (catches the 3.11 SyntaxError too).
localstack_usable() {
  "$VENV/bin/python" -c 'import localstack.runtime.main, localstack.services.kms.provider' >/dev/null 2>"$VENV/import-error.log"
}

in_ci() { [[ -n "${CI:-}" && "${CI,,}" != false && "${CI}" != 0 ]]; }

# Exits non-zero unless moto may stand in for LocalStack here; $1 says why LocalStack is missing.
require_moto_allowed() {
  if in_ci; then
    die "LocalStack could not be installed ($1); moto is not accepted in CI (CI=$CI): fix the LocalStack install"
  fi
  if [[ "${TSVAULT_ALLOW_MOTO:-}" != 1 ]]; then
    die "LocalStack could not be installed ($1); moto, a mock, is used only with TSVAULT_ALLOW_MOTO=1 (never in CI)"
  fi
}

install_moto() {
  require_moto_allowed "$1"
  say '################################################################################'
  say "LocalStack could not be installed or imported: falling back to moto ($MOTO_SPEC)."
  say "Why: $1"
  say 'moto KMS does NOT rotate key material on RotateKeyOnDemand; rotation tests are weaker.'
  say '################################################################################'
  "$VENV/bin/pip" install -q --disable-pip-version-check "$MOTO_SPEC" || die "moto install failed too"
  echo moto >"$VENV/flavor"
}

cmd_install() {
  if [[ -f "$VENV/flavor" && "$(cat "$VENV/recipe" 2>/dev/null)" == "$RECIPE" ]]; then
    local flavor; flavor=$(cat "$VENV/flavor")
    [[ "$flavor" == moto ]] && require_moto_allowed "$VENV holds a moto fallback from an earlier run"
    if [[ "$flavor" == moto ]] || localstack_usable; then
      say "already installed: $flavor ($(cat "$VENV/version" 2>/dev/null)) in $VENV"; return 0
    fi
    say "existing install in $VENV is broken; reinstalling"
  fi
  local pick py minor version
  pick=$(pick_python) || die "no Python >= 3.11 found (pyenv or PATH); set LOCALSTACK_PYTHON"
  py=${pick% *}; minor=${pick#* }
  if (( minor >= 12 )); then version=$LS_NEW; else version=$LS_OLD
    say "Python 3.$minor < 3.12: pinning localstack-core $LS_OLD (4.14.0 needs >= 3.12)"; fi
  rm -rf "$VENV"
  "$py" -m venv "$VENV" || die "venv creation with $py failed"
  "$VENV/bin/pip" install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  say "installing localstack-core[base-runtime]==$version with $("$VENV/bin/python" --version)"
  local cutoff=()
  if "$VENV/bin/pip" install --help 2>/dev/null | grep -q -- --uploaded-prior-to; then
    cutoff=(--uploaded-prior-to "${LS_CUTOFF[$version]}")
  fi
  if ! "$VENV/bin/pip" install -q --disable-pip-version-check "${cutoff[@]}" \
      "localstack-core[base-runtime]==$version" jinja2 'cbor2>=5.5,<6' 2>"$VENV/pip-error.log"; then
    install_moto "pip install of localstack-core $version failed: $(tail -3 "$VENV/pip-error.log")"
  elif ! localstack_usable; then
    install_moto "localstack-core $version does not import: $(tail -3 "$VENV/import-error.log")"
  else
    echo localstack >"$VENV/flavor"
  fi
  if [[ "$(cat "$VENV/flavor")" == moto ]]; then
    version="moto $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))')"
  fi
  echo "$version python3.$minor" >"$VENV/version"
  echo "$RECIPE" >"$VENV/recipe"
  say "installed: $(cat "$VENV/flavor") $(cat "$VENV/version") in $VENV"
}

cmd_start() {
  local port=${1:?usage: start <port> <state-dir>} state=${2:?usage: start <port> <state-dir>}
  [[ -f "$VENV/flavor" ]] || die "not installed: run '$0 install' first"
  local flavor; flavor=$(cat "$VENV/flavor")
  [[ "$flavor" == moto ]] && require_moto_allowed "$VENV holds a moto fallback"
  mkdir -p "$state/fs" "$state/conf" "$state/home"
  state=$(cd "$state" && pwd)
  if [[ -f "$state/pid" ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    die "already running in $state (pid $(cat "$state/pid"))"
  fi
  # env -i: the child sees only these variables (no AWS credentials, no LocalStack tokens).
  local base=(env -i "PATH=$VENV/bin:/usr/bin:/bin" "HOME=$state/home" LANG=C.UTF-8
    OUTBOUND_HTTP_PROXY=http://127.0.0.1:9 OUTBOUND_HTTPS_PROXY=http://127.0.0.1:9
    HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost)
  local cmd health
  if [[ "$flavor" == localstack ]]; then
    # GATEWAY_SERVER=hypercorn: the default twisted gateway ignores the host of GATEWAY_LISTEN for
    # IPv4 and binds 0.0.0.0 (runtime/server/twisted.py, "TODO: interface = host?"); hypercorn binds
    # exactly 127.0.0.1:<port>. (TMPDIR is left alone: LocalStack reads it as a deprecated setting.)
    cmd=("${base[@]}" OVERRIDE_IN_DOCKER=0 "FILESYSTEM_ROOT=$state/fs" "CONFIG_DIR=$state/conf"
      SERVICES=kms EAGER_SERVICE_LOADING=1 GATEWAY_SERVER=hypercorn "GATEWAY_LISTEN=127.0.0.1:$port" "LOCALSTACK_HOST=127.0.0.1:$port"
      DNS_ADDRESS=0 DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1
      API_ENDPOINT=http://127.0.0.1:9 ANALYTICS_API=http://127.0.0.1:9
      "$VENV/bin/python" -m localstack.runtime.main)
    health="http://127.0.0.1:$port/_localstack/health"
  else
    cmd=("${base[@]}" "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port")
    health="http://127.0.0.1:$port/moto-api/data.json"
  fi
  # setsid: own process group, so `stop` reaches the whole tree and the caller's signals do not.
  setsid "${cmd[@]}" >"$state/localstack.log" 2>&1 </dev/null &
  local pid=$! t0=$SECONDS
  echo "$pid" >"$state/pid"
  local deadline=$((SECONDS + ${LOCALSTACK_START_TIMEOUT:-90}))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -30 "$state/localstack.log" >&2; rm -f "$state/pid"; die "$flavor exited during start-up (log: $state/localstack.log)"
    fi
    local body; body=$(curl -s --noproxy '*' --max-time 2 "$health" 2>/dev/null || true)
    if [[ "$flavor" == moto && -n "$body" ]] || [[ "$body" =~ \"kms\":\ *\"running\" ]]; then break; fi
    if [[ "$body" =~ \"kms\":\ *\"error\" ]] || (( SECONDS >= deadline )); then
      tail -30 "$state/localstack.log" >&2; cmd_stop "$state" >/dev/null 2>&1 || true
      die "$flavor KMS did not become ready (health: ${body:-no answer}; log: $state/localstack.log)"
    fi
    sleep 0.3
  done
  say "$flavor KMS ready on 127.0.0.1:$port after $((SECONDS - t0)) s"
  echo "$pid"
}

cmd_stop() {
  local state=${1:?usage: stop <state-dir>} pid
  [[ -f "$state/pid" ]] || { say "nothing to stop in $state"; return 0; }
  pid=$(cat "$state/pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid ignored SIGTERM for 20 s: SIGKILL"; kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" || true
    fi
  fi
  rm -f "$state/pid"
  say "stopped pid $pid"
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) echo "usage: $0 install | start <port> <state-dir> | stop <state-dir>" >&2; exit 2 ;;
esac
