#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm through wasm-bindgen (--target web, an ES
# module that loads without a bundler) and npm binaryen's wasm-opt (never Debian's binaryen 108,
# whose output breaks the externref table). pkg/'s hand-written files (package.json, the element,
# types, README) are kept; only generated files are replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
T=wasm32-unknown-unknown
cargo build --release --target $T --lib
rm -f pkg/nhs_benchmark.js pkg/nhs_benchmark.d.ts pkg/nhs_benchmark_bg.wasm pkg/nhs_benchmark_bg.wasm.d.ts
# --experimental-reset-state-function: after a trap (a panic) the element starts a fresh instance of
# the same compiled module (__wbg_reset_state), and objects of the dead instance are never freed into
# the new one (their finalizers check the instance id).
wasm-bindgen --target web --experimental-reset-state-function --out-dir pkg target/$T/release/nhs_benchmark.wasm
node_modules/.bin/wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals pkg/nhs_benchmark_bg.wasm -o pkg/nhs_benchmark_bg.wasm
wasm=$(stat -c %s pkg/nhs_benchmark_bg.wasm)
gz=$(cat pkg/nhs_benchmark_bg.wasm pkg/nhs_benchmark.js pkg/nhs-benchmark.js | gzip -9 | wc -c)
echo "[build] pkg/nhs_benchmark_bg.wasm: $wasm bytes; wasm + JS gzipped: $gz bytes"
mkdir -p pkg/data
cp www/data/ae_attendances_england_2016_2019.csv www/data/ods_trusts_etr.csv www/data/README.md pkg/data/
mkdir -p pkg/data/maturity pkg/data/templates
cp www/data/maturity/* pkg/data/maturity/
cp www/data/templates/* pkg/data/templates/
# The published maturity results, the 2026 ODS list they join, and the RTT extract (sizes for
# nearest-by-size maturity cohorts), found next to the module as bundled files.
mkdir -p pkg/data/dma pkg/data/ods pkg/data/rtt
cp www/data/dma/* pkg/data/dma/
cp www/data/ods/* pkg/data/ods/
cp www/data/rtt/* pkg/data/rtt/

# nhs-benchmark/stats: the statistics API alone, the same core built without the `charts` feature.
# Its own target directory, so target/$T/release/nhs_benchmark.wasm stays the full module that
# `make bench --profile` and twiggy read.
cargo build --release --target $T --lib --no-default-features --target-dir target/stats
rm -rf pkg/stats
wasm-bindgen --target web --out-dir pkg/stats target/stats/$T/release/nhs_benchmark.wasm
node_modules/.bin/wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals pkg/stats/nhs_benchmark_bg.wasm -o pkg/stats/nhs_benchmark_bg.wasm
rm -f pkg/stats/.gitignore pkg/stats/package.json
stats_gz=$(cat pkg/stats/nhs_benchmark_bg.wasm pkg/stats/nhs_benchmark.js pkg/stats.js | gzip -9 | wc -c)
echo "[build] pkg/stats: $(stat -c %s pkg/stats/nhs_benchmark_bg.wasm) bytes of wasm; wasm + JS gzipped: $stats_gz bytes"
