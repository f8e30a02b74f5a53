#!/bin/bash
# Times `spineview --render` against Debian's f3d rendering the same glTF to a 1280x800 PNG,
# a few runs each, and prints a small table (wall-clock per run, process start to PNG written).
# f3d needs an X display, so without one the script re-runs itself under xvfb-run; spineview
# renders through EGL and needs none. Not a test: numbers for people.
#
# Usage: tests/app/bench_vs_f3d.sh [SPINEVIEW_EXE] [MODEL] [RUNS]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
exe=${1:-}
if [ -z "$exe" ]; then
  for candidate in "$root/build/src/app/spineview" "$root/build-app/src/app/spineview"; do
    if [ -x "$candidate" ]; then exe=$candidate; break; fi
  done
fi
model=${2:-$root/models/lumbar_spine.glb}
runs=${3:-5}

[ -x "$exe" ] || { echo "spineview executable not found (pass it as the first argument)" >&2; exit 1; }
[ -f "$model" ] || { echo "model not found: $model" >&2; exit 1; }
command -v f3d >/dev/null || { echo "f3d is not installed (apt-get install f3d)" >&2; exit 1; }

if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "no DISPLAY and no xvfb-run for f3d" >&2; exit 1; }
  exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$exe" "$model" "$runs"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Prints the milliseconds one command took; fails loudly if it fails or writes no PNG.
time_ms() {
  local png=$1; shift
  rm -f "$png"
  local start end
  start=$(date +%s%N)
  if ! "$@" >"$out/log" 2>&1; then
    echo "failed: $*" >&2; cat "$out/log" >&2; return 1
  fi
  end=$(date +%s%N)
  [ -s "$png" ] || { echo "no image written by: $*" >&2; return 1; }
  echo $(( (end - start) / 1000000 ))
}

# min, median and max of the numbers on stdin.
summary() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%8d %8d %8d", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

sv_times=()
f3d_times=()
for _ in $(seq "$runs"); do
  sv_times+=("$(time_ms "$out/spineview.png" "$exe" "$model" --render "$out/spineview.png" --size 1280x800)")
  # --dry-run: f3d's defaults, not a user's config file.
  f3d_times+=("$(time_ms "$out/f3d.png" f3d --dry-run --resolution=1280,800 --output="$out/f3d.png" "$model")")
done

echo "Render $(basename "$model") to a 1280x800 PNG, $runs runs each (ms, process start to exit)"
printf "%-12s %8s %8s %8s\n" tool min median max
printf "%-12s %s\n" spineview "$(printf '%s\n' "${sv_times[@]}" | summary)"
printf "%-12s %s\n" f3d "$(printf '%s\n' "${f3d_times[@]}" | summary)"
echo "OpenGL: spineview uses EGL (surfaceless); f3d uses the X display $DISPLAY"
