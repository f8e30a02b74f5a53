#!/usr/bin/env bash
# The Case page in a real window, as a clinician uses it: change the tear, see the picture change,
# save the case, start a new one, reopen the saved one and see its picture again. Its own Xvfb
# (1600x1600: the whole page fits without scrolling), xdotool clicks at the page's fixed layout
# (the summary keeps a fixed height, so controls do not move), ImageMagick screenshots.
#   window_case.sh SPINEVIEW_EXE OUTPUT_DIR
name=case screen=1600x1600 crop=1180x1240+0+60
source "$(dirname "$0")/window_lib.sh" "$@"
start_app --size 1600x1500 --view posterior --hide vertebra

# Waits up to 20 s for the picture (shot `$1`) to differ from shot `$2` by more (`more`) or
# less (`less`) than `$4` pixels; a rebuild takes 1-3 s here, longer on a loaded machine.
await() {
  local name="$1" other="$2" how="$3" limit="$4" n
  for _ in $(seq 40); do
    sleep 0.5
    shot "$name"
    n="$(differing "$name" "$other")"
    if [ "$how" = more ] && [ "$n" -gt "$limit" ]; then echo "$name: $n pixels differ from $other"; return 0; fi
    if [ "$how" = less ] && [ "$n" -lt "$limit" ]; then echo "$name: $n pixels differ from $other"; return 0; fi
  done
  fail "$name: $n pixels differ from $other after 20 s (wanted $how than $limit)"
}
typePath() { click 1420 1088; key ctrl+a; key BackSpace; xdotool type --delay 30 "$1"; key Return; }

click 1487 102  # the Case page
sleep 1
shot case_start
click 1533 559  # Tear: Rim
await case_rim case_start more 300
typePath "$work/cases/case.json"
click 1462 1137  # Save
sleep 1
grep -q '"type": "rim"' "$work/cases/case.json" || fail "the saved case is not the rim tear: $(cat "$work/cases/case.json" 2>&1)"
grep -q "$work/cases/case.json" "$XDG_CONFIG_HOME/spineview/recent-cases.json" || fail "not in the recent cases"
click 1291 1137  # New: back to the default case
await case_new case_start less 150
typePath "$work/cases/case.json"
click 1376 1137  # Open
await case_reopened case_rim less 150
finish_app "the Case page changed the picture, saved, started anew and reopened the case"
