#!/usr/bin/env bash
# Install what building and testing need: idempotent, safe to run on every CI start.
#
# - poppler-utils: PDF text with word boxes (pdftotext -bbox-layout), page images (pdftoppm)
# - libreoffice-writer-nogui, libreoffice-calc-nogui: legacy DOC/WPS/ET/XLS/ODT/RTF conversion
# - tesseract-ocr, tesseract-ocr-chi-sim: OCR of scanned pages (optional at run time)
# - w3m, lynx, html2text, pandoc: the HTML-to-text converters whose output the reader is tested on
set -euo pipefail
command -v cargo >/dev/null || { echo "setup: a Rust toolchain (cargo) is required" >&2; exit 1; }

need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
# Writer and Calc are separate packages: check each (a machine may have one).
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if command -v dpkg-query >/dev/null; then
  have_pkg libreoffice-writer-nogui || have_pkg libreoffice-writer || need+=(libreoffice-writer-nogui)
  have_pkg libreoffice-calc-nogui || have_pkg libreoffice-calc || need+=(libreoffice-calc-nogui)
else
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
fi
command -v tesseract >/dev/null || need+=(tesseract-ocr tesseract-ocr-chi-sim)
for tool in w3m lynx html2text pandoc; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
