#!/usr/bin/env bash
# Build gongkai, check the bundled sample reports (real reports with known errors), keep them in
# an SQLite store (a file: no server) and ask it, then a township's ledger and the tables it gives.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release --quiet
g=${CARGO_TARGET_DIR:-target}/release/gongkai
"$g" check fixtures/corpus/docs/* || true
# A fixed place, so that `gongkai serve --db target/demo/gongkai.db` shows the same store.
mkdir -p "${CARGO_TARGET_DIR:-target}/demo"
db=${CARGO_TARGET_DIR:-target}/demo/gongkai.db
echo; echo "== gongkai ingest --db $db fixtures/corpus/docs"
"$g" ingest --db "$db" fixtures/corpus/docs
echo; echo "== gongkai list"
"$g" list --db "$db"
echo; echo "== gongkai stats --year 2023"
"$g" stats --db "$db" --year 2023 | head -n 30
echo; echo "== gongkai ledger import / report"
"$g" ledger import --db "$db" --body 示例镇人民政府 fixtures/ledger/township-2024.csv
"$g" ledger report --db "$db" --body 示例镇人民政府 --year 2024 | head -n 40
echo; echo "(store kept in $db; the web app on it: $g serve --db $db, then open http://127.0.0.1:8080)"
