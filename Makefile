# The README's two commands. Each installs what it needs, builds, and runs.
#   make run    build (release) and run the default scenario with its trace
#   make test   build (release, with the tests) and run the whole test suite
#   make asan   build and run the suite under AddressSanitizer + UBSan
#   make bench  build (release, with the benches) and run every bench
#   make fuzz   build the libFuzzer harnesses (clang) and run each for
#               FUZZ_SECONDS (default 60); a crash fails it (docs/DEVELOPING.md)
#   make install [PREFIX=/usr/local]   build and install (README, "Installing")
JOBS ?= 2
SCENARIO ?= scenarios/web-browsing.yaml
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60
# ctest runs one test more than JOBS at once: the kernel differential tests
# spend their time waiting on the kernel's timers (routing's: 44 s, 0.5 s of
# CPU), and a core they leave idle takes the next test.
TEST_JOBS ?= $(shell echo $$(($(JOBS) + 1)))

.PHONY: deps dev-deps build build-all run test asan bench fuzz install clean

deps:
	@tools/install-deps

dev-deps:
	@tools/install-deps --dev

# The release build is profile-guided: tools/pgo-train builds an instrumented
# portlab and runs the training scenarios first (bench/README.md). `build`
# makes the program only; `build-all` the tests and benches too.
build: deps
	tools/pgo-train
	cmake --preset release -DPORTLAB_BUILD_TESTS=OFF -DPORTLAB_BUILD_BENCH=OFF >/dev/null
	cmake --build --preset release -j $(JOBS)

build-all: dev-deps
	tools/pgo-train
	cmake --preset release -DPORTLAB_BUILD_TESTS=ON -DPORTLAB_BUILD_BENCH=ON >/dev/null
	cmake --build --preset release -j $(JOBS)

run: build
	build/release/portlab run $(SCENARIO) --trace

test: build-all
	ctest --preset release -j $(TEST_JOBS)

asan: dev-deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(TEST_JOBS)

bench: build-all
	@for b in build/release/bench/*_bench; do echo "== $$b"; $$b; done

# The fuzz preset builds the harnesses and the areas they link, nothing
# else; tools/run-fuzzers runs JOBS of them at once.
fuzz: dev-deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(JOBS) tools/run-fuzzers

install: build
	cmake --install build/release --prefix $(PREFIX)

clean:
	rm -rf build
