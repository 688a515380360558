# waitgap: common tasks. `make` alone lists them.
SWIFT ?= swift
BENCH_DIR ?= bench-data
FUZZ_SECONDS ?= 600
PREFIX ?= /usr/local
# The installed binary: release, with Swift's runtime linked in, so that it runs on a machine
# with no Swift (it needs only libc, libstdc++, libcsv and libsqlite3, which Debian packages).
STATIC := .build-static
RELEASE := $(SWIFT) build -c release --static-swift-stdlib --scratch-path $(STATIC)
VERSION := $(shell sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/waitgap/Waitgap.swift)
ARCH := $(shell uname -m)

.PHONY: help deps build test test-install sample sample-history bench bench-instructions simulate fuzz lint format clean release install dist

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

deps: ## Install the system libraries and tools (Debian: libcsv-dev, libsqlite3-dev; pandoc, chromium, poppler-utils, librsvg2-bin and libreoffice-writer for the format tests)
	@if ! dpkg -s libcsv-dev libsqlite3-dev pandoc chromium poppler-utils librsvg2-bin libreoffice-writer >/dev/null 2>&1; then \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update && \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y libcsv-dev libsqlite3-dev pandoc chromium poppler-utils librsvg2-bin libreoffice-writer; fi

build: deps ## Build waitgap (debug)
	$(SWIFT) build

test: deps ## Run every test, then install into a temporary folder and run the installed binary from elsewhere
	$(SWIFT) test
	bash scripts/test-install.sh

release: deps ## Build the self-contained release binary, its man page and shell completions into .build-static/
	$(RELEASE) --product waitgap
	$(RELEASE) --product generate-manual
	rm -rf $(STATIC)/share && mkdir -p $(STATIC)/share/man/man1 $(STATIC)/share/completions
	$(STATIC)/release/generate-manual $(STATIC)/release/waitgap --date $$(git log -1 --format=%cs 2>/dev/null || date +%F) \
	  --authors "the waitgap contributors" -o $(STATIC)/share/man/man1
	for shell in bash zsh fish; do \
	  $(STATIC)/release/waitgap --generate-completion-script $$shell > $(STATIC)/share/completions/waitgap.$$shell; done

install: release ## Install waitgap, its man page and completions under PREFIX (default /usr/local; DESTDIR honoured)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 -s $(STATIC)/release/waitgap $(DESTDIR)$(PREFIX)/bin/waitgap
	install -m 0644 $(STATIC)/share/man/man1/waitgap.1 $(DESTDIR)$(PREFIX)/share/man/man1/waitgap.1
	install -m 0644 $(STATIC)/share/completions/waitgap.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/waitgap
	install -m 0644 $(STATIC)/share/completions/waitgap.zsh $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_waitgap
	install -m 0644 $(STATIC)/share/completions/waitgap.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/waitgap.fish

test-install: ## Install into a temporary folder and run the installed binary on the sample from an empty folder
	bash scripts/test-install.sh

dist: ## Write dist/waitgap-VERSION-linux-ARCH.tar.gz (the installed tree) and its SHA-256
	rm -rf $(STATIC)/dist-root && $(MAKE) install PREFIX=/ DESTDIR=$(CURDIR)/$(STATIC)/dist-root/waitgap-$(VERSION)
	cp README.md docs/operations.md $(STATIC)/dist-root/waitgap-$(VERSION)/
	mkdir -p dist && tar -C $(STATIC)/dist-root --owner=0 --group=0 --sort=name \
	  --mtime=$$(git log -1 --format=@%ct 2>/dev/null || echo @0) -czf dist/waitgap-$(VERSION)-linux-$(ARCH).tar.gz waitgap-$(VERSION)
	cd dist && sha256sum waitgap-$(VERSION)-linux-$(ARCH).tar.gz > waitgap-$(VERSION)-linux-$(ARCH).tar.gz.sha256
	@cat dist/waitgap-$(VERSION)-linux-$(ARCH).tar.gz.sha256

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
	.build/release/waitgap history import SampleData/history/months --history SampleData/history/waitgap.sqlite --private-dir SampleData/history/private
	.build/release/waitgap analyse SampleData/history/months/extract-2026-10-31.csv --out SampleData/history/Reports --history SampleData/history/waitgap.sqlite --trust-name "Example NHS Foundation Trust (synthetic data)"

bench: deps ## Benchmark 1M and 5M rows against cat, raw libcsv and DuckDB, the run history's costs, and the scorer's commands (see BENCHMARKS.md)
	bash scripts/bench.sh $(BENCH_DIR)
	bash scripts/bench-history.sh $(BENCH_DIR)
	bash scripts/bench-scorer.sh $(BENCH_DIR)

bench-instructions: deps ## Instructions and allocations a row of each hot-path stage beside raw libcsv (valgrind); fails 2% over scripts/bench-instructions.thresholds, RECORD=1 rewrites them
	RECORD=$(RECORD) bash scripts/bench-instructions.sh $(BENCH_DIR)

simulate: deps ## False findings on 200 packs with nothing planted (Holm on page one, BH in the tables); see BENCHMARKS.md
	WAITGAP_SIMULATIONS=200 $(SWIFT) test --filter FalseFindingTests 2>&1 | grep -E "false-finding simulation|passed|failed"

fuzz: deps ## Fuzz the reader and row decoder with libFuzzer for FUZZ_SECONDS (default 600)
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

lint: ## Check formatting with swift-format
	$(SWIFT) format lint --strict --recursive Sources Tests

format: ## Format the sources with swift-format
	$(SWIFT) format --in-place --recursive Sources Tests

clean: ## Remove build products and benchmark data
	rm -rf .build .build-* $(BENCH_DIR) fuzz-corpus dist
