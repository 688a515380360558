#!/usr/bin/env bash
# The run history's costs (issue 17): a stored run's bytes at 200k and 1M rows, the 24-month series
# read, the save, and what the history adds to a nightly `waitgap analyse` at 1M and 5M rows (wall
# time and peak RSS from /usr/bin/time -v, with and without --no-history, median of 3 runs, the
# history holding 24 month-ends of the same size). Numbers are for BENCHMARKS.md, never for tests.
#
#     bash scripts/bench-history.sh [DATA-FOLDER]      (SCRATCH=.build-br to build elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-bench-data}
scratch=${SCRATCH:-.build}
mkdir -p "$dir"
chmod 700 "$dir"
swift build -c release --scratch-path "$scratch" --product waitgap >/dev/null
swift build -c release --scratch-path "$scratch" --product WaitgapHistoryBench >/dev/null
bin=$scratch/release/waitgap
bench=$scratch/release/WaitgapHistoryBench

for rows in 200000 1000000 5000000; do
  file="$dir/extract-$rows.csv"
  [ -s "$file" ] || "$bin" sample --rows "$rows" --seed 42 --out "$file" >/dev/null
done

# stored ROWS: a fresh history of one analysed run, then the bench's 24 months of it.
stored() {
  local rows=$1
  local work="$dir/history-$rows"
  rm -rf "$work" && mkdir -p "$work" && chmod 700 "$work"
  "$bin" analyse "$dir/extract-$rows.csv" --out "$work/reports" --history "$work/one.sqlite" --quiet >/dev/null
  "$bench" "$work/one.sqlite" "$work" > "$work/bench.txt"
}
value() { awk -v k="$2" '$1 == k { print $2 }' "$dir/history-$1/bench.txt"; }

# analyse NAME ROWS ARGS...: 3 runs; median wall seconds and largest peak RSS (MB).
analyse() {
  local name=$1 rows=$2; shift 2
  local times=() rss=0
  for _ in 1 2 3; do
    /usr/bin/time -v -o "$dir/time.txt" "$bin" analyse "$dir/extract-$rows.csv" --out "$dir/reports-$rows" --quiet "$@" >/dev/null 2>&1
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$dir/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time.txt")
    times+=("$wall")
    (( kb > rss )) && rss=$kb
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  printf '| %-44s | %9d | %-17s | %7.2f | %8.1f |\n' "$name" "$rows" "$sorted" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo
stored 200000
stored 1000000
echo "| stored run | 200k rows | 1M rows |"
echo "|---|---:|---:|"
echo "| JSON, census layout 2 (bytes) | $(value 200000 json-bytes) | $(value 1000000 json-bytes) |"
echo "| binary, census layout 3 (bytes) | $(value 200000 binary-bytes) | $(value 1000000 binary-bytes) |"
for section in facts codes crossed-histograms crossed-moments margins case-mix; do
  echo "| — $section | $(awk -v s="$section" '$1 == "section" && $2 == s { print $3 }' "$dir/history-200000/bench.txt") | $(awk -v s="$section" '$1 == "section" && $2 == s { print $3 }' "$dir/history-1000000/bench.txt") |"
done
echo "| save: \`HistoryDatabase.save\`, median (ms) | $(value 200000 save-ms) | $(value 1000000 save-ms) |"
echo "| series read by a nightly run: stored figures, 24 months (ms) | $(value 200000 figures-read-ms) | $(value 1000000 figures-read-ms) |"
echo "| 24 censuses read: \`monthlyRuns\` (when figures must be recomputed), median wall (ms) | $(value 200000 series-read-ms) | $(value 1000000 series-read-ms) |"
echo "| series read, CPU (ms) | $(value 200000 series-read-cpu-ms) | $(value 1000000 series-read-cpu-ms) |"
echo "| one month encoded: JSON layout 2 before, binary now (ms) | $(value 200000 json-encode-ms), $(value 200000 encode-ms) | $(value 1000000 json-encode-ms), $(value 1000000 encode-ms) |"
echo "| one month decoded: JSON layout 2 before, binary now (ms) | $(value 200000 json-decode-ms), $(value 200000 decode-ms) | $(value 1000000 json-decode-ms), $(value 1000000 decode-ms) |"
echo "| 24 empty censuses held, the in-memory floor (ms) | $(value 200000 empty-24-held-ms) | $(value 1000000 empty-24-held-ms) |"
echo

echo "| command | rows | runs (s) | median (s) | peak RSS (MB) |"
echo "|---|---:|---|---:|---:|"
for rows in 1000000 5000000; do
  # A history of 24 month-ends of this extract's size, as a trust's after two years.
  if [ "$rows" != 1000000 ]; then stored "$rows"; fi
  history="$dir/history-$rows/history.sqlite"
  analyse "analyse --no-history" "$rows" --no-history
  analyse "analyse, history of 24 months" "$rows" --history "$history"
done
