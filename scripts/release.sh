#!/usr/bin/env bash
# Builds the release binaries for Linux and Windows and packs each, with the README, the
# assets and a SHA-256 checksum, into dist/: a .tar.gz for Linux, a .zip for Windows. Beside
# each archive, its own checksum (sha256sum -c dist/<archive>.sha256).
# Needs: rustup target x86_64-pc-windows-gnu and gcc-mingw-w64-x86-64 (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
windows=x86_64-pc-windows-gnu
if ! rustup target list --installed | grep -qx "$windows"; then
  echo "missing: rustup target add $windows" >&2
  exit 1
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  echo "missing: apt-get install gcc-mingw-w64-x86-64" >&2
  exit 1
fi

cargo build --release --locked --bin shtab
cargo build --release --locked --bin shtab --target "$windows"

rm -rf dist
mkdir -p dist

# stage NAME BINARY: dist/NAME/ with the binary, README.md, assets/ and SHA256SUMS.
stage() {
  local dir="dist/$1" bin="$2"
  mkdir -p "$dir"
  cp "$bin" README.md "$dir/"
  cp -r assets "$dir/assets"
  (cd "$dir" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort \
    | xargs -d '\n' sha256sum > SHA256SUMS)
}

name="shtab-$version-linux-x86_64"
stage "$name" target/release/shtab
tar -C dist -czf "dist/$name.tar.gz" "$name"

wname="shtab-$version-windows-x86_64"
stage "$wname" "target/$windows/release/shtab.exe"
if command -v zip >/dev/null 2>&1; then
  (cd dist && zip -qr "$wname.zip" "$wname")
else
  (cd dist && python3 -m zipfile -c "$wname.zip" "$wname")
fi

rm -rf "dist/$name" "dist/$wname"
(cd dist && for a in "$name.tar.gz" "$wname.zip"; do sha256sum "$a" > "$a.sha256"; done)
ls -l dist
echo "check an archive with: (cd dist && sha256sum -c $wname.zip.sha256)"
