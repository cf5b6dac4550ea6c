#!/usr/bin/env bash
# Refresh the vendored ECharts (crates/web/static/echarts/): offices are often on closed
# networks, so the web app serves ECharts itself, compiled into the binary (no CDN).
# Usage: scripts/vendor-echarts.sh [VERSION]   (default: the version pinned below)
set -euo pipefail
version="${1:-6.1.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/crates/web/static/echarts"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "echarts@$version" >/dev/null)
tar -xzf "$tmp/echarts-$version.tgz" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE
mkdir -p "$dest"
cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$dest/"
echo "ECharts $version → $dest ($(wc -c <"$dest/echarts.min.js") bytes)"
