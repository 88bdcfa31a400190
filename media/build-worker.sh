#!/usr/bin/env bash
# Builds the mediasoup worker from the mediasoup npm package's own sources against Debian's
# system libraries, and caches it by mediasoup version outside node_modules, so reinstalling
# packages or a CI run does not rebuild it. Idempotent: prints the cached binary's path and
# exits when it is already there. Prints the binary path as its last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/node_modules/mediasoup"
if [ ! -f "$PKG/package.json" ]; then
  echo "build-worker: mediasoup is not installed; run npm ci first" >&2
  exit 1
fi
VERSION="$(node -p "require('$PKG/package.json').version")"
CACHE="$(node "$ROOT/media/worker-cache-dir.mjs")"
BIN="$CACHE/$VERSION/mediasoup-worker"

if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

DEBIAN_PACKAGES="meson ninja-build pkg-config g++ libsrtp2-dev libuv1-dev libssl-dev nlohmann-json3-dev libusrsctp-dev libabsl-dev"
missing=()
for tool in meson ninja pkg-config g++; do command -v "$tool" >/dev/null || missing+=("$tool"); done
for lib in openssl nlohmann_json libuv libsrtp2 usrsctp absl_flat_hash_map absl_strings; do
  command -v pkg-config >/dev/null && pkg-config --exists "$lib" || missing+=("$lib")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "build-worker: cannot build the mediasoup worker, missing: ${missing[*]}." >&2
  echo "build-worker: install the Debian packages: apt-get install -y $DEBIAN_PACKAGES" >&2
  exit 2
fi

BUILD="$CACHE/$VERSION/build"
rm -rf "$BUILD"
mkdir -p "$BUILD"
cp -r "$PKG/worker/." "$BUILD/src"
rm -rf "$BUILD/src/subprojects" "$BUILD/src/out"
node "$ROOT/media/patch-worker-meson.mjs" "$BUILD/src"
echo "build-worker: building mediasoup-worker $VERSION (a few minutes on 2 cores)" >&2
meson setup "$BUILD/out" "$BUILD/src" --buildtype=release -Db_pie=true -Db_staticpic=true >"$BUILD/meson.log" 2>&1 \
  || { tail -30 "$BUILD/meson.log" >&2; exit 1; }
ninja -C "$BUILD/out" mediasoup-worker >"$BUILD/ninja.log" 2>&1 \
  || { tail -30 "$BUILD/ninja.log" >&2; exit 1; }
# Atomic: a half-copied binary must never look like a cached one.
cp "$BUILD/out/mediasoup-worker" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
rm -rf "$BUILD"
echo "$BIN"
