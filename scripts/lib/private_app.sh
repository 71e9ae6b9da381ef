# Sourced by the Xvfb scripts: builds the debug app, copies it to "$out/statewright" (the
# target directory may be shared, so run a private copy) and points settings and recovery at a
# temporary directory removed on exit, so a run does not depend on earlier sessions.
# Expects: $out (an existing directory). Sets: $bin.
target_dir="${CARGO_TARGET_DIR:-target}"
cargo build --bin statewright
bin="$out/statewright"
cp "$target_dir/debug/statewright" "$bin"

state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
export XDG_DATA_HOME="$state/data" XDG_CONFIG_HOME="$state/config" STATEWRIGHT_RECOVERY_DIR="$state/recovery"
export LIBGL_ALWAYS_SOFTWARE=1
unset WAYLAND_DISPLAY
