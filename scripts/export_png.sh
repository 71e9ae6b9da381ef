#!/usr/bin/env bash
# End-to-end PNG export under Xvfb: start the app on the seed sample in a 1100x720 screen, run
# "Export diagram PNG…" from the command palette, type the path into the fallback field (no
# dialog backend under Xvfb) and check a PNG was written. The PNG and a screenshot go to
# OUT_DIR (default target/export-png); open the PNG to look at it.
#
# Needs the screenshot packages (see scripts/screenshot.sh) plus xdotool and file.
set -euo pipefail

cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-target/export-png}")"
mkdir -p "$out"
rm -f "$out/diagram.png"
. scripts/lib/private_app.sh

xvfb-run --auto-servernum --server-args="-screen 0 1100x720x24" bash -c '
    set -eu
    bin=$1 out=$2
    "$bin" & app=$!
    sleep 6
    xdotool windowfocus "$(xdotool search --name Statewright | head -1)"
    xdotool key ctrl+k
    sleep 1
    xdotool type --delay 50 "diagram PNG"
    sleep 0.5
    xdotool key Return
    sleep 2
    xdotool key ctrl+a
    xdotool type --delay 20 "$out/diagram.png"
    xdotool key Return
    sleep 8
    import -window root "$out/after-export.png"
    kill "$app"
' _ "$bin" "$out"

file "$out/diagram.png" | grep -q "PNG image data" \
    && echo "wrote $(file -b "$out/diagram.png")" || { echo "no PNG written"; exit 1; }
echo "PNG and screenshot in $out"
