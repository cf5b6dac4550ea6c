#!/usr/bin/env bash
# Load on the web app (issue 12: 50 users, p95 under 200 ms at 100,000 reports). Generates
# COUNT text reports (gongkai-synth), ingests them into an SQLite store once, adds a viewer
# account, serves the store and runs crates/bench/examples/web_load.rs against it.
#
#   scripts/bench-web.sh [COUNT=100000] [USERS=50] [SECS=30] [THINK_MS=0]
#
# THINK_MS > 0: each user pauses up to twice that between requests (browsing); 0 is a stress
# test (every user asks again as soon as answered).
#
# The store is kept in $BENCH_DIR (default target/bench-web) for the next run; delete it to
# start over. Results go to docs/benchmarks.md with this command.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
users=${2:-50}
secs=${3:-30}
think=${4:-0}
dir=${BENCH_DIR:-target/bench-web}
cargo build --release -q -p gongkai -p gongkai-synth
cargo build --release -q -p gongkai-bench --example web_load
BIN=$PWD/target/release/gongkai
mkdir -p "$dir"
db=$dir/gongkai.db
if [ ! -f "$dir/ingested-$count" ]; then
  rm -rf "$dir/docs" "$db"*
  target/release/gongkai-synth --out "$dir" --count "$count" --seed 12 --formats txt >/dev/null
  /usr/bin/time -f "ingest: %e s wall, %U s user, %M KB peak" "$BIN" ingest -q --db "$db" "$dir/docs"
  echo load-password-12 | "$BIN" user add load --role viewer --password-stdin --db "$db" >/dev/null
  touch "$dir/ingested-$count"
fi
port=$((20000 + RANDOM % 20000))
"$BIN" serve --db "$db" --addr "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; then break; fi
  sleep 0.2
done
target/release/examples/web_load "127.0.0.1:$port" load load-password-12 "$count" "$users" "$secs" "$think"
