#!/usr/bin/env bash
# Every suite: banned calls, a warnings-as-errors build with the unit and store
# tests, the same tests under AddressSanitizer + UndefinedBehaviorSanitizer,
# then the API tests (node's test runner) against the real binary, and once
# more against the sanitizer build of the same binary.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== banned calls"
scripts/banned.sh

echo "== build (warnings are errors) and unit + store tests"
cmake -S . -B build-check -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFG_WERROR=ON -DFG_TESTS=ON >/dev/null
cmake --build build-check -j "$jobs"
(cd build-check && ctest --output-on-failure -j "$jobs")

echo "== unit + store tests under AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFG_WERROR=ON -DFG_SANITIZE=ON -DFG_TESTS=ON >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest --output-on-failure -j "$jobs")

echo "== API tests against build-check/fugong"
FUGONG_BIN="$PWD/build-check/fugong" node --test --test-concurrency=2 tests/api/

echo "== API tests again against the sanitizer build (build-asan/fugong)"
ASAN_OPTIONS=detect_leaks=1 FUGONG_BIN="$PWD/build-asan/fugong" \
  node --test --test-concurrency=2 tests/api/
