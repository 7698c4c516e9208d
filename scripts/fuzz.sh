#!/usr/bin/env bash
# Fuzzes every loader, the spec parser and the chart session with cargo-fuzz (libFuzzer, on the
# nightly toolchain), one target after another for FUZZ_SECONDS each (default 60), starting from
# the corpus kept in fuzz/corpus/ (seeded from the test fixtures and www/data). New inputs go to
# target/fuzz-corpus/, so the repository stays clean; a crash stops the run and leaves its input
# in fuzz/artifacts/TARGET/. Installs cargo-fuzz and the nightly toolchain when missing.
#   make fuzz                          every target, 60 s each
#   FUZZ_SECONDS=300 make fuzz         longer
#   FUZZ_TARGETS="ae spec" make fuzz   some targets
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }

if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (cargo fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (about 40 s, once)"
  cargo install cargo-fuzz --locked
fi

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-$(cd fuzz && cargo +nightly fuzz list)}
summary=()
for t in $targets; do
  mkdir -p "target/fuzz-corpus/$t"
  log="target/fuzz-$t.log"
  say "$t for $seconds s"
  # -timeout: an input taking over 10 s is a hang (a quadratic blow-up), reported like a crash.
  if ! (cd fuzz && cargo +nightly fuzz run "$t" "../target/fuzz-corpus/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1; then
    tail -n 40 "$log"
    say "$t FAILED: the input is in fuzz/artifacts/$t/ (full log: $log)"
    exit 1
  fi
  runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -n 1 | awk '{print $2}')
  seeds=$(find "fuzz/corpus/$t" -type f | wc -l)
  found=$(find "target/fuzz-corpus/$t" -type f | wc -l)
  summary+=("$(printf '%-20s %12s executions in %s s, no crash; corpus %s seeds + %s found' \
    "$t" "${runs:-?}" "$seconds" "$seeds" "$found")")
done
say "summary"
printf '  %s\n' "${summary[@]}"
