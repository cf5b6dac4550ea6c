#!/usr/bin/env bash
# Make the office fixtures of fixtures/office (checked in; run again only to change them).
#
# Synthetic reports of fixed seeds are rendered by gongkai-synth as DOCX or HTML and converted
# by LibreOffice into the legacy formats bodies publish (.doc, .odt, .rtf, and spreadsheets
# .xls, .ods, .xlsx of the whole page), each with its truth beside it (ID.json, the shape of
# fixtures/corpus/truth). sh2020_city.docx/.xlsx are the real Shanghai page of the corpus
# converted by LibreOffice; their truth is fixtures/corpus/truth/sh2020_city.json.
# crates/synth/tests/office_fixtures.rs reads every file and compares it with its truth.
#
# Needs soffice (libreoffice-writer-nogui, libreoffice-calc-nogui).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "make-office-fixtures: soffice (LibreOffice) is required" >&2; exit 1; }

out=fixtures/office
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

cargo build -q -p gongkai-synth --bin gongkai-synth
synth="${CARGO_TARGET_DIR:-target}/debug/gongkai-synth"

# convert SRC FILTER [INFILTER]: LibreOffice conversion into $tmp/conv, with a private profile.
convert() {
  local src=$1 filter=$2 infilter=${3:-}
  local args=(--headless --norestore "-env:UserInstallation=file://$tmp/profile")
  [ -n "$infilter" ] && args+=("--infilter=$infilter")
  rm -rf "$tmp/conv"
  soffice "${args[@]}" --convert-to "$filter" --outdir "$tmp/conv" "$src" >/dev/null 2>&1
  ls "$tmp/conv"/*
}

# fixture ID KIND SEED FILTER [INFILTER]: render seed SEED as KIND (docx|html), convert it.
fixture() {
  local id=$1 kind=$2 seed=$3 filter=$4 infilter=${5:-}
  local src="$tmp/$id.$kind"
  "$synth" --show "$kind" --seed "$seed" --truth "$out/$id.json" >"$src" 2>/dev/null
  local ext=${filter%%:*}
  if [ "$ext" = "$kind" ] && [ -z "$infilter" ]; then
    # Re-saved by LibreOffice: its own DOCX writer, read without conversion.
    cp "$(convert "$src" "$filter")" "$out/$id.$ext"
  else
    cp "$(convert "$src" "$filter" "$infilter")" "$out/$id.$ext"
  fi
  echo "$out/$id.$ext"
}

fixture synth_doc docx 101 "doc:MS Word 97"
fixture synth_odt docx 102 "odt:writer8"
fixture synth_rtf docx 103 "rtf:Rich Text Format"
fixture synth_lo_docx docx 104 "docx:MS Word 2007 XML"
fixture synth_xls html 105 "xls:MS Excel 97" "HTML (StarCalc)"
fixture synth_ods html 106 "ods:calc8" "HTML (StarCalc)"
fixture synth_xlsx html 107 "xlsx:Calc MS Excel 2007 XML" "HTML (StarCalc)"

cp "$(convert fixtures/corpus/docs/sh2020_city.html "docx:MS Word 2007 XML")" "$out/sh2020_city.docx"
echo "$out/sh2020_city.docx"
cp "$(convert fixtures/corpus/docs/sh2020_city.html "xlsx:Calc MS Excel 2007 XML" "HTML (StarCalc)")" "$out/sh2020_city.xlsx"
echo "$out/sh2020_city.xlsx"
du -ch "$out"/* | tail -1
