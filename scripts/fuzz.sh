#!/usr/bin/env bash
# make fuzz: libFuzzer (with AddressSanitizer) on the CSV reader and row decoder for $1 seconds.
# Seeds: the project's CSV fixtures and a small generated extract. Crashes land in fuzz-corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
# LIBCSV.md: pass -sanitize=fuzzer,address to swiftc; SwiftPM's own --sanitize=address drops coverage.
swift build --package-path Fuzz -c debug --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address >/dev/null
bin=$(swift build --package-path Fuzz -c debug --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --show-bin-path)/fuzz-reader
mkdir -p fuzz-corpus/seeds fuzz-corpus/found
find Tests/WaitgapCSVTests/Fixtures -type f \( -name '*.csv' -o -name '*.tsv' \) -size -8k -exec cp {} fuzz-corpus/seeds/ \;
[ -s fuzz-corpus/seeds/sample.csv ] || head -c 4000 SampleData/waiting-list.csv > fuzz-corpus/seeds/sample.csv
"$bin" -max_total_time="$seconds" -timeout=10 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix=fuzz-corpus/ fuzz-corpus/found fuzz-corpus/seeds 2>&1 | tail -25
