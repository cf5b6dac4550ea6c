#!/usr/bin/env bash
# gongkai against the floor of each kind of input, in one run (issue 8): text and Markdown
# against one `grep` pass over the same bytes, HTML against an html5ever-only parse, PDFs
# against `pdftotext -bbox-layout` alone (scripts/bench-pdf.sh). Prints a table with ratios;
# results go to docs/benchmarks.md with this command.
#
#   scripts/bench-ratios.sh [TEXT_COUNT] [HTML_COUNT]        (defaults 1800 and 600)
#
# One job (`--jobs 1`), best wall time of three runs, page cache warm. The corpora are generated
# by gongkai-synth (every text layout family; HTML pages with site chrome, a quarter in GBK).
set -euo pipefail
cd "$(dirname "$0")/.."
text_count=${1:-1800}
html_count=${2:-600}
cargo build --release -q -p gongkai -p gongkai-synth
cargo build --release -q -p gongkai-bench --example html5ever_only
BIN=target/release/gongkai
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
target/release/gongkai-synth --out "$TMP/text" --count "$text_count" --seed 8 --formats txt >/dev/null
target/release/gongkai-synth --out "$TMP/html" --count "$html_count" --seed 8 --formats html >/dev/null
cat "$TMP"/text/docs/* "$TMP"/html/docs/* >/dev/null

best() { # best wall seconds of three runs of "$@" (output discarded)
  local b=""
  for _ in 1 2 3; do
    local s e t
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
row() { # label files seconds reference-seconds
  printf '| %s | %d | %.3f s | %.0f/s | %.3f s | %.1f× |\n' "$1" "$2" "$3" \
    "$(echo "$2 / $3" | bc -l)" "$4" "$(echo "$3 / $4" | bc -l)"
}

nt=$(find "$TMP/text/docs" -type f | wc -l)
nh=$(find "$TMP/html/docs" -type f | wc -l)
mt=$(du -sm "$TMP/text/docs" | cut -f1)
mh=$(du -sm "$TMP/html/docs" | cut -f1)
grep_t=$(best grep -rc 总计 "$TMP/text/docs")
check_t=$(best "$BIN" check --format json -q --jobs 1 "$TMP/text/docs")
parse_t=$(best "$BIN" parse --json -q --jobs 1 "$TMP/text/docs")
floor_h=$(best target/release/examples/html5ever_only "$TMP/html/docs")
parse_h=$(best "$BIN" parse --json -q --jobs 1 "$TMP/html/docs")
check_h=$(best "$BIN" check --format json -q --jobs 1 "$TMP/html/docs")
check_t2=$(best "$BIN" check --format json -q --jobs 2 "$TMP/text/docs")

echo "text: $nt files, $mt MB; HTML: $nh pages, $mh MB; $(nproc) cores"
echo
echo '| work (one job) | files | gongkai | rate | reference | ratio |'
echo '|---|---|---|---|---|---|'
row "text, \`check --format json\` vs \`grep -rc 总计\`" "$nt" "$check_t" "$grep_t"
row "text, \`parse --json\` vs \`grep -rc 总计\`" "$nt" "$parse_t" "$grep_t"
row "HTML, \`parse --json\` vs html5ever-only parse" "$nh" "$parse_h" "$floor_h"
row "HTML, \`check --format json\` vs html5ever-only parse" "$nh" "$check_h" "$floor_h"
printf '| text, `check` with 2 jobs vs 1 job | %d | %.3f s | %.0f/s | %.3f s | %.2f× speed-up |\n' \
  "$nt" "$check_t2" "$(echo "$nt / $check_t2" | bc -l)" "$check_t" "$(echo "$check_t / $check_t2" | bc -l)"
if command -v pdftotext >/dev/null && command -v pdfunite >/dev/null; then
  echo
  echo "PDF (scripts/bench-pdf.sh):"
  scripts/bench-pdf.sh "$BIN"
fi
