#!/usr/bin/env bash
# byte_identical.sh PORTLAB SCENARIO: the promise that the same scenario and
# seed give byte-identical output, as a user sees it: `portlab run` twice,
# summary and JSON compared byte for byte.
set -u
pl=$1 scenario=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The same command twice (the JSON's provenance holds it): from two
# directories, with the same relative output name.
for i in 1 2; do
  mkdir "$dir/$i"
  (cd "$dir/$i" && "$pl" run "$scenario" --trace --json run.json >"$dir/run$i.txt" 2>&1)
  echo $? >"$dir/rc$i"
  mv "$dir/$i/run.json" "$dir/run$i.json" 2>/dev/null
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
