# The README's two commands. Each installs what it needs, builds, and runs.
#   make run    build (release) and run the default scenario with its trace
#   make test   build (release) and run the whole test suite
#   make asan   build and run the suite under AddressSanitizer + UBSan
JOBS ?= 2
SCENARIO ?= scenarios/web-browsing.yaml

.PHONY: deps build run test asan bench clean

deps:
	@tools/install-deps

# The release build is profile-guided: tools/pgo-train builds an instrumented
# portlab and runs the training scenarios first (bench/README.md).
build: deps
	tools/pgo-train
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

run: build
	build/release/portlab run $(SCENARIO) --trace

test: build
	ctest --preset release -j $(JOBS)

asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

bench: build
	@for b in build/release/bench/*_bench; do echo "== $$b"; $$b; done

clean:
	rm -rf build
