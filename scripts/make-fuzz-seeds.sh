#!/usr/bin/env bash
# Add the hostile inputs of issue 7 (small versions, from crates/cli/tests/hostile/gen.rs) and
# pdftotext word boxes of a few fixture PDFs to the fuzz seeds (fuzz/seeds/<target>/).
# Idempotent: seeds are named hostile-*/bbox-*; run again after changing a generator.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run -q -p gongkai --example hostile -- "$tmp" >/dev/null
seed() { mkdir -p "fuzz/seeds/$1"; cp "$tmp/$2" "fuzz/seeds/$1/hostile-$2"; }
seed xlsx xlsx-shared-string-bomb.xlsx
seed xlsx xlsx-numeric-cells.xlsx
seed docx docx-empty-paragraphs.docx
seed html html-many-cells.html
seed text utf8-one-bad-byte.txt
seed text escapes-in-text.txt
seed input zip-duplicates.zip
seed input zip-escape-name.zip
seed input zip-many-entries.zip
seed input xlsx-shared-string-bomb.xlsx
seed input utf8-one-bad-byte.txt
cp fixtures/archives/reports.zip fuzz/seeds/input/hostile-reports-gbk-names.zip
# A file that only starts like a zip, and a truncated end record.
printf 'PK\003\004' > fuzz/seeds/input/hostile-pk-prefix.bin
head -c 600 "$tmp/zip-duplicates.zip" > fuzz/seeds/input/hostile-zip-truncated.zip
tail -c 22 "$tmp/zip-duplicates.zip" > fuzz/seeds/input/hostile-zip-end-record-only.zip
# Word boxes as pdftotext prints them (the first two pages of a few fixtures).
if command -v pdftotext >/dev/null; then
  mkdir -p fuzz/seeds/pdf_layout
  for f in sh2020_city synth_pagebreak_2021 synth_borderless_2019 scan_sh2020_t3; do
    pdftotext -bbox-layout -l 2 "fixtures/pdf/docs/$f.pdf" "fuzz/seeds/pdf_layout/bbox-$f.xhtml"
  done
fi
# Many small table pages (the shape of issue 7 item 2), as word boxes.
python3 - <<'PY' > fuzz/seeds/pdf_layout/hostile-many-table-pages.xhtml
print('<html><body><doc>')
for p in range(50):
    print('<page width="595.0" height="842.0">')
    for r in range(4):
        y = 100 + r * 20
        for c, t in enumerate(["一、本年新收", "1", "2", "3"]):
            x = 60 + c * 90
            print(f'<word xMin="{x}" yMin="{y}" xMax="{x+40}" yMax="{y+12}">{t}</word>')
    print('</page>')
print('</doc></body></html>')
PY
echo "seeds written"
