#!/usr/bin/env bash
# make bench-instructions: instructions and heap allocations per row of each stage of the hot path,
# counted by valgrind (callgrind for instructions, DHAT for allocations) on generated 1,000- and
# 100,000-row extracts, beside raw libcsv on the same file. Counts do not move between sittings as
# wall time does, so the committed thresholds (scripts/bench-instructions.thresholds) can hold:
# any figure more than 2% over its threshold fails the benchmark (exit 1). Not run by CI.
#
#   per row = (count at 100k rows − count at 1k rows) / 99,000
#   fixed   = count at 1k rows − 1,000 × per row (start-up, lookups, charts, the pack)
#
# Usage: scripts/bench-instructions.sh [DIR]   (data and scratch files in DIR, default bench-data)
#   BUILD=.build-hr   the SwiftPM scratch path to build release into (default .build)
#   RECORD=1          write the figures measured as the new thresholds instead of checking them
#   STAGES="a b"      measure and check only these (libcsv read decode cells margins casemix census analyse)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-bench-data}
build=${BUILD:-.build}
thresholds=scripts/bench-instructions.thresholds
mkdir -p "$dir"
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 69; }
swift build -c release --scratch-path "$build" >/dev/null
bin="$build/release"
gcc -O2 -o "$dir/csvcount" scripts/csvcount.c -lcsv

small=1000
large=100000
for rows in $small $large; do
  file="$dir/extract-$rows.csv"
  [ -s "$file" ] || "$bin/waitgap" sample --rows "$rows" --seed 42 --out "$file" >/dev/null
done

# count TOOL COMMAND...: instructions (callgrind) or heap blocks allocated (DHAT) of one run.
count() {
  local tool=$1; shift
  local log="$dir/valgrind.log"
  if [ "$tool" = callgrind ]; then
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$log" \
      || { cat "$log" >&2; exit 1; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log"
  else
    valgrind --tool=dhat --dhat-out-file=/dev/null "$@" >/dev/null 2>"$log" \
      || { cat "$log" >&2; exit 1; }
    sed -n 's/.*Total: *[0-9,]* bytes in \([0-9,]*\) blocks.*/\1/p' "$log" | tr -d ,
  fi
}

# The subjects, each a command with FILE standing for the extract (STAGES="read decode" runs some).
all=(libcsv read decode cells margins casemix census analyse)
read -r -a names <<<"${STAGES:-${all[*]}}"
declare -A label=(
  [libcsv]="raw libcsv (C, strict, spaces are data)"
  [read]="reader alone (CSVReader)"
  [decode]="reader + decoder (RowDecoder)"
  [cells]="  + crossed cells (CrossTable)"
  [margins]="  + margin histograms (MarginTable)"
  [casemix]="  + case-mix strata (CaseMixTable)"
  [census]="reader + decoder + whole census (ExtractIngest)"
  [analyse]="waitgap analyse --sequential --no-history"
)
run() {
  local name=$1 file=$2
  case $name in
    libcsv) echo "$dir/csvcount" "$file" ;;
    analyse) echo "$bin/waitgap" analyse "$file" --sequential --no-history --quiet --out "$dir/reports-instructions" ;;
    *) echo "$bin/waitgap-bench" "$name" "$file" ;;
  esac
}

declare -A figure
for name in "${names[@]}"; do
  for tool in callgrind dhat; do
    # shellcheck disable=SC2046
    a=$(count $tool $(run "$name" "$dir/extract-$small.csv"))
    # shellcheck disable=SC2046
    b=$(count $tool $(run "$name" "$dir/extract-$large.csv"))
    figure[$name.$tool.row]=$(awk -v a="$a" -v b="$b" -v s=$small -v l=$large 'BEGIN { printf "%.2f", (b - a) / (l - s) }')
    figure[$name.$tool.fixed]=$(awk -v a="$a" -v b="$b" -v s=$small -v l=$large 'BEGIN { printf "%.0f", a - s * (b - a) / (l - s) }')
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(valgrind --version)"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo "files: waitgap sample --seed 42, $small and $large rows ($(stat -c %s "$dir/extract-$large.csv") bytes)"
echo
echo "| stage | instructions/row | × libcsv | allocations/row | fixed instructions (M) | fixed allocations |"
echo "|---|---:|---:|---:|---:|---:|"
base=${figure[libcsv.callgrind.row]:-}
for name in "${names[@]}"; do
  awk -v n="${label[$name]}" -v i="${figure[$name.callgrind.row]}" -v b="$base" -v a="${figure[$name.dhat.row]}" \
    -v fi="${figure[$name.callgrind.fixed]}" -v fa="${figure[$name.dhat.fixed]}" 'BEGIN {
    printf "| %s | %.0f | %s | %.2f | %.1f | %.0f |\n", n, i, b == "" ? "" : sprintf("%.2f", i / b), a, fi / 1e6, fa }'
done
echo
[ "${#names[@]}" = "${#all[@]}" ] && awk -v r="${figure[read.callgrind.row]}" -v d="${figure[decode.callgrind.row]}" -v c="${figure[cells.callgrind.row]}" \
  -v m="${figure[margins.callgrind.row]}" -v k="${figure[casemix.callgrind.row]}" -v w="${figure[census.callgrind.row]}" \
  -v l="${figure[libcsv.callgrind.row]}" -v a="${figure[analyse.callgrind.row]}" 'BEGIN {
  printf "stages, instructions/row: reader %+.0f against libcsv; decoding %.0f; crossed cells %.0f; margins %.0f; case mix %.0f; rest of the census (accounting, ingest loop) %.0f; analyse beyond the census (statistics over cells that fill as rows grow) %.0f\n",
    r - l, d - r, c - d, m - d, k - d, w - d - (c - d) - (m - d) - (k - d), a - w }'

if [ "${RECORD:-0}" = 1 ]; then
  [ "${#names[@]}" = "${#all[@]}" ] || { echo "bench-instructions: RECORD=1 needs every stage (no STAGES)" >&2; exit 64; }
  {
    echo "# Thresholds for scripts/bench-instructions.sh: a figure more than 2% over its line fails the benchmark."
    echo "# Written by RECORD=1 scripts/bench-instructions.sh; move them on purpose, with the change that moves them."
    echo "# name  instructions/row  allocations/row  fixed-instructions  fixed-allocations"
    for name in "${names[@]}"; do
      echo "$name ${figure[$name.callgrind.row]} ${figure[$name.dhat.row]} ${figure[$name.callgrind.fixed]} ${figure[$name.dhat.fixed]}"
    done
  } >"$thresholds"
  echo "thresholds written to $thresholds"
  exit 0
fi

[ -f "$thresholds" ] || { echo "bench-instructions: no $thresholds (RECORD=1 writes it)" >&2; exit 1; }
# Check every figure against its threshold: 2% over fails (allocations: also 0.02 a row, so that a
# threshold of 0 allows for rounding, and 2% + 100 blocks of fixed allocations).
failed=0
while read -r name row alloc fixed fixedAlloc; do
  case $name in ''|\#*) continue ;; esac
  [ -n "${figure[$name.callgrind.row]:-}" ] || continue
  while read -r what measured limit slack; do
    if awk -v m="$measured" -v t="$limit" -v s="$slack" 'BEGIN { exit !(m > t * 1.02 + s) }'; then
      echo "REGRESSION: $name $what is $measured, over $limit by more than 2%" >&2
      failed=1
    fi
  done <<<"instructions/row ${figure[$name.callgrind.row]} $row 0
allocations/row ${figure[$name.dhat.row]} $alloc 0.02
fixed-instructions ${figure[$name.callgrind.fixed]} $fixed 0
fixed-allocations ${figure[$name.dhat.fixed]} $fixedAlloc 100"
done <"$thresholds"
if [ "$failed" = 0 ]; then echo "every figure within 2% of $thresholds"; fi
exit "$failed"
