#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) as CMake targets with
# clang (FG_FUZZ=ON: the code instrumented with fuzzer-no-link, address and
# undefined-behaviour sanitizers) in build-fuzz, then runs them, as many at
# a time as there are cores, each from its committed seed corpus tests/fuzz/corpus-<name>/ (new inputs
# go to build-fuzz/corpus/<target>). A crash, leak, sanitizer report, failed
# check or timeout fails the script once every target has run; the input
# that caused it is kept in test-output/fuzz/ (<target>-crash-..., and the
# run's log <target>.log). docs/operations.md, "Fuzzing", lists the targets.
#   scripts/fuzz.sh [SECONDS]    SECONDS of fuzzing in all (default 140: 70 s
#                                of wall time on two cores), divided among the
#                                targets (what `make check` runs)
#   FUZZ_EACH=N scripts/fuzz.sh  N seconds for each target (what `make fuzz` runs)
#   FUZZ_TARGETS="fuzz_api fuzz_text" ...   only those targets
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-140}"
out=build-fuzz
keep=test-output/fuzz
jobs=$(nproc 2>/dev/null || echo 2)
# target: committed seed directories (read only) and the longest input tried.
all=(fuzz_pass fuzz_inspect fuzz_text fuzz_rules fuzz_api fuzz_import)
declare -A seeds=([fuzz_pass]="tests/fuzz/corpus-pass"
                  [fuzz_inspect]="tests/fuzz/corpus-inspect tests/fuzz/corpus-pass"
                  [fuzz_text]="tests/fuzz/corpus-text"
                  [fuzz_rules]="tests/fuzz/corpus-rules"
                  [fuzz_api]="tests/fuzz/corpus-api"
                  [fuzz_import]="tests/fuzz/corpus-import")
declare -A max_len=([fuzz_pass]=4096 [fuzz_inspect]=4096 [fuzz_text]=4096
                    [fuzz_rules]=16384 [fuzz_api]=8192 [fuzz_import]=8192)
read -r -a targets <<<"${FUZZ_TARGETS:-${all[*]}}"
for t in "${targets[@]}"; do
  [ -n "${seeds[$t]:-}" ] || { echo "fuzz.sh: no target $t (one of: ${all[*]})" >&2; exit 2; }
done

# No build type: -g -O1 with assertions kept, as libFuzzer's documentation suggests.
cmake -S . -B "$out" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE= -DCMAKE_C_FLAGS="-g -O1" \
  -DFG_FUZZ=ON -DFG_TESTS=OFF -DFG_BENCH=OFF >/dev/null
cmake --build "$out" -j "$jobs" --target "${targets[@]}"

if [ -n "${FUZZ_EACH:-}" ]; then
  each=$FUZZ_EACH
else
  each=$(( secs / ${#targets[@]} ))
fi
[ "$each" -ge 1 ] || each=1
mkdir -p "$keep"
# One target per core at a time (FUZZ_PARALLEL, default the cores): each runs
# its full time as one process; what `make check` spends is the sum divided
# by the cores.
parallel="${FUZZ_PARALLEL:-$jobs}"
run_one() {
  local t=$1
  mkdir -p "$out/corpus/$t"
  # Leaks are reported (detect_leaks).
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1 "$out/$t" -max_total_time="$each" -timeout=10 \
    -rss_limit_mb=2048 -max_len="${max_len[$t]}" -print_final_stats=1 \
    -artifact_prefix="$keep/$t-" "$out/corpus/$t" ${seeds[$t]} >"$keep/$t.log" 2>&1
}
failed=()
declare -A pid_of=()
report() {
  local t=$1 rc=$2
  if [ "$rc" -eq 0 ]; then
    echo -n "== $t for $each s: "
    grep -E "^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" \
      "$keep/$t.log" | tr '\n' ' '
    echo
  else
    tail -n 40 "$keep/$t.log"
    echo "== $t FAILED: the input is in $keep/ (ls $keep/$t-*), the log in $keep/$t.log"
    failed+=("$t")
  fi
}
i=0
while [ $i -lt ${#targets[@]} ]; do
  batch=("${targets[@]:$i:$parallel}")
  for t in "${batch[@]}"; do run_one "$t" & pid_of[$t]=$!; done
  for t in "${batch[@]}"; do
    rc=0
    wait "${pid_of[$t]}" || rc=$?
    report "$t" "$rc"
  done
  i=$((i + parallel))
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]}" >&2
  exit 1
fi
