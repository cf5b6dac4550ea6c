#!/usr/bin/env bash
# Every test of the project, as CI runs it. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
