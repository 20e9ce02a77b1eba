#!/usr/bin/env bash
# Writes screenshots of the main views of the workshop sample into docs/screenshots/ (the
# pictures README shows): the app runs under a virtual X server at 1280x720, sets up each view
# itself, captures it and closes.
#
#   scripts/install-system-deps.sh --dev     once (Xvfb and the window's libraries)
#   scripts/screenshots.sh [WIDTHxHEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1280x720}
out=docs/screenshots
mkdir -p "$out"
cargo build --release -q
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
# A fresh data folder, so no earlier autosave or recovery offer appears in the pictures.
data=$(mktemp -d)
DISPLAY=$display BEFITS_CODER_DATA_DIR=$data LIBGL_ALWAYS_SOFTWARE=1 \
  timeout 300 target/release/befits-coder --sample --size "$size" --screenshots "$out"
rm -rf "$data"
ls -l "$out"
