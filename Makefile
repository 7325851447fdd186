# Fugong: the two commands a person needs are `make run` and `make check`.
# Everything else here is what those two are made of.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DB         ?= var/fugong.db
LISTEN     ?= 127.0.0.1:8080
# Pass issuers the demo gets keys for (the root key is always made).
DEMO_PROVINCES = --province 330000 --province 310000 --province 320000 --province 440000 \
                 --province 110000
# The algorithm of the keys `make run` makes when there are none: EdDSA (Ed25519), or
# SM2 (SM2 with SM3, national cryptography): make run KEY_ALG=SM2.
KEY_ALG   ?= EdDSA

.PHONY: all build web run check bench bench-writes scale soak fuzz lint format clean cluster cluster-stop cluster-status cluster-test

all: build web

# Release-ish build of the binary (no test programs, so no test libraries needed).
build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFG_TESTS=OFF >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# The browser application, built by Vite into web/dist (served by fugong serve).
web:
	cd web && npx vite build --logLevel warn

# Installs what is missing, builds, loads the demo on first start, serves.
run:
	scripts/deps.sh run
	$(MAKE) --no-print-directory build web
	mkdir -p var
	$(BUILD)/fugong keys init --keys var/keys --alg $(KEY_ALG) $(DEMO_PROVINCES)
	$(BUILD)/fugong demo --db $(DB) --keys var/keys
	@echo
	@echo "Fugong is serving on http://$(LISTEN)  (Ctrl-C stops it)"
	$(BUILD)/fugong serve --db $(DB) --listen $(LISTEN) --web web/dist --keys var/keys

# Installs what is missing, builds with warnings as errors, runs every suite.
check:
	scripts/deps.sh check
	scripts/check.sh

# Benchmarks, each figure beside its baseline measured in the same run.
bench:
	scripts/deps.sh bench
	scripts/bench.sh

# Write throughput on PostgreSQL (issue 17): enterprises created over HTTP by 8
# writers on one server, then on two servers sharing the database, then 16
# writers with pg_stat_activity sampled every 100 ms for the lock waits; beside
# pgbench inserting the same rows (scripts/bench-writes.sh, WRITES_SECONDS).
bench-writes:
	scripts/deps.sh scale
	BUILD=$(BUILD) scripts/bench-writes.sh

# Cost as the data grow (issue 17): the same workload on `fugong gen` data at
# 1x, 4x and 16x of SCALE_BASE (default 0.05, i.e. 5,000 enterprises; 1 is the
# issue's 100,000): p50/p99 of each operation, its growth, MB per 1,000
# enterprises (scripts/scale.sh). About 10-20 minutes on two cores.
scale:
	scripts/deps.sh scale
	$(MAKE) --no-print-directory build
	BUILD=$(BUILD) scripts/scale.sh

# One server on a fresh demo database under a wrk mix of reads and writes for
# SOAK_SECONDS (default 600): 0 errors, resident memory flat after the first
# minute (growth under 5 %), p50/p99 latency (scripts/soak.sh).
soak:
	scripts/deps.sh soak
	BUILD=$(BUILD) scripts/soak.sh

# High availability on one machine over loopback (scripts/cluster.sh, docs/deploy.md): a
# three-member etcd, three PostgreSQL under Patroni with synchronous replication, HAProxy
# routing to the primary, two fugong servers behind it; state in var/cluster
# (CLUSTER_DIR). It stays up: make cluster-status shows it, make cluster-stop removes it.
cluster:
	scripts/deps.sh cluster
	$(MAKE) --no-print-directory build
	FUGONG_BIN=$(BUILD)/fugong scripts/cluster.sh start

cluster-status:
	scripts/cluster.sh status

cluster-stop:
	scripts/cluster.sh stop

# The failover test on a cluster of its own (tests/cluster/): three kill -9 of the primary
# and a switchover under a write load; prints the seconds without a primary, the writes
# acknowledged and the writes lost (0). Two to three minutes; make check runs it too.
cluster-test:
	scripts/deps.sh cluster
	$(MAKE) --no-print-directory build
	FUGONG_BIN=$(CURDIR)/$(BUILD)/fugong node --test tests/cluster/

# Every libFuzzer target for FUZZ_SECONDS each (scripts/fuzz.sh; `make check`
# runs them for 140 s in all, a target per core at a time). FUZZ_TARGETS="fuzz_api ..." picks some.
FUZZ_SECONDS ?= 300
fuzz:
	FUZZ_EACH=$(FUZZ_SECONDS) scripts/fuzz.sh

# Layout, banned calls and the source checks of scripts/ (what check.sh runs first).
lint:
	scripts/format.sh --check
	scripts/banned.sh
	node scripts/i18n-lint.mjs
	node scripts/vocab-lint.mjs
	node scripts/i18n-keys.mjs
	node scripts/problem-lint.mjs
	node scripts/sql-binds.mjs
	node scripts/stmt-cache.mjs
	node scripts/template-lint.mjs

# Rewrites the C sources of src/ and tests/ to the committed .clang-format.
format:
	scripts/format.sh --fix

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-check build-bench build-fuzz test-output web/dist
