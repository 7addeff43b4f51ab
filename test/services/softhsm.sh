#!/usr/bin/env bash
# SoftHSM2 (Debian's softhsm2 package) as the PKCS#11 token of the pkcs11 seal tests. Each caller
# gets its OWN token directory and config file (SOFTHSM2_CONF), never the system's /etc/softhsm.
#
#   softhsm.sh install                       installs softhsm2 with apt-get when softhsm2-util is
#                                            missing (apt-get update first; root, or sudo -n)
#   softhsm.sh init <dir> <label> <pin> [<so-pin>]
#                                            writes <dir>/softhsm2.conf, <dir>/tokens/, initialises a
#                                            token; prints what the tests need as KEY=VALUE lines:
#                                            SOFTHSM2_CONF, SOFTHSM_LIB, SOFTHSM_SLOT, SOFTHSM_TOKEN_LABEL
#   softhsm.sh lib                           prints the path of libsofthsm2.so
#
# SOFTHSM_LIB overrides the module's path; SOFTHSM2_UTIL the name of softhsm2-util (the script's
# own test uses it to play a machine without SoftHSM2).
#
# Nothing here is ever skipped: when SoftHSM2 cannot be installed or a token cannot be made, the
# script exits non-zero and the test suite fails (in CI and elsewhere).
set -euo pipefail

UTIL=${SOFTHSM2_UTIL:-softhsm2-util}

say() { printf 'softhsm.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Debian/Ubuntu put the module in /usr/lib/softhsm; multiarch and RPM systems elsewhere.
LIB_CANDIDATES=(
  /usr/lib/softhsm/libsofthsm2.so
  "/usr/lib/$(uname -m)-linux-gnu/softhsm/libsofthsm2.so"
  /usr/lib64/pkcs11/libsofthsm2.so
  /usr/lib64/softhsm/libsofthsm2.so
  /usr/lib/pkcs11/libsofthsm2.so
  /usr/local/lib/softhsm/libsofthsm2.so
)

find_lib() {
  local p
  if [[ -n "${SOFTHSM_LIB:-}" ]]; then
    [[ -f "$SOFTHSM_LIB" ]] || die "SOFTHSM_LIB=$SOFTHSM_LIB does not exist"
    echo "$SOFTHSM_LIB"; return 0
  fi
  for p in "${LIB_CANDIDATES[@]}"; do
    [[ -f "$p" ]] && { echo "$p"; return 0; }
  done
  return 1
}

cmd_install() {
  if command -v "$UTIL" >/dev/null 2>&1 && find_lib >/dev/null; then
    say "already installed: $("$UTIL" --version 2>/dev/null || echo '?') ($(find_lib))"
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || die "softhsm2 is missing and there is no apt-get: install SoftHSM2 (softhsm2-util and libsofthsm2.so)"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo -n true 2>/dev/null || die "softhsm2 is missing; installing it needs root (or passwordless sudo): apt-get install softhsm2"
    sudo=(sudo -n)
  fi
  say "installing softhsm2 with apt-get"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends softhsm2 >&2 \
    || die "apt-get install softhsm2 failed"
  command -v "$UTIL" >/dev/null 2>&1 || die "softhsm2 installed but softhsm2-util is not on PATH"
  find_lib >/dev/null || die "softhsm2 installed but libsofthsm2.so was not found in: ${LIB_CANDIDATES[*]}"
  say "installed: $("$UTIL" --version) ($(find_lib))"
}

cmd_init() {
  local dir=${1:?usage: init <dir> <label> <pin> [<so-pin>]} label=${2:?label} pin=${3:?pin} so_pin=${4:-}
  [[ -n "$so_pin" ]] || so_pin="so-$pin"
  command -v "$UTIL" >/dev/null 2>&1 || die "softhsm2-util not found: run '$0 install' first"
  local lib; lib=$(find_lib) || die "libsofthsm2.so not found in: ${LIB_CANDIDATES[*]}"
  mkdir -p "$dir/tokens"
  dir=$(cd "$dir" && pwd)
  chmod 700 "$dir/tokens"
  cat >"$dir/softhsm2.conf" <<EOF
# written by test/services/softhsm.sh: a private token store for one test run
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
EOF
  export SOFTHSM2_CONF="$dir/softhsm2.conf"
  local out
  # The PINs go on the command line of a short-lived local process: test values only.
  out=$("$UTIL" --init-token --free --label "$label" --pin "$pin" --so-pin "$so_pin" 2>&1) \
    || die "token initialisation failed: ${out//$pin/[pin]}"
  local slot
  slot=$(grep -oE 'reassigned to slot [0-9]+' <<<"$out" | grep -oE '[0-9]+$' || true)
  [[ -n "$slot" ]] || die "could not read the token's slot from: ${out//$pin/[pin]}"
  say "token \"$label\" in slot $slot ($SOFTHSM2_CONF)"
  echo "SOFTHSM2_CONF=$SOFTHSM2_CONF"
  echo "SOFTHSM_LIB=$lib"
  echo "SOFTHSM_SLOT=$slot"
  echo "SOFTHSM_TOKEN_LABEL=$label"
}

case "${1:-}" in
  install) cmd_install ;;
  init) shift; cmd_init "$@" ;;
  lib) find_lib || die "libsofthsm2.so not found" ;;
  *) echo "usage: $0 install | init <dir> <label> <pin> [<so-pin>] | lib" >&2; exit 2 ;;
esac
