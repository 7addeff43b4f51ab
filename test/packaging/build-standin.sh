#!/usr/bin/env bash
# Builds tsvault-test-host, a stand-in RPM for the part of a RHEL host that lies outside the
# tsvault package, so that packaging.test.ts can `dnf --installroot` tsvault into an empty root
# on this Debian machine with real dependency resolution and real scriptlets.
#
#   test/packaging/build-standin.sh OUTDIR      # writes OUTDIR/tsvault-test-host-1-1.ARCH.rpm
#                                               # and OUTDIR/vault-1.15.0-1.noarch.rpm
#
# What it stands in for, and how:
# - the shell and tools the scriptlets run (/bin/sh, id, mkdir, chown, chmod; useradd and
#   userdel of shadow-utils; openssl; kill, which the unit's ExecReload names): the host's own
#   binaries and the shared libraries ldd lists for them, copied in, so %pre and %post really
#   run inside the root (RHEL's coreutils, shadow-utils, openssl and util-linux do this there);
# - a minimal /etc (root in passwd/group/shadow/gshadow, the host's login.defs and openssl.cnf,
#   nsswitch.conf with "files"): Fedora's setup package;
# - merged /usr (bin, sbin, lib, lib64 -> usr/...): Fedora's filesystem package;
# - nodejs: Provides only (nodejs = 1:HOST_VERSION, /usr/bin/node). The test runs the installed
#   daemon with the host's node, from outside the root, as the brief asks; nothing in the root
#   executes node.
# - systemd: its *.target and *.slice unit files only, so that `systemd-analyze verify --root`
#   finds what vault.service names; no Provides: the package does not require systemd, and its
#   scriptlets call systemctl only where /run/systemd/system exists, which it does not in the root.
# - HashiCorp's vault package: a second RPM with its name and version only, which the test
#   tries to install beside tsvault (Conflicts: vault).
set -euo pipefail

out=${1:?usage: build-standin.sh OUTDIR}
top=$(mktemp -d "${TMPDIR:-/tmp}/tsvault-standin.XXXXXX")
trap 'rm -rf "$top"' EXIT
tree=$top/tree
mkdir -p "$tree"/usr/{bin,sbin,lib,lib64} "$tree"/etc/ssl "$tree"/{tmp,var/tmp,run,root,dev}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$tree/$d"; done
chmod 1777 "$tree/tmp" "$tree/var/tmp"

# The host's binaries, each at its /usr path, plus every library they load.
binaries=(/usr/bin/dash /usr/bin/id /usr/bin/mkdir /usr/bin/chown /usr/bin/chmod /usr/bin/cat
  /usr/bin/rm /usr/bin/false /usr/bin/true /usr/bin/openssl /usr/bin/kill
  /usr/sbin/useradd /usr/sbin/userdel)
copy() { # copy HOST_PATH into the tree at its /usr/... location, following symlinks
  local real dest
  real=$(readlink -f "$1")
  case $real in /usr/*) dest=$tree$real ;; *) dest=$tree/usr$real ;; esac
  mkdir -p "$(dirname "$dest")"
  cp -pL "$real" "$dest"
  # and the name it was asked for (/lib64/ld-linux-x86-64.so.2 is a link on the host too)
  local name
  case $1 in /usr/*) name=$tree$1 ;; *) name=$tree/usr$1 ;; esac
  if [ "$name" != "$dest" ] && [ ! -e "$name" ]; then
    mkdir -p "$(dirname "$name")"
    ln -sr "$dest" "$name"
  fi
}
for b in "${binaries[@]}"; do
  copy "$b"
  ldd "$b" | grep -o '/[^ ]*' | while read -r lib; do copy "$lib"; done
done
ln -s dash "$tree/usr/bin/sh"

# A minimal /etc: root only; useradd adds vault to these files.
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tree/etc/passwd"
printf 'root:x:0:\n' >"$tree/etc/group"
printf 'root:*:19000:0:99999:7:::\n' >"$tree/etc/shadow"
printf 'root:*::\n' >"$tree/etc/gshadow"
chmod 0640 "$tree/etc/shadow" "$tree/etc/gshadow"
printf 'passwd: files\ngroup: files\nshadow: files\ngshadow: files\n' >"$tree/etc/nsswitch.conf"
cp /etc/login.defs "$tree/etc/login.defs"
cp -L /etc/ssl/openssl.cnf "$tree/etc/ssl/openssl.cnf"
mkdir -p "$tree/usr/lib/ssl" && ln -s ../../../etc/ssl/openssl.cnf "$tree/usr/lib/ssl/openssl.cnf"

# systemd's targets and slices, unit files only: `systemd-analyze verify --root` resolves
# vault.service's After=/Requires=/WantedBy= and default dependencies against them.
mkdir -p "$tree/usr/lib/systemd/system"
cp -p /usr/lib/systemd/system/*.target /usr/lib/systemd/system/*.slice "$tree/usr/lib/systemd/system/"

node_version=$(node -p 'process.versions.node')
openssl_version=$(openssl version | awk '{print $2}')
shadow_version=$(dpkg-query -W -f='${Version}' passwd 2>/dev/null | sed 's/^[0-9]*://; s/[-+~].*//')

# Every path in the tree is the package's (directories included, like Fedora's filesystem).
# /dev/null is a device node, as devtmpfs gives a real host: the scriptlets redirect to it.
{
  (cd "$tree" && find . -mindepth 1 -type d | sed 's|^\.|%dir |')
  (cd "$tree" && find . -mindepth 1 ! -type d | sed 's|^\.||' |
    sed 's|^/etc/\(passwd\|group\|shadow\|gshadow\)$|%config(noreplace) &|')
  echo '%dev(c,1,3) %attr(0666,root,root) /dev/null'
} >"$top/files.list"

cat >"$top/standin.spec" <<SPEC
Name:      tsvault-test-host
Version:   1
Release:   1
Summary:   Test stand-in for the host tools outside the tsvault package
License:   MPL-2.0
# Host binaries as they are: no dependency scan, no stripping, no build-id links, no debuginfo.
AutoReqProv: no
%global __os_install_post %{nil}
%global _build_id_links none
%global debug_package %{nil}
Provides:  /bin/sh
Provides:  nodejs = 1:${node_version}
Provides:  /usr/bin/node
Provides:  openssl = 1:${openssl_version}
Provides:  shadow-utils = 2:${shadow_version:-4}
Provides:  coreutils = 9
Provides:  util-linux = 2

%description
Stand-in for coreutils, shadow-utils, openssl, util-linux, setup, filesystem and systemd's
unit files, made of the test machine's own files; nodejs is the host's node, outside the root.

%install
cp -a "$tree/." %{buildroot}/

%files -f $top/files.list
SPEC

# And HashiCorp's vault package, name and version only, to check tsvault's Provides/Conflicts.
cat >"$top/vault.spec" <<'SPEC'
Name:      vault
Version:   1.15.0
Release:   1
Summary:   Test stand-in for HashiCorp's vault package (name and version only)
License:   BUSL-1.1
BuildArch: noarch

%description
Stand-in for HashiCorp's vault package: no files, only its name and version.

%files
SPEC

rpmbuild -bb --quiet --define "_topdir $top/rpmbuild" "$top/standin.spec"
rpmbuild -bb --quiet --define "_topdir $top/rpmbuild" "$top/vault.spec"
mkdir -p "$out"
cp "$top"/rpmbuild/RPMS/*/tsvault-test-host-*.rpm "$top"/rpmbuild/RPMS/noarch/vault-*.rpm "$out/"
