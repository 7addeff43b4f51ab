#!/usr/bin/env bash
# Installs, on Debian or Ubuntu, the tools that build, check and test-install the RPM, when one
# is missing: rpmbuild (package rpm), rpmlint, createrepo_c (createrepo-c), dnf, and
# systemd-analyze (systemd). Needs root, as CI has; does nothing when all are present.
# Each apt-get step is bounded in time (TSVAULT_APT_TIMEOUT seconds, default 300).
set -euo pipefail

declare -A tools=([rpmbuild]=rpm [rpmlint]=rpmlint [createrepo_c]=createrepo-c [dnf]=dnf [systemd-analyze]=systemd)
need=()
for tool in "${!tools[@]}"; do
  command -v "$tool" >/dev/null || need+=("${tools[$tool]}")
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-build-deps.sh: missing ${need[*]}: install them (as root, with apt-get on Debian)" >&2
  exit 1
fi
limit=${TSVAULT_APT_TIMEOUT:-300}
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet: update once, only when apt knows none of them.
if ! apt-cache show "${need[@]}" >/dev/null 2>&1; then
  timeout "$limit" apt-get update -qq
fi
echo "install-build-deps.sh: apt-get install ${need[*]}" >&2
timeout "$limit" apt-get install -y -qq "${need[@]}" >/dev/null
