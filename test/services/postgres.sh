#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the postgresql storage tests: its own data directory, port and
# Unix socket, never the system's cluster or its port 5432.
#
#   postgres.sh install            installs PostgreSQL with apt-get when initdb/pg_ctl are missing
#                                  (apt-get update first; root, or sudo -n)
#   postgres.sh start <dir> <port> creates the cluster in <dir>/data on first use (initdb), starts it
#                                  on 127.0.0.1:<port> and a socket in <dir>, fsync on, scram password
#                                  auth over TCP, a role and a database `vault`; prints KEY=VALUE lines:
#                                  PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSOCKETDIR,
#                                  PG_CONNECTION_URL. Starting a stopped cluster keeps its data.
#                                  (vault may create roles: tests make one without CREATE rights)
#   postgres.sh stop <dir>         stops it (fast shutdown); the data stays
#   postgres.sh restart <dir>      stops and starts it again on the same port
#   postgres.sh psql <dir> [args]  psql as the superuser over the socket, in database vault
#
# PostgreSQL refuses to run as root: as root, initdb, postgres and psql run as the `postgres` user
# (runuser), and <dir> is handed to that user. PG_BINDIR names the only folder searched for the
# binaries (the script's own test uses it to play a machine without PostgreSQL);
# TSVAULT_TEST_PG_PASSWORD the test role's password.
#
# Nothing here is ever skipped: when PostgreSQL cannot be installed or started, the script exits
# non-zero and the test suite fails.
set -euo pipefail

say() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

PASSWORD=${TSVAULT_TEST_PG_PASSWORD:-tsvault-PG-test-5713}
ROLE=vault
DATABASE=vault

# Debian keeps the server binaries in /usr/lib/postgresql/<version>/bin (newest wins); elsewhere
# they are on PATH.
find_bindir() {
  if [[ -n "${PG_BINDIR:-}" ]]; then
    [[ -x "$PG_BINDIR/initdb" && -x "$PG_BINDIR/pg_ctl" ]] || return 1
    echo "$PG_BINDIR"; return 0
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"; return 0
  fi
  return 1
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd_install() {
  local bindir
  if bindir=$(find_bindir); then say "already installed: $("$bindir/postgres" --version)"; return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is missing and there is no apt-get: install the PostgreSQL server (initdb, pg_ctl)"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo -n true 2>/dev/null || die "PostgreSQL is missing; installing it needs root (or passwordless sudo): apt-get install postgresql"
    sudo=(sudo -n)
  fi
  say "installing postgresql with apt-get"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2 \
    || die "apt-get install postgresql failed"
  bindir=$(find_bindir) || die "postgresql installed but initdb/pg_ctl were not found${PG_BINDIR:+ in PG_BINDIR=$PG_BINDIR}"
  say "installed: $("$bindir/postgres" --version)"
}

psql_super() {
  local dir=$1; shift
  local bindir; bindir=$(find_bindir) || die "PostgreSQL not found: run '$0 install' first"
  local port; port=$(cat "$dir/port")
  as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres "$@"
}

init_cluster() {
  local dir=$1 port=$2 bindir=$3
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the cluster"
    chown postgres: "$dir"
    as_owner test -w "$dir" \
      || die "the postgres user cannot reach $dir: every folder above it must be searchable by others (a folder of its own under /tmp is)"
  fi
  chmod 700 "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || die "initdb failed: $(tail -n 20 "$dir/initdb.log")"
  as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
# written by test/services/postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
password_encryption = 'scram-sha-256'
max_connections = 300
shared_buffers = 32MB
log_min_messages = warning
EOF
  echo "$port" >"$dir/port.new" && mv "$dir/port.new" "$dir/port"
}

start_server() {
  local dir=$1 bindir=$2
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || die "pg_ctl start failed: $(tail -n 20 "$dir/server.log" 2>/dev/null)"
}

cmd_start() {
  local dir=${1:?usage: start <dir> <port>} port=${2:?usage: start <dir> <port>}
  local bindir; bindir=$(find_bindir) || die "PostgreSQL not found: run '$0 install' first"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local fresh=0
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then init_cluster "$dir" "$port" "$bindir"; fresh=1; fi
  [[ "$(cat "$dir/port")" == "$port" ]] || die "the cluster in $dir listens on port $(cat "$dir/port"), not $port"
  start_server "$dir" "$bindir"
  if [[ $fresh -eq 1 ]]; then
    # The password goes to psql on stdin, never on a command line.
    psql_super "$dir" -d postgres >/dev/null <<EOF
CREATE ROLE $ROLE LOGIN CREATEROLE PASSWORD '$PASSWORD';
CREATE DATABASE $DATABASE OWNER $ROLE;
EOF
  fi
  say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
  echo "PGHOST=127.0.0.1"
  echo "PGPORT=$port"
  echo "PGUSER=$ROLE"
  echo "PGPASSWORD=$PASSWORD"
  echo "PGDATABASE=$DATABASE"
  echo "PGSOCKETDIR=$dir"
  echo "PG_CONNECTION_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$port/$DATABASE?sslmode=disable"
}

cmd_stop() {
  local dir=${1:?usage: stop <dir>}
  local bindir; bindir=$(find_bindir) || die "PostgreSQL not found"
  [[ -f "$dir/data/postmaster.pid" ]] || { say "not running: $dir"; return 0; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || die "pg_ctl stop failed"
}

cmd_restart() {
  local dir=${1:?usage: restart <dir>}
  cmd_stop "$dir"
  cmd_start "$dir" "$(cat "$dir/port")"
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  restart) shift; cmd_restart "$@" ;;
  psql) shift; d=${1:?usage: psql <dir> [args]}; shift; psql_super "$d" -d "$DATABASE" "$@" ;;
  *) echo "usage: $0 install | start <dir> <port> | stop <dir> | restart <dir> | psql <dir> [args]" >&2; exit 2 ;;
esac
