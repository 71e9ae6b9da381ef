#!/usr/bin/env bash
# Runs the release app under Xvfb (no GPU: Mesa llvmpipe) and saves a screenshot of the screen.
#
#   scripts/screenshot.sh [OUT.png] [FILE]   (defaults: target/screenshot.png, the seed sample)
#
# Needs: xvfb xauth imagemagick libgl1 libglx-mesa0 libgl1-mesa-dri libx11-xcb1 libxcursor1
# libxi6 libxkbcommon-x11-0 (Debian package names).
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-target/screenshot.png}"
file="${2:-}"
target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p "$(dirname "$out")"

profile="${SCREENSHOT_PROFILE:-release}"   # SCREENSHOT_PROFILE=debug for a quick look
if [ "$profile" = release ]; then
    cargo build --release --bin statewright
else
    cargo build --bin statewright
fi
bin="$target_dir/$profile/statewright"

# A private settings and recovery directory, so the shot does not depend on earlier sessions.
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
export XDG_DATA_HOME="$state/data" XDG_CONFIG_HOME="$state/config" STATEWRIGHT_RECOVERY_DIR="$state/recovery"
export LIBGL_ALWAYS_SOFTWARE=1 WINIT_UNIX_BACKEND=x11
unset WAYLAND_DISPLAY

xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" bash -c '
    "$1" ${2:+"$2"} &
    app=$!
    sleep "${SCREENSHOT_DELAY_SECS:-6}"
    import -window root "$3"
    kill "$app"
    wait "$app" 2>/dev/null || true
' _ "$bin" "$file" "$out"

echo "screenshot: $out"
