# waitgap: common tasks. `make` alone lists them.
SWIFT ?= swift
BENCH_DIR ?= bench-data
FUZZ_SECONDS ?= 600

.PHONY: help deps build test sample sample-history bench simulate fuzz lint format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

deps: ## Install the system libraries and tools (Debian: libcsv-dev, libsqlite3-dev; pandoc, chromium, poppler-utils, librsvg2-bin and libreoffice-writer for the format tests)
	@if ! dpkg -s libcsv-dev libsqlite3-dev pandoc chromium poppler-utils librsvg2-bin libreoffice-writer >/dev/null 2>&1; then \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update && \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y libcsv-dev libsqlite3-dev pandoc chromium poppler-utils librsvg2-bin libreoffice-writer; fi

build: deps ## Build waitgap (debug)
	$(SWIFT) build

test: deps ## Run every test
	$(SWIFT) test

sample: deps ## Regenerate SampleData/, the board pack in Reports/, the scorer's summary with its simulation and sweep, a per-specialty list signed off with approved weights, and a worklist (private/)
	$(SWIFT) build -c release
	.build/release/waitgap sample --rows 50000 --seed 42 --dirty-rate 0.004 --out SampleData/waiting-list.csv
	.build/release/waitgap analyse SampleData/waiting-list.csv --out Reports --no-history --trust-name "Example NHS Foundation Trust (synthetic data)"
	rm -f private/sample.sqlite private/sample.sqlite-wal private/sample.sqlite-shm && mkdir -p -m 700 private
	.build/release/waitgap score --dump-weights > private/default-weights.json
	.build/release/waitgap weights approve private/default-weights.json --by "Sample approver" --role "Medical director (synthetic)" --eia EIA-SAMPLE-1 --history private/sample.sqlite --user sample
	.build/release/waitgap score SampleData/waiting-list.csv --out Reports --history private/sample.sqlite --user sample --simulate 52 --sweep deprivation=0:2:0.5
	.build/release/waitgap signoff private/reordered-2026-10-31.csv --specialty 110 --clinician "Dr Sample" --role "Clinical lead, T&O (synthetic)" --history private/sample.sqlite --user sample
	.build/release/waitgap worklist SampleData/waiting-list.csv --core20 --over-weeks 40 --out Reports --history private/sample.sqlite --user sample

sample-history: deps ## A month-on-month pack: 18 synthetic months, the deprivation gap shrinking from month 10 and the P2 gap from 5.6 to 2.2 weeks over the last five (Calderdale-shaped), in SampleData/history/
	$(SWIFT) build -c release
	rm -rf SampleData/history/months SampleData/history/waitgap.sqlite
	.build/release/waitgap sample --months 18 --rows 50000 --seed 42 --out SampleData/history/months --deciles --calderdale
	.build/release/waitgap history import SampleData/history/months --history SampleData/history/waitgap.sqlite --out SampleData/history/quarantine
	.build/release/waitgap analyse SampleData/history/months/extract-2026-10-31.csv --out SampleData/history/Reports --history SampleData/history/waitgap.sqlite --trust-name "Example NHS Foundation Trust (synthetic data)"

bench: deps ## Benchmark 1M and 5M rows against cat, raw libcsv and DuckDB (see BENCHMARKS.md)
	bash scripts/bench.sh $(BENCH_DIR)

simulate: deps ## False findings on 200 packs with nothing planted (Holm on page one, BH in the tables); see BENCHMARKS.md
	WAITGAP_SIMULATIONS=200 $(SWIFT) test --filter FalseFindingTests 2>&1 | grep -E "false-finding simulation|passed|failed"

fuzz: deps ## Fuzz the reader and row decoder with libFuzzer for FUZZ_SECONDS (default 600)
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

lint: ## Check formatting with swift-format
	$(SWIFT) format lint --strict --recursive Sources Tests

format: ## Format the sources with swift-format
	$(SWIFT) format --in-place --recursive Sources Tests

clean: ## Remove build products and benchmark data
	rm -rf .build .build-* $(BENCH_DIR) fuzz-corpus
