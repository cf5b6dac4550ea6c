#!/usr/bin/env bash
# Every test of the project, as CI runs it. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
# As in CI: tests that need poppler, LibreOffice or tesseract fail (not skip) without them.
export CI="${CI:-true}"
./scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
# The Parquet export is behind a feature (arrow + parquet are heavy): its test here.
cargo test -p gongkai-store --features parquet --test store parquet
# The store's suites again on PostgreSQL: a throwaway server from Debian's postgresql.
pg_dir=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
trap './scripts/pg.sh stop "$pg_dir"' EXIT
pg_url=$(PG_DIR=$pg_dir ./scripts/pg.sh)
GONGKAI_TEST_PG=$pg_url cargo test -p gongkai-store -p gongkai --test store
