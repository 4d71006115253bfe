#!/usr/bin/env bash
# mermaid_golden.sh PORTLAB SOURCE_DIR NAME: `portlab run scenarios/NAME.yaml
# --mermaid -` (from SOURCE_DIR, as tools/update-goldens runs it) must equal
# tests/golden/mermaid/NAME.mmd byte for byte; prints a unified diff if not.
set -u
pl=$1 src=$2 name=$3
cd "$src" || exit 2
golden=tests/golden/mermaid/$name.mmd
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$pl" run "scenarios/$name.yaml" --mermaid - >"$out.raw"
rc=$?
tests/golden/normalise-provenance "$out.raw" >"$out"; rm -f "$out.raw"
if [ $rc -ne 0 ]; then echo "portlab run scenarios/$name.yaml --mermaid - exited $rc"; exit 1; fi
if ! diff -u "$golden" "$out" | head -200; then :; fi
cmp -s "$golden" "$out"
