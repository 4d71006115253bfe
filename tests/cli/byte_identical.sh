#!/usr/bin/env bash
# byte_identical.sh PORTLAB SCENARIO: the promise that the same scenario and
# seed give byte-identical output, as a user sees it: `portlab run` twice,
# summary and JSON compared byte for byte.
set -u
pl=$1 scenario=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for i in 1 2; do
  "$pl" run "$scenario" --trace --json "$dir/run$i.json" >"$dir/run$i.txt" 2>&1
  echo $? >"$dir/rc$i"
done
for f in rc run.json run.txt; do
  a="$dir/${f/run/run1}" b="$dir/${f/run/run2}"
  [ "$f" = rc ] && a="$dir/rc1" b="$dir/rc2"
  if ! cmp -s "$a" "$b"; then
    echo "the two runs differ in $f:"
    diff "$a" "$b" | head -20
    exit 1
  fi
done
echo "byte-identical"
