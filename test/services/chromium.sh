#!/usr/bin/env bash
# Debian's Chromium for the web UI's browser tests (playwright-core drives it; no browser download).
#
#   chromium.sh install   installs the `chromium` package with apt-get when no Chromium is found
#                         (apt-get update first; root, or sudo -n), then prints its path
#   chromium.sh path      prints the path of the Chromium binary, or exits 1
#
# CHROMIUM_PATH names the binary to use instead of the search (/usr/bin/chromium,
# /usr/lib/chromium/chromium, chromium on PATH). Nothing here is ever skipped: when Chromium cannot
# be installed, the script exits non-zero and the test suite fails.
set -euo pipefail

say() { printf 'chromium.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

find_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    [[ -x "$CHROMIUM_PATH" ]] || return 1
    echo "$CHROMIUM_PATH"; return 0
  fi
  local c
  for c in /usr/bin/chromium /usr/lib/chromium/chromium; do
    [[ -x "$c" ]] && { echo "$c"; return 0; }
  done
  c=$(command -v chromium 2>/dev/null) && { echo "$c"; return 0; }
  return 1
}

cmd_install() {
  local bin
  if bin=$(find_chromium); then echo "$bin"; return 0; fi
  [[ -z "${CHROMIUM_PATH:-}" ]] || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
  command -v apt-get >/dev/null 2>&1 || die "Chromium is missing and there is no apt-get: install Chromium or set CHROMIUM_PATH"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo -n true 2>/dev/null || die "Chromium is missing; installing it needs root (or passwordless sudo): apt-get install chromium"
    sudo=(sudo -n)
  fi
  say "installing chromium with apt-get"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2 || die "apt-get install chromium failed"
  bin=$(find_chromium) || die "chromium installed but not found"
  echo "$bin"
}

case "${1:-}" in
  install) cmd_install ;;
  path) find_chromium || die "Chromium not found: run '$0 install' first" ;;
  *) die "usage: $0 install|path" ;;
esac
