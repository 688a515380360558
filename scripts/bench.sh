#!/usr/bin/env bash
# make bench: waitgap analyse and score on 1M- and 5M-row generated extracts, beside `cat`, raw
# libcsv and DuckDB running the same analysis. Each command runs 3 times; the table shows the median
# run's wall time and the largest peak RSS. Numbers are for BENCHMARKS.md, never for tests.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-bench-data}
mkdir -p "$dir"
swift build -c release >/dev/null
bin=.build/release/waitgap
gcc -O2 -o "$dir/csvcount" scripts/csvcount.c -lcsv
lookup=data/imd/imd2025_lsoa21.csv
have_duckdb=1
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb >/dev/null 2>&1 || have_duckdb=0
python3 -c 'import duckdb' 2>/dev/null || have_duckdb=0

for rows in 1000000 5000000; do
  file="$dir/extract-$rows.csv"
  [ -s "$file" ] || "$bin" sample --rows "$rows" --seed 42 --out "$file"
done
# The 1M extract as trusts write it: Data Dictionary labels and DD/MM/YYYY dates.
labelled="$dir/extract-1000000-labelled.csv"
[ -s "$labelled" ] || python3 scripts/relabel.py "$dir/extract-1000000.csv" "$labelled" labels

# measure NAME ROWS BYTES COMMAND...: 3 runs, median wall time, max peak RSS.
measure() {
  local name=$1 rows=$2 bytes=$3; shift 3
  local times=() rss=0
  for _ in 1 2 3; do
    local out
    /usr/bin/time -o "$dir/time.txt" -f '%e %M' "$@" >/dev/null 2>&1
    out=$(tail -1 "$dir/time.txt")
    times+=("${out% *}")
    local kb=${out#* }
    (( kb > rss )) && rss=$kb
  done
  local t
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  awk -v n="$name" -v r="$rows" -v b="$bytes" -v t="$t" -v m="$rss" 'BEGIN {
    if (t <= 0) t = 0.001
    printf "| %-40s | %9d | %7.2f | %11.0f | %8.0f | %7.1f |\n", n, r, t, r / t, b / t / 1e6, m / 1024 }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo
echo "| command | rows | seconds | rows/s | MB/s | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
for rows in 1000000 5000000; do
  file="$dir/extract-$rows.csv"
  bytes=$(stat -c %s "$file")
  measure "cat FILE > /dev/null" "$rows" "$bytes" cat "$file"
  measure "raw libcsv (C, strict, trimming)" "$rows" "$bytes" "$dir/csvcount" "$file" trim
  measure "raw libcsv (C, strict, spaces are data)" "$rows" "$bytes" "$dir/csvcount" "$file"
  measure "waitgap analyse --sequential (1 core)" "$rows" "$bytes" "$bin" analyse "$file" --out "$dir/reports" --quiet --sequential
  measure "waitgap analyse (2 cores)" "$rows" "$bytes" "$bin" analyse "$file" --out "$dir/reports" --quiet
  if [ "$rows" = 1000000 ]; then
    lbytes=$(stat -c %s "$labelled")
    measure "raw libcsv, labelled DD/MM/YYYY copy" "$rows" "$lbytes" "$dir/csvcount" "$labelled"
    measure "waitgap analyse, labelled DD/MM/YYYY copy (2 cores)" "$rows" "$lbytes" "$bin" analyse "$labelled" --out "$dir/reports-labelled" --quiet
    measure "waitgap check, labelled DD/MM/YYYY copy" "$rows" "$lbytes" "$bin" check "$labelled"
  fi
  measure "waitgap score (list and summary)" "$rows" "$bytes" "$bin" score "$file" --out "$dir/score" --no-history
  measure "waitgap score --simulate 52" "$rows" "$bytes" "$bin" score "$file" --out "$dir/score" --no-history --simulate 52
  if [ "$have_duckdb" = 1 ]; then
    measure "DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)'), same analysis, 2 threads" "$rows" "$bytes" python3 scripts/duckdb_bench.py "$file" "$lookup" 2
  else
    echo "| DuckDB (not installed: pip install duckdb) | $rows | | | | |"
  fi
done
