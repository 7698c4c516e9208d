#!/usr/bin/env bash
# Every test tier, in order, stopping at the first failure. Run through `make test`, which
# installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
T=wasm32-unknown-unknown
tier() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
start=$(date +%s)

tier "format"
cargo fmt --check

tier "clippy (host and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --target $T --all-targets -- -D warnings
# The statistics-only build (nhs-benchmark/stats) is the library without its `charts` feature.
cargo clippy --target $T --lib --no-default-features -- -D warnings

tier "fuzz targets compile (make fuzz runs them; here they only must keep up with the API)"
cargo check --manifest-path fuzz/Cargo.toml --bins --target-dir target/fuzz-check

tier "host tests: the pure core, reference values, snapshots"
cargo test

tier "reference runner over every fixture"
cargo run --release --quiet --example reference -- tests/fixtures/reference/*.json | tail -n 1

tier "wasm tests in headless Chromium"
cargo test --target $T

tier "release build: wasm-bindgen + wasm-opt into pkg/"
./scripts/build.sh

tier "package: types check, npm pack, and the packed package imported in Node"
node_modules/.bin/tsc -p tests/types
(cd pkg && npm pack --dry-run --json >/dev/null)
node --test --test-timeout=180000 tests/node/


tier "end-to-end in headless Chromium"
node --test --test-timeout=180000 tests/e2e/

echo
echo "all tiers passed in $(( $(date +%s) - start )) s"
