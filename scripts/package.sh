#!/usr/bin/env bash
# Builds the installable packages of BeFITS Coder into dist/:
#   befits-coder_<version>_<arch>.deb         for Debian and Ubuntu (and derivatives)
#   befits-coder-<version>-linux-<arch>.tar.gz the same files to unpack anywhere
# The binary carries its fonts, codebook, the workshop and review samples and the sample PDFs
# inside it, so it runs from any folder; the packages add a desktop entry, an icon, the
# sample project files and the documents.
#
#   scripts/package.sh          (needs the Rust toolchain and dpkg-deb, on the target platform)
#   sudo apt install ./dist/befits-coder_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
cargo build --release --locked -q
bin=target/release/befits-coder
"$bin" --version >/dev/null

dist=dist
rm -rf "$dist"
mkdir -p "$dist"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The file tree, as installed.
root=$stage/deb
install -Dm755 "$bin" "$root/usr/bin/befits-coder"
install -Dm644 assets/package/befits-coder.desktop "$root/usr/share/applications/befits-coder.desktop"
install -Dm644 assets/package/befits-coder.svg "$root/usr/share/icons/hicolor/scalable/apps/befits-coder.svg"
install -d "$root/usr/share/befits-coder/sample_projects/pdfs"
install -m644 sample_projects/*.ron sample_projects/README.md "$root/usr/share/befits-coder/sample_projects/"
install -m644 sample_projects/pdfs/*.pdf "$root/usr/share/befits-coder/sample_projects/pdfs/"
install -Dm644 README.md "$root/usr/share/doc/befits-coder/README.md"
install -Dm644 SECURITY.md "$root/usr/share/doc/befits-coder/SECURITY.md"
cat > "$root/usr/share/doc/befits-coder/copyright" <<COPYRIGHT
BeFITS Coder $version
License: MIT OR Apache-2.0
Fonts: DejaVu Sans (Bitstream Vera licence, see assets/fonts/DejaVu-LICENSE.txt in the sources).
Sample articles: redistributed under their CC BY licences (see sample_projects/README.md).
COPYRIGHT

# Debian package.
size=$(du -sk "$root/usr" | cut -f1)
install -d "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: befits-coder
Version: $version
Section: science
Priority: optional
Architecture: $arch
Installed-Size: $size
Depends: libc6, libgcc-s1, libgl1, libx11-6, libxcursor1, libxi6, libxrandr2, libxkbcommon-x11-0, libfontconfig1
Recommends: tesseract-ocr, tesseract-ocr-eng, libgl1-mesa-dri
Maintainer: BeFITS Coder developers
Description: qualitative coding of implementation-science articles (BeFITS-MH)
 Code article PDFs with the 37 constructs of the BeFITS-MH framework, compare two
 coders, settle a consensus and export tables, the matrix grid, the nested-domain
 diagram and REFI-QDA projects for NVivo, ATLAS.ti, MAXQDA and QualCoder. Works
 offline; run "befits-coder --sample" for the built-in workshop sample.
CONTROL
dpkg-deb --root-owner-group --build "$root" "$dist/befits-coder_${version}_${arch}.deb" >/dev/null

# Tarball: the same tree under one folder.
name=befits-coder-$version-linux-$arch
mkdir -p "$stage/$name"
cp -r "$root/usr" "$stage/$name/"
cat > "$stage/$name/INSTALL.txt" <<INSTALL
Run usr/bin/befits-coder (no installation needed; "usr/bin/befits-coder --sample" opens
the workshop sample). To add it to the desktop's menu for this user:
  install -Dm755 usr/bin/befits-coder ~/.local/bin/befits-coder
  install -Dm644 usr/share/applications/befits-coder.desktop ~/.local/share/applications/befits-coder.desktop
  install -Dm644 usr/share/icons/hicolor/scalable/apps/befits-coder.svg ~/.local/share/icons/hicolor/scalable/apps/befits-coder.svg
INSTALL
tar -C "$stage" -czf "$dist/$name.tar.gz" "$name"
ls -l "$dist"
