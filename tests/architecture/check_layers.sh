#!/usr/bin/env bash
# The layering of src/ (src/CMakeLists.txt): each folder may include headers from its own
# folder and from the folders listed for it, never from one above it. The link lines enforce
# the same for code that is called; this catches a header used across the line as well.
#   check_layers.sh SRC_DIR            fails, naming each include that crosses a line
#   check_layers.sh SRC_DIR --graph    prints which folders include which (for the README)
set -euo pipefail
src="$1"
declare -A allowed=(
  [core]=""
  [scene]="core"
  [anatomy]="core scene"
  [camera]="core scene"
  [render]="core scene camera"
  [story]="core scene anatomy camera"
  [frame]="core scene anatomy camera render story"
  [annotate]="core scene anatomy camera render"
  [platform]="core"
  [video]="core scene anatomy camera story"
  [modelgen]=""
  [case]="core scene modelgen"
  [app]="core scene anatomy camera render story frame annotate platform video modelgen case"
)
status=0
declare -A edges=()
for folder in "${!allowed[@]}"; do
  [ -d "$src/$folder" ] || continue
  while IFS= read -r line; do
    file="${line%%:*}"
    used="$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")"
    [ "$used" = "$folder" ] && continue
    [ -d "$src/$used" ] || continue  # not a folder of src/ (a sibling header)
    edges["$folder -> $used"]=1
    if [[ " ${allowed[$folder]} " != *" $used "* ]]; then
      echo "layering: $file includes $used/, which $folder/ may not use (allowed: ${allowed[$folder]:-none})"
      status=1
    fi
  done < <(grep -rHE '^#include "[a-z_]+/' "$src/$folder" --include='*.h' --include='*.cpp' || true)
done
for folder in "$src"/*/; do
  name="$(basename "$folder")"
  [ -n "${allowed[$name]+set}" ] || { echo "layering: src/$name/ has no place in the layering"; status=1; }
done
if [ "${2:-}" = "--graph" ]; then
  printf '%s\n' "${!edges[@]}" | sort
fi
[ $status -eq 0 ] && echo "layering: every include follows the layering"
exit $status
