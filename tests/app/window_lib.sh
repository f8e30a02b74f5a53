# What the window tests share, sourced by each: its own Xvfb, the app started with its own
# folders, fail(), presses and screenshots. A test sets `name` (for messages), `screen` (WxH of
# its Xvfb) and `crop` (what shot() keeps: WxH+X+Y), then:
#   source window_lib.sh "$@"; start_app ARGS...
set -u
exe="$1"
out="$2"
if [ "${3:-}" != "--inner" ]; then
  for tool in xvfb-run xdotool import compare; do
    command -v "$tool" >/dev/null || { echo "SKIPPED window $name test: $tool is not installed"; exit 0; }
  done
  exec xvfb-run -a -s "-screen 0 ${screen}x24" bash "$0" "$exe" "$out" --inner
fi

mkdir -p "$out"
work="$(mktemp -d)"
# Its own settings, recordings and caches, so a run neither reads nor changes the user's.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"

start_app() {
  "$exe" "$@" >"$work/log" 2>&1 &
  pid=$!
  timeout 30 xdotool search --sync --onlyvisible --name SpineView >/dev/null || fail "no window"
  sleep 3
}
fail() {
  echo "FAILED: $*"
  echo "--- spineview's output:"
  cat "$work/log"
  kill "$pid" 2>/dev/null
  cp -r "$work/data" "$out/" 2>/dev/null  # what it saved (a recording), to read what went wrong
  rm -rf "$work"
  exit 1
}
# Ends a test that passed: the app still running and quiet, then stopped.
finish_app() {
  kill -0 "$pid" 2>/dev/null || fail "spineview ended"
  grep -qi "could not\|error" "$work/log" && fail "spineview reported a problem"
  kill "$pid"
  wait "$pid" 2>/dev/null
  rm -rf "$work"
  echo "$1"
}

shot() { import -window root -crop "$crop" +repage "$out/$1.png"; }
# The count of differing pixels (compare may print it as 1.4e+06).
differing() { compare -metric AE -fuzz 6% "$out/$1.png" "$out/$2.png" null: 2>&1 | awk '{printf "%.0f", $1}'; }
# Presses as a finger or a mouse does, long enough for a frame to see both the press and the
# release (ImGui 1.86 misses a press and release that arrive in the same frame).
click() { xdotool mousemove "$1" "$2" mousedown 1; sleep 0.15; xdotool mouseup 1; sleep 0.4; }
key() { xdotool keydown "$1"; sleep 0.15; xdotool keyup "$1"; sleep 0.3; }
