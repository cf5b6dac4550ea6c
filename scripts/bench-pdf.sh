#!/usr/bin/env bash
# PDF speed against its floor, in one run: `gongkai parse` over text-layer PDFs against
# `pdftotext -bbox-layout` alone on the same files (issue 8, target 3), and scanned pages read
# by OCR in seconds per page (target 4).
#
#   scripts/bench-pdf.sh [GONGKAI_BINARY]     (default: target/release/gongkai)
#
# Corpus: every text-layer PDF of fixtures/pdf/docs (LibreOffice and Chromium prints of the
# corpus and of generated reports), three copies each; the scan fixture repeated on 4 pages.
# Times are wall-clock with one job (`--jobs 1`), best of three runs; CPU is user+sys of the
# process and its children (pdftotext, pdftoppm, tesseract).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/gongkai}
[ -x "$BIN" ] || { echo "no binary $BIN (cargo build --release -p gongkai)" >&2; exit 1; }
for t in pdftotext pdfunite; do
  command -v "$t" >/dev/null || { echo "$t is needed (poppler-utils)" >&2; exit 1; }
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/text" "$TMP/scan"
n=0
for f in fixtures/pdf/docs/*.pdf; do
  case $(basename "$f") in scan_*) continue ;; esac
  for k in 1 2 3; do cp "$f" "$TMP/text/$k-$(basename "$f")"; n=$((n + 1)); done
done
s=fixtures/pdf/docs/scan_sh2020_t3.pdf
pdfunite "$s" "$s" "$s" "$s" "$TMP/scan/scan4.pdf"

# best wall time of three runs of "$@", and its CPU time (user+sys, children included)
best() {
  local b="" c=""
  for _ in 1 2 3; do
    /usr/bin/time --quiet -f "%e %U %S" -o "$TMP/t" "$@" >/dev/null 2>&1 || true
    read -r e u s <"$TMP/t"
    if [ -z "$b" ] || awk "BEGIN{exit !($e < $b)}"; then b=$e; c=$(awk "BEGIN{print $u + $s}"); fi
  done
  echo "$b $c"
}
pdftotext_all() { for f in "$TMP"/text/*.pdf; do pdftotext -bbox-layout "$f" /dev/null; done; }
export -f pdftotext_all
export TMP

read -r tw tc < <(best bash -c pdftotext_all)
read -r gw gc < <(best "$BIN" parse --json -q --jobs 1 "$TMP/text")
read -r ow oc < <(best "$BIN" parse --json -q --jobs 1 "$TMP/scan/scan4.pdf")
printf '| work | files | wall | CPU | ratio (wall) |\n|---|---|---|---|---|\n'
printf '| `pdftotext -bbox-layout` alone | %d | %.2f s | %.2f s | 1 |\n' "$n" "$tw" "$tc"
printf '| `gongkai parse --json -q --jobs 1` | %d | %.2f s | %.2f s | %.2f× |\n' "$n" "$gw" "$gc" "$(awk "BEGIN{print $gw / $tw}")"
printf '| scanned pages by OCR (4 pages, one file) | 1 | %.2f s | %.2f s | %.2f s per page |\n' "$ow" "$oc" "$(awk "BEGIN{print $ow / 4}")"
