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
