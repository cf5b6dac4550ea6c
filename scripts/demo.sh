#!/usr/bin/env bash
# Build gongkai and check the bundled sample reports (real reports with known errors).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release --quiet
./target/release/gongkai check fixtures/corpus/docs/* || true
