#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c: the pass decoder and
# verifier, and inspection) as CMake targets with clang (FG_FUZZ=ON: the core
# instrumented with fuzzer-no-link, address and undefined-behaviour
# sanitizers) in build-fuzz, then runs each from its committed seed corpus,
# splitting the time budget between them. Fails on any crash, leak,
# sanitizer report or timeout.
#   scripts/fuzz.sh [SECONDS]   (default 60, in all)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
out=build-fuzz
jobs=$(nproc 2>/dev/null || echo 2)
# target and its committed seed directories (read only).
targets=(fuzz_pass fuzz_inspect)
declare -A seeds=([fuzz_pass]="tests/fuzz/corpus"
                  [fuzz_inspect]="tests/fuzz/corpus-inspect tests/fuzz/corpus")

# No build type: -g -O1 with assertions kept, as libFuzzer's documentation suggests.
cmake -S . -B "$out" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE= -DCMAKE_C_FLAGS="-g -O1" \
  -DFG_FUZZ=ON -DFG_TESTS=OFF -DFG_BENCH=OFF >/dev/null
cmake --build "$out" -j "$jobs" --target "${targets[@]}"

each=$(( secs / ${#targets[@]} ))
[ "$each" -ge 1 ] || each=1
for t in "${targets[@]}"; do
  echo "== $t for $each s"
  # New inputs go to build-fuzz/corpus/<target>.
  mkdir -p "$out/corpus/$t"
  # shellcheck disable=SC2086
  "$out/$t" -max_total_time="$each" -timeout=5 -rss_limit_mb=1024 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus/$t" ${seeds[$t]} 2>&1 | tail -n 12
done
