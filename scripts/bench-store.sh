#!/usr/bin/env bash
# Store benchmark: N generated text reports; `check` over them, then `ingest` into an SQLite
# store (and into PostgreSQL with PG=1, started by scripts/pg.sh); store size; the latency of
# each query command on the full store. Results go to docs/benchmarks.md by hand.
#
#   scripts/bench-store.sh [COUNT]            PG=1 also runs PostgreSQL; SKIP_INGEST=1 reuses the stores
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
dir=${BENCH_DIR:-/tmp/gongkai-store-bench-$count}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p gongkai
g=$target/release/gongkai
if [ ! -d "$dir/docs" ]; then
  cargo build --release -q -p gongkai-synth
  "$target/release/gongkai-synth" --out "$dir" --count "$count" --seed 1 --formats txt >/dev/null
fi
echo "corpus: $(find "$dir/docs" -type f | wc -l) files, $(du -sh "$dir/docs" | cut -f1) in $dir/docs"
find "$dir/docs" -type f -exec cat {} + >/dev/null

timed() { # label, command…: wall seconds and peak RSS
  local label=$1; shift
  local status=ok
  /usr/bin/time -f "%e %M %U %S" -o "$dir/time.txt" "$@" >/dev/null 2>"$dir/err.txt" || status="exit $?"
  read -r secs kb user sys < <(tail -n 1 "$dir/time.txt")
  printf '%-44s %8.2f s  cpu %7.2f s  %6d MB  %s\n' "$label" "$secs" "$(echo "$user + $sys" | bc -l)" "$((kb / 1024))" "$status"
}

queries() { # db
  local db=$1
  # A body with reports in several years, and a year.
  local body year
  body=$("$g" list --db "$db" --format csv --year 2024 | sed -n '2p' | cut -d, -f1)
  year=2024
  timed "list --year $year" "$g" list --db "$db" --year $year
  timed "list --year $year --region 13 --kind township" "$g" list --db "$db" --year $year --region 13 --kind township
  timed "list --year $year --missing" "$g" list --db "$db" --year $year --missing
  timed "show BODY $year" "$g" show --db "$db" "$body" $year
  timed "compare BODY 2023 $year" "$g" compare --db "$db" "$body" 2023 $year
  timed "stats --year $year" "$g" stats --db "$db" --year $year
  timed "stats (all years)" "$g" stats --db "$db"
  timed "stats --year $year --rank disclosure_rate" "$g" stats --db "$db" --year $year --rank disclosure_rate
  timed "stats --year $year --rank table3.total.total" "$g" stats --db "$db" --year $year --rank table3.total.total
  timed "export csv --year $year" "$g" export --db "$db" --format csv -o "$dir/flat.csv" --year $year
}

timed "check --format json" "$g" check --format json -q "$dir/docs"
db=$dir/store.db
if [ -z "${SKIP_INGEST:-}" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  timed "ingest (SQLite)" "$g" ingest -q --db "$db" "$dir/docs"
  timed "ingest again (SQLite, nothing new)" "$g" ingest -q --db "$db" "$dir/docs"
fi
echo "SQLite store: $(du -b "$db" | cut -f1) bytes, $(( $(du -b "$db" | cut -f1) / count )) bytes per report"
queries "$db"

if [ -n "${PG:-}" ]; then
  pg_dir=$dir/pg
  rm -rf "$pg_dir"
  url=$(PG_DIR=$pg_dir ./scripts/pg.sh)
  trap './scripts/pg.sh stop "$pg_dir"' EXIT
  timed "ingest (PostgreSQL)" "$g" ingest -q --db "$url" "$dir/docs"
  size=$(psql "$url" -Atc "SELECT pg_database_size(current_database())")
  echo "PostgreSQL store: $size bytes, $((size / count)) bytes per report"
  queries "$url"
fi
