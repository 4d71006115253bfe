#!/usr/bin/env bash
# huge_pages.sh PORTLAB DIR: a run whose estimated state passes 2 GiB
# restarts on huge pages (src/cli/huge_pages.h) and prints the same as one
# that does not: the restart says so beside --peak-rss; a tunable the user
# set, a scenario on stdin or through a pipe, and a small run are left
# alone. Not under a sanitizer (its allocator ignores the tunable, and no
# restart is made): release-only.
set -u
pl=$(realpath "$1") dir=$(realpath "$2")
big=$dir/huge-estimate.yaml small=$dir/long-run.yaml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
if ! ldd "$pl" | grep -q libc.so.6; then echo "SKIP: not linked with glibc"; exit 0; fi

env -u GLIBC_TUNABLES "$pl" run "$big" --peak-rss --json "$out/on.json" >"$out/on.txt" || fail "run: exit $?"
tail -1 "$out/on.txt" | grep -q "(this process, its heap on huge pages)" || fail "no restart: $(tail -1 "$out/on.txt")"
grep -Eq '"huge_pages": ?true' "$out/on.json" || fail "the JSON's machine lacks huge_pages: true"

GLIBC_TUNABLES=glibc.malloc.hugetlb=0 "$pl" run "$big" --peak-rss --json "$out/off.json" >"$out/off.txt" ||
  fail "run with hugetlb=0: exit $?"
tail -1 "$out/off.txt" | grep -q "(this process)$" || fail "the user's hugetlb=0 overridden: $(tail -1 "$out/off.txt")"
"$pl" run - --peak-rss <"$big" >"$out/stdin.txt" || fail "run -: exit $?"
tail -1 "$out/stdin.txt" | grep -q "(this process)$" || fail "a scenario on stdin restarted: $(tail -1 "$out/stdin.txt")"
# A pipe (bash's <(...)) cannot be read twice either: before the fix, the
# restart read it empty.
env -u GLIBC_TUNABLES "$pl" run <(cat "$big") --peak-rss >"$out/pipe.txt" || fail "run <(...): exit $?"
tail -1 "$out/pipe.txt" | grep -q "(this process)$" || fail "a piped scenario restarted: $(tail -1 "$out/pipe.txt")"
env -u GLIBC_TUNABLES "$pl" run "$small" --peak-rss >"$out/small.txt" || fail "small run: exit $?"
tail -1 "$out/small.txt" | grep -q "(this process)$" || fail "a small run restarted: $(tail -1 "$out/small.txt")"

# Everything but the measured line is the same, byte for byte.
diff <(head -n -1 "$out/on.txt") <(head -n -1 "$out/off.txt") || fail "the summaries differ"
# (The JSON's provenance holds the command line: the same output name, from
# two directories.)
mkdir "$out/a" "$out/b"
(cd "$out/a" && env -u GLIBC_TUNABLES "$pl" run "$big" --json r.json >/dev/null) || fail "run --json: exit $?"
(cd "$out/b" && GLIBC_TUNABLES=glibc.malloc.hugetlb=0 "$pl" run "$big" --json r.json >/dev/null) || fail "run --json: exit $?"
cmp -s "$out/a/r.json" "$out/b/r.json" || fail "the JSON differs with and without huge pages"
echo "ok: restarted on huge pages past the estimate, alone otherwise; the same output"
