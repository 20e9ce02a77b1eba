#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages BeFITS Coder needs beyond the Rust toolchain.
#
#   scripts/install-system-deps.sh            runtime: libraries for the window (X11/Wayland, OpenGL)
#                                             and Tesseract with its English, French, Spanish and
#                                             Portuguese data, for text recognition of scanned pages
#   scripts/install-system-deps.sh --dev      also Xvfb, ImageMagick, poppler-utils, mupdf-tools and
#                                             libxml2-utils, used to look at the app headless, for
#                                             reference checks and as the benches' baselines
#
# Building needs none of these, and the UI tests run without a display or GPU. Tests that need
# Tesseract, xmllint or the reference tools say so and pass without them; CI installs them all.
set -euo pipefail
runtime=(libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon-x11-0 libxkbcommon0
         libwayland-client0 libwayland-egl1 libfontconfig1 libgl1 libglx-mesa0 libgl1-mesa-dri libegl1
         tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-por)
dev=(xvfb xauth imagemagick poppler-utils poppler-data mupdf-tools libxml2-utils)
packages=("${runtime[@]}")
[[ ${1:-} == --dev ]] && packages+=("${dev[@]}")
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
