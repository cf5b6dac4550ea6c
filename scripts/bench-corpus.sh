#!/usr/bin/env bash
# Corpus benchmark: generate N synthetic reports (all layout families, both editions), then time
# `gongkai parse --json` over them with one worker and with every core; report reports/s, MB/s
# and peak memory. Results go to docs/benchmarks.md by hand, with this command.
#
#   scripts/bench-corpus.sh [COUNT] [SEED]          FORMATS=txt,html,docx (default) picks the file formats
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
seed=${2:-1}
formats=${FORMATS:-txt,html,docx}
dir=${BENCH_DIR:-/tmp/gongkai-bench-$count-$seed-${formats//,/-}}
cargo build --release -q -p gongkai -p gongkai-synth
if [ ! -d "$dir/docs" ]; then
  ./target/release/gongkai-synth --out "$dir" --count "$count" --seed "$seed" --formats "$formats" >/dev/null
fi
bytes=$(du -sb "$dir/docs" | cut -f1)
files=$(find "$dir/docs" -type f | wc -l)
echo "corpus: $files files, $((bytes / 1024 / 1024)) MB in $dir/docs"
# Warm the page cache so the first run does not measure the disk.
find "$dir/docs" -type f -exec cat {} + >/dev/null
for jobs in 1 "$(nproc)"; do
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$dir/mem.txt" ./target/release/gongkai parse --json -q --jobs "$jobs" "$dir/docs" >"$dir/out.jsonl" || true
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  mem=$(cat "$dir/mem.txt")
  printf 'jobs=%s: %.2f s, %.0f reports/s, %.1f MB/s, peak RSS %d MB\n' \
    "$jobs" "$secs" "$(echo "$files / $secs" | bc -l)" "$(echo "$bytes / 1048576 / $secs" | bc -l)" "$((mem / 1024))"
done
# Accuracy on the generated corpus (the generator writes the truth of every report).
python3 - "$dir" <<'PY'
import json, os, sys
d = sys.argv[1]
T3 = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
T4 = ["upheld", "corrected", "other", "pending", "total"]
ok = total = exact = docs = 0
for line in open(os.path.join(d, "out.jsonl"), encoding="utf-8"):
    r = json.loads(line)
    rid = os.path.splitext(os.path.basename(r["source"]["path"]))[0]
    tp = os.path.join(d, "truth", rid + ".json")
    if not os.path.exists(tp):
        continue
    t = json.load(open(tp, encoding="utf-8"))
    docs += 1
    bad = 0
    for row, cols in (t.get("table2") or {}).items():
        for col, v in cols.items():
            total += 1; g = (r.get("table2") or {}).get(row, {}).get(col)
            if g is not None and abs(g - v) < 1e-6: ok += 1
            else: bad += 1
    for tab, names in (("table3", T3), ("table4", T4)):
        for row, vals in (t.get(tab) or {}).items():
            for col, v in zip(names, vals):
                total += 1; g = (r.get(tab) or {}).get(row, {}).get(col)
                if g is not None and abs(g - v) < 1e-6: ok += 1
                else: bad += 1
    exact += bad == 0
print(f"accuracy: {exact}/{docs} documents exact, {ok}/{total} cells ({100.0 * ok / max(total, 1):.3f}%)")
PY
