#!/usr/bin/env bash
# Builds the pass decoder's libFuzzer target with clang (fuzzer, address and
# undefined-behaviour sanitizers) and runs it from the committed seed corpus
# for a bounded time. Fails on any crash, leak, sanitizer report or timeout.
#   scripts/fuzz.sh [SECONDS]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
out=build-fuzz
mkdir -p "$out/corpus"
srcs=(tests/fuzz/fuzz_pass.c src/core/pass.c src/core/region.c src/core/enterprise.c src/core/date.c
      src/core/uscc.c src/util/base45.c src/util/sig.c src/util/sha256.c src/util/buf.c
      src/util/err.c src/util/assert.c)
if [ ! -x "$out/fuzz_pass" ] || [ -n "$(find "${srcs[@]}" src/core/*.h src/util/*.h -newer "$out/fuzz_pass" 2>/dev/null)" ]; then
  # shellcheck disable=SC2046
  clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    "${srcs[@]}" $(pkg-config --cflags --libs libcbor zlib libcrypto libsodium jansson) \
    -o "$out/fuzz_pass"
fi
# New inputs go to build-fuzz/corpus; the committed seeds are read only.
"$out/fuzz_pass" -max_total_time="$secs" -timeout=5 -rss_limit_mb=1024 -max_len=4096 \
  -print_final_stats=1 "$out/corpus" tests/fuzz/corpus 2>&1 | tail -n 12
