#!/usr/bin/env bash
# Installs everything CrossCourt needs on a fresh Debian bookworm machine with Node 20:
# the Debian packages (to build the mediasoup worker, ffmpeg to record hearings, headless
# Chromium for the end-to-end tests, docker-compose to validate the compose file), the npm
# packages, and the mediasoup worker itself (built once per mediasoup version, then cached).
# Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DEBIAN_PACKAGES=(
  meson ninja-build pkg-config g++
  libsrtp2-dev libuv1-dev libssl-dev nlohmann-json3-dev libusrsctp-dev libabsl-dev
  ffmpeg chromium docker-compose redis-server
)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "install: please install these Debian packages first: apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "install: apt-get install ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# mediasoup's own postinstall would download a prebuilt worker (or pip-install meson) from the
# internet; with MEDIASOUP_WORKER_BIN set it skips that, and media/build-worker.sh builds the
# worker from the package's sources instead.
WORKER_CACHE="$(node media/worker-cache-dir.mjs)"
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  MEDIASOUP_WORKER_BIN="$WORKER_CACHE/unused" npm ci --no-audit --no-fund
fi
bash media/build-worker.sh >/dev/null
echo "install: ready (mediasoup worker: $(bash media/build-worker.sh))" >&2
