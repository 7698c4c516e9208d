# nhs-benchmark: one command to see it, one to test it. Each installs what is missing first.
.PHONY: demo test pkg bench setup fuzz

setup:
	./scripts/setup.sh

demo: setup pkg
	node scripts/serve.mjs

test: setup
	./scripts/test.sh

pkg: setup
	./scripts/build.sh

bench: setup pkg
	cargo bench --bench stats
	node scripts/bench-browser.mjs

# Not part of `make test`: libFuzzer on every loader and the spec, FUZZ_SECONDS (60) per target.
fuzz:
	./scripts/fuzz.sh
