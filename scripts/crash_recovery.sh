#!/usr/bin/env bash
# End-to-end crash recovery check under Xvfb: start the app, type into the code view, wait for
# the autosave, SIGKILL the app, start it again and expect the recovery prompt; restore and
# check the edit is back. Screenshots go next to OUT_DIR (default target/crash-recovery).
#
# Needs the screenshot packages (see scripts/screenshot.sh) plus xdotool.
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-target/crash-recovery}"
mkdir -p "$out"
. scripts/lib/private_app.sh

xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" bash -c '
    set -eu
    bin=$1 out=$2
    "$bin" & app=$!
    sleep 6
    xdotool windowfocus "$(xdotool search --name Statewright | head -1)"
    xdotool mousemove 1100 140 click 1
    sleep 0.5
    xdotool type --delay 80 "Crash-test "
    sleep 3
    import -window root "$out/before-kill.png"
    kill -9 "$app"
    wait "$app" 2>/dev/null || true
    "$bin" & app=$!
    sleep 6
    import -window root "$out/after-restart.png"
    xdotool mousemove 441 429 click 1
    sleep 2
    import -window root "$out/restored.png"
    kill "$app"
' _ "$bin" "$out"

grep -q "Crash-test" "$STATEWRIGHT_RECOVERY_DIR/recovery.json" \
    && echo "recovery file holds the edit" || { echo "recovery file lacks the edit"; exit 1; }
echo "screenshots in $out"
