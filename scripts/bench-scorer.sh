#!/usr/bin/env bash
# make bench (scorer part): waitgap score, override and signoff on 1M- and 5M-row generated
# extracts. Each command runs 3 times; the table shows the median run's wall time, the largest
# peak RSS (GNU time) and that peak per row. Targets (issue 16): score under 1 s at 1M rows and
# at most 100 bytes a row, flat from 1M to 5M; override and signoff at most 150 bytes a row.
# Numbers are for BENCHMARKS.md, never for tests.
# Usage: scripts/bench-scorer.sh [DIR] (WAITGAP=path/to/waitgap to use another binary; ROWS="1000000")
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-bench-data}
mkdir -p "$dir"
bin=${WAITGAP:-.build/release/waitgap}
[ -n "${WAITGAP:-}" ] || swift build -c release >/dev/null
rows_list=${ROWS:-"1000000 5000000"}

# measure NAME ROWS COMMAND...: 3 runs, median wall time, max peak RSS.
measure() {
  local name=$1 rows=$2; shift 2
  local times=() rss=0
  for _ in 1 2 3; do
    local out
    if ! /usr/bin/time -o "$dir/time.txt" -f '%e %M' "$@" >"$dir/out.txt" 2>&1; then
      echo "| $name | $rows | failed: $(tail -1 "$dir/out.txt") | | |"
      return
    fi
    out=$(tail -1 "$dir/time.txt")
    times+=("${out% *}")
    local kb=${out#* }
    (( kb > rss )) && rss=$kb
  done
  local t
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  awk -v n="$name" -v r="$rows" -v t="$t" -v m="$rss" 'BEGIN {
    printf "| %-44s | %9d | %7.2f | %8.1f | %7.1f |\n", n, r, t, m / 1024, m * 1024 / r }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| command | rows | seconds | peak RSS (MB) | bytes/row |"
echo "|---|---:|---:|---:|---:|"
for rows in $rows_list; do
  file="$dir/extract-$rows.csv"
  [ -s "$file" ] || "$bin" sample --rows "$rows" --seed 42 --out "$file" >/dev/null
  out="$dir/scorer-$rows/Reports"
  history="$dir/scorer-$rows/waitgap.sqlite"
  list="$dir/scorer-$rows/private/reordered-2026-10-31.csv"
  rm -rf "$dir/scorer-$rows"
  measure "waitgap score (list and summary)" "$rows" "$bin" score "$file" --out "$out" --history "$history"
  "$bin" score --dump-weights >"$dir/weights.json"
  "$bin" weights approve "$dir/weights.json" --by bench --role bench --eia bench --history "$history" >/dev/null
  # A T&O P3 pathway ranked 5th by score (no field before the ID holds a comma while the list is a draft).
  pathway=$(awk -F, '$3 == "110" && $5 == "P3" && $6 == "score" && $7 == "5" { print $10; exit }' "$list")
  measure "waitgap override pin (streams the list)" "$rows" \
    "$bin" override pin "$list" --pathway "$pathway" --rank 1 --reason bench --history "$history"
  measure "waitgap signoff --specialty 110 (streams)" "$rows" \
    "$bin" signoff "$list" --specialty 110 --clinician bench --role bench --history "$history"
done
