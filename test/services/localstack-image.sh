#!/usr/bin/env bash
# The container path of the awskms tests: a Docker engine and a local LocalStack 4.14.0 image,
# built without any registry (none can be pulled on CI machines).
#
#   localstack-image.sh engine   exits 0 when a Docker engine answers; as root, installs Debian's
#                                docker.io if missing and starts dockerd (unix socket only)
#   localstack-image.sh build    engine, then the image $TSVAULT_LOCALSTACK_IMAGE (default
#                                tsvault/localstack:4.14.0) unless it already exists: debootstrap
#                                a minimal Debian trixie from the machine's configured mirror,
#                                `docker import` it, `docker build` test/services/localstack-image/
#   localstack-image.sh name     prints the image name
#
# Trixie, not the machine's suite: LocalStack 4.14.0 needs Python >= 3.12 (trixie has 3.13,
# bookworm 3.11). The image is rebuilt when RECIPE changes (a label on the image).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGE="${TSVAULT_LOCALSTACK_IMAGE:-tsvault/localstack:4.14.0}"
SUITE="${TSVAULT_LOCALSTACK_SUITE:-trixie}"
BASE="tsvault/debian-minbase:$SUITE"
# Bump when the Dockerfile or the base recipe changes, so a cached image is rebuilt.
RECIPE=2
DOCKERD_LOG=/var/log/tsvault-dockerd.log

say() { printf 'localstack-image.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
in_ci() { [[ -n "${CI:-}" && "${CI,,}" != false && "${CI}" != 0 ]]; }
engine_up() { docker info >/dev/null 2>&1; }

apt_install() {
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; } \
    || die "apt-get install $* failed"
}

cmd_engine() {
  engine_up && return 0
  [[ $(id -u) == 0 ]] || die "no Docker engine answers, and only root may install or start one"
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  command -v docker >/dev/null 2>&1 || die "docker.io installed no docker client"
  say "starting dockerd (data root /var/lib/docker, log $DOCKERD_LOG)"
  # Unix socket only (no TCP listener); setsid: it outlives this script, as a system daemon does.
  setsid dockerd --data-root /var/lib/docker -H unix:///var/run/docker.sock >>"$DOCKERD_LOG" 2>&1 </dev/null &
  local pid=$! i
  for ((i = 0; i < 60; i++)); do
    engine_up && { say "dockerd answers after ${i} s"; return 0; }
    kill -0 "$pid" 2>/dev/null || { tail -5 "$DOCKERD_LOG" >&2; die "dockerd exited (log: $DOCKERD_LOG)"; }
    sleep 1
  done
  tail -20 "$DOCKERD_LOG" >&2
  die "dockerd did not answer within 60 s (log: $DOCKERD_LOG)"
}

# The first Debian URI of the machine's apt sources (deb822 or one-line format).
debian_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' \
    | grep -E '/debian/?$' | head -1 || true)
  [[ -n "$uri" ]] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; break } }' \
    | grep -E '/debian/?$' | head -1 || true)
  [[ -n "$uri" ]] || die "no Debian mirror (a URI ending in /debian) in /etc/apt/sources.list*"
  echo "${uri%/}"
}

image_current() {
  [[ "$(docker image inspect -f '{{index .Config.Labels "tsvault.recipe"}}' "$1" 2>/dev/null)" == "$RECIPE" ]]
}

build_base() {
  if docker image inspect "$BASE" >/dev/null 2>&1; then say "base $BASE exists"; return 0; fi
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  local mirror rootfs t0=$SECONDS
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d /var/tmp/tsvault-rootfs.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$rootfs'" EXIT
  say "debootstrap --variant=minbase $SUITE from $mirror"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates "$SUITE" "$rootfs" "$mirror" \
    >"$rootfs.log" 2>&1 || { tail -20 "$rootfs.log" >&2; die "debootstrap failed (log: $rootfs.log)"; }
  rm -f "$rootfs.log"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' - "$BASE" >/dev/null || die "docker import failed"
  rm -rf "$rootfs"; trap - EXIT
  say "base $BASE imported after $((SECONDS - t0)) s"
}

cmd_build() {
  cmd_engine
  if image_current "$IMAGE"; then say "image $IMAGE exists (recipe $RECIPE): nothing to build"; return 0; fi
  local t0=$SECONDS ctx
  build_base
  ctx=$(mktemp -d)
  cp "$ROOT/test/services/localstack-image/Dockerfile" "$ctx/"
  # The machine's CA bundle (public certificates): pip reaches PyPI the way the host does.
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/host-ca.crt"
  say "docker build $IMAGE (pip install localstack-core==4.14.0)"
  # --network host: only this build step reaches PyPI; the legacy builder (no buildx on Debian's 20.10).
  if ! DOCKER_BUILDKIT=0 docker build -q --network host --build-arg "BASE=$BASE" \
      --label "tsvault.recipe=$RECIPE" -t "$IMAGE" "$ctx" >"$ctx/build.log" 2>&1; then
    tail -30 "$ctx/build.log" >&2; rm -rf "$ctx"; die "docker build $IMAGE failed"
  fi
  rm -rf "$ctx"
  say "image $IMAGE built in $((SECONDS - t0)) s"
}

case "${1:-}" in
  engine) cmd_engine ;;
  build) cmd_build ;;
  name) echo "$IMAGE" ;;
  *) echo "usage: $0 engine | build | name" >&2; exit 2 ;;
esac
