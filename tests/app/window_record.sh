#!/usr/bin/env bash
# Recording a walkthrough in a real window, as an educator does: Rec on the toolbar, turn the
# model, add a caption with "Caption here", switch on the x-ray, Stop. The saved story must be
# in the user's stories folder with camera pose keys and the caption, render headless, and play
# back in the window to the view that was on screen when recording stopped. Its own Xvfb
# (1600x1600), xdotool presses at the fixed layout, ImageMagick screenshots of the 3D view
# between the toolbar and the captions.
#   window_record.sh SPINEVIEW_EXE OUTPUT_DIR
# The 3D view below the toolbar and the recording bar, above the story's captions.
name=record screen=1600x1600 crop=1150x1000+50+150
source "$(dirname "$0")/window_lib.sh" "$@"
stories="$XDG_DATA_HOME/spineview/stories"
start_app --size 1600x1500

drag() {  # a slow one-finger drag across the view: the model turns
  xdotool mousemove 600 700
  sleep 0.2
  xdotool mousedown 1
  sleep 0.15
  for i in $(seq 1 30); do xdotool mousemove $((600 + i * 8)) $((700 - i * 2)); sleep 0.03; done
  sleep 0.15
  xdotool mouseup 1
}

click 1418 101  # the Story page
sleep 1
shot record_start
click 617 48    # Rec on the toolbar
sleep 2.5       # the start's view, held: the replay must show it first
drag
sleep 1
click 894 73    # Caption here, on the recording bar
sleep 0.5
caption="The tear runs through the back of the annulus."
xdotool type --delay 20 "$caption"
key Return
click 54 48     # X-ray
sleep 1.5
shot record_end
click 1153 73   # Stop
sleep 1.5
file="$(ls "$stories"/walkthrough-*.json 2>/dev/null | head -1)"
[ -n "$file" ] || fail "no walkthrough saved in $stories"
grep -q "\"text\": \"$caption\"" "$file" || fail "the caption is not in $file"
grep -q '"property": "pose"' "$file" || fail "no camera pose track in $file"
grep -q '"target": "layer:annulus"' "$file" || fail "the x-ray's annulus is not in $file"
key Return      # the "Walkthrough saved" notice
"$exe" --story "$file" --at 1 --render "$out/record_headless.png" --size 640x400 >"$work/render.log" 2>&1 ||
  fail "the recorded story does not render headless: $(cat "$work/render.log")"

n="$(differing record_start record_end)"
[ "$n" -gt 20000 ] || fail "the recording did not change the view ($n pixels)"
click 1418 386  # Your recordings: the walkthrough plays from its start
key space       # paused inside the held start (a paused view is drawn in full, not simplified)
sleep 1.5
shot record_replay_start
n="$(differing record_start record_replay_start)"
echo "the replay's first moment differs from the view where recording started in $n pixels"
[ "$n" -lt 4000 ] || fail "the replay starts $n pixels away from the view recorded"
key space       # on to the end
duration="$(grep -o '"duration": [0-9.]*' "$file" | awk '{print int($2) + 3}')"
sleep "$duration"
shot record_replayed
n="$(differing record_end record_replayed)"
echo "the replay's last moment differs from the recorded view in $n pixels"
[ "$n" -lt 4000 ] || fail "the replay ends $n pixels away from the view recorded"
finish_app "recorded a walkthrough in the window, saved it with its caption and played it back to the same view"
