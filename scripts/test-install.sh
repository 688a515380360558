#!/usr/bin/env bash
# The installed binary stands alone: `make install` into a temporary prefix, then run it from an
# empty folder (no build tree, no resource bundle beside it) on the committed sample, and check
# that it links no Swift library, that its man page and completions are installed, and that the
# pack it writes is the committed one.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
make --no-print-directory install PREFIX="$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
binary="$prefix/bin/waitgap"
fail() { echo "test-install: $*" >&2; exit 1; }
if ldd "$binary" | grep -iE 'libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime'; then
  fail "the installed binary links a Swift library (above)"
fi
for file in share/man/man1/waitgap.1 share/bash-completion/completions/waitgap share/zsh/site-functions/_waitgap \
  share/fish/vendor_completions.d/waitgap.fish; do
  [ -s "$prefix/$file" ] || fail "$file was not installed"
done
grep -q 'analyse' "$prefix/share/man/man1/waitgap.1" || fail "the man page does not describe analyse"
cd "$work"
mkdir empty && cd empty
"$binary" --version >/dev/null
# The sample pack, made by the installed binary alone; the IMD lookup compiled in is exercised by
# a generated extract with LSOA codes and no deciles.
"$binary" analyse "$root/SampleData/waiting-list.csv" --out Reports --no-history \
  --trust-name "Example NHS Foundation Trust (synthetic data)" >"$work/analyse.log" 2>&1 || { cat "$work/analyse.log"; fail "analyse failed"; }
pack=$(ls Reports/board-pack-*.md)
cmp "$pack" "$root/Reports/$(basename "$pack")" || fail "the installed binary's pack differs from Reports/$(basename "$pack")"
"$binary" sample --rows 2000 --seed 7 --out lsoa.csv >/dev/null
"$binary" analyse lsoa.csv --out lsoa-reports --no-history >"$work/lsoa.log" 2>&1 || { cat "$work/lsoa.log"; fail "analyse on LSOA codes failed"; }
grep -q 'Indices of Deprivation 2025' lsoa-reports/board-pack-*.md || fail "the compiled IMD lookup was not named in the pack"
echo "test-install: the installed waitgap ($(du -h "$binary" | cut -f1)) ran from an empty folder, linked no Swift library, and wrote the committed pack"
