#!/usr/bin/env bash
# One entry for the README's two commands on a fresh Debian 12 machine:
#   scripts/setup.sh run [ARGS...]   install what is missing, build, start the viewer
#   scripts/setup.sh test            install what is missing, build, run every test (ctest),
#                                    then each fuzz target for a bounded time (scripts/fuzz.sh)
# Idempotent: installs only missing packages, configures once, rebuilds only what changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${SPINEVIEW_BUILD_DIR:-$ROOT/build}"
MODE="${1:-}"
[ $# -gt 0 ] && shift

# Build and test dependencies (Debian 12 packages; see third_party/VERSIONS.md).
PACKAGES=(cmake g++ make pkg-config python3-glad libglfw3-dev libglm-dev libimgui-dev
  libtinygltf-dev catch2 libstb-dev libpng-dev nlohmann-json3-dev libcli11-dev libmeshoptimizer-dev
  libegl-dev libegl-mesa0 libgl1-mesa-dri libgl-dev fonts-dejavu-core xvfb xauth
  clang libclang-rt-14-dev
  xdotool imagemagick  # the window test of the Case page: clicks, typing and screenshots
  ffmpeg)  # the encoder behind spineview --export, run as a child process; ffprobe for its tests
# The glTF validator test runs on Node.js (npm fetches the Khronos validator once).
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  [ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
  cmake --build "$BUILD" -j "$(nproc)"
}

case "$MODE" in
  run)
    install_missing
    build
    exec "$BUILD/src/app/spineview" "$@"
    ;;
  test)
    install_missing
    build
    # The window test needs a display; without one, give it a virtual one.
    display=()
    [ -z "${DISPLAY:-}" ] && display=(xvfb-run -a -s "-screen 0 1600x1000x24")
    (cd "$BUILD" && "${display[@]}" ctest --output-on-failure -j "$(nproc)" "$@")
    # The whole suite (no ctest arguments) ends with every fuzz target for a bounded time;
    # the long run is scripts/fuzz.sh 3600.
    if [ $# -eq 0 ]; then exec "$ROOT/scripts/fuzz.sh" "${SPINEVIEW_FUZZ_SECONDS:-30}"; fi
    ;;
  *)
    echo "usage: scripts/setup.sh run [spineview arguments] | test [ctest arguments]" >&2
    exit 2
    ;;
esac
