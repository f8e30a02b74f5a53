#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz) for SECONDS each, in a clang build folder with ASan
# and UBSan (build-fuzz/, or $SPINEVIEW_FUZZ_BUILD_DIR), and fails on any finding.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default 30 s, every target
# Each target's corpus grows in build-fuzz/corpus/TARGET (seeded from the shipped and test
# files); findings go to build-fuzz/findings/TARGET/. Make each finding a regression: copy it
# into tests/fuzz/regressions/TARGET/, and ctest replays it from then on.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${SPINEVIEW_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
SECONDS_EACH="${1:-30}"
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(gltf story saved_views case json recording)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is not installed (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
[ -f "$BUILD/CMakeCache.txt" ] ||
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPINEVIEW_FUZZ=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target spineview_fuzz

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
failed=()
for target in "${TARGETS[@]}"; do
  fuzzer="$BUILD/tests/fuzz/${target}_fuzzer"
  corpus="$BUILD/corpus/$target"
  findings="$BUILD/findings/$target"
  mkdir -p "$corpus" "$findings"
  mapfile -t seeds <"$BUILD/tests/fuzz/$target.seeds"
  echo "fuzz: $target for ${SECONDS_EACH}s (corpus $corpus)"
  log="$BUILD/findings/$target.log"
  # One process at a time keeps findings easy to read; the RSS limit sits above the
  # importer's 1 GiB budget per file plus the sanitizers' share.
  if "$fuzzer" "$corpus" "${seeds[@]}" -dict="$(cat "$BUILD/tests/fuzz/$target.dict-path")" \
      -max_total_time="$SECONDS_EACH" -rss_limit_mb=3072 -timeout=20 -max_len=262144 \
      -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1; then
    grep -E "DONE|stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed "s/^/fuzz: $target: /"
  else
    echo "fuzz: $target FOUND A PROBLEM; the input is in $findings/, the log in $log" >&2
    grep -E "ERROR|SUMMARY|fuzz check failed|runtime error" "$log" | head -5 >&2 || true
    failed+=("$target")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: findings in ${failed[*]}" >&2; exit 1; }
echo "fuzz: no findings"
