#!/usr/bin/env bash
# Installs everything the build and the tests need, and nothing that is already there:
# the wasm32 target, wasm-bindgen-cli at the version Cargo.lock pins, Debian's Chromium and
# ChromeDriver, and the npm dev packages (playwright-core, binaryen's wasm-opt, typescript).
# Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium and chromium-driver from Debian"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly, or the generated glue breaks.
WBV=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBV" ]; then
  say "installing wasm-bindgen-cli $WBV (about 2 minutes, once)"
  # --locked fails on this registry (its lockfile pins a crate version not served here); fall back.
  cargo install wasm-bindgen-cli --version "$WBV" --locked || cargo install wasm-bindgen-cli --version "$WBV"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev packages"
  npm ci --no-audit --no-fund
fi
say "ready"
