#!/usr/bin/env bash
# consumer.sh BUILD_DIR SOURCE_DIR CXX_FLAGS LINKER_FLAGS: a project outside
# portlab (tests/install/consumer) builds against a fresh `cmake --install`
# prefix, through find_package(portlab) and through pkg-config, and runs a
# scenario with the library. The flags are the build's own (an ASan build's
# libraries need ASan in the program that links them).
set -euo pipefail
build=$1 source=$2 cxx_flags=$3 linker_flags=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "consumer: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" > /dev/null
cmake -S "$source/tests/install/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_FLAGS="$cxx_flags" \
      -DCMAKE_EXE_LINKER_FLAGS="$linker_flags" > "$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "find_package(portlab) failed"; }
cmake --build "$work/build" > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the consumer does not build"; }
out=$("$work/build/consumer")
[ "$out" = "connect ok 3 of 3" ] || fail "the consumer printed: $out"

# pkg-config: the same program, compiled and linked with what portlab.pc says.
if ! command -v pkg-config > /dev/null; then
  echo "PORTLAB_SKIP: pkg-config is not installed (Debian package pkgconf); find_package passed"
  exit 0
fi
pc=$(dirname "$(find "$work/prefix" -name portlab.pc)")
# shellcheck disable=SC2046
g++ $cxx_flags -o "$work/pc-consumer" "$source/tests/install/consumer/main.cc" \
    $(PKG_CONFIG_PATH="$pc" pkg-config --cflags --libs portlab) $linker_flags ||
  fail "the consumer does not build with pkg-config --cflags --libs portlab"
out=$("$work/pc-consumer")
[ "$out" = "connect ok 3 of 3" ] || fail "the pkg-config consumer printed: $out"
echo "built and ran against $work/prefix"
