#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: installs Debian's `postgresql` if it
# is missing, creates a cluster under /tmp (initdb, trust authentication), starts it on a free
# port with its socket in the same folder, and prints its URL on stdout (all else on stderr).
#
#   url=$(scripts/pg.sh)            # start; GONGKAI_TEST_PG=$url cargo test -p gongkai-store
#   url=$(PG_DIR=/tmp/x scripts/pg.sh)   # … in a folder of your choice (created, must be empty)
#   scripts/pg.sh stop DIR          # stop the cluster in DIR (printed on stderr at start)
#
# As root the server runs as user postgres (it refuses to run as root).
set -euo pipefail

if [ "${1:-}" = "stop" ]; then
  dir=${2:?usage: scripts/pg.sh stop DIR}
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
  rm -rf "$dir"
  exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "pg.sh: installing postgresql (Debian)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as=()
dir=${PG_DIR:-$(mktemp -d /tmp/gongkai-pg.XXXXXX)}
mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then
  as=(runuser -u postgres --)
  chown postgres "$dir"
fi

# A free port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# Durability does not matter for a throwaway cluster; speed does.
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >&2 || { cat "$dir/server.log" >&2; exit 1; }
echo "pg.sh: PostgreSQL running in $dir (stop: scripts/pg.sh stop $dir)" >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
