#!/usr/bin/env bash
# check.sh PORTLAB SOURCE_DIR NAME: the golden test of scenarios/NAME.yaml.
# Runs the real program from SOURCE_DIR with the relative path, exactly as
# tools/update-goldens does:
#   portlab run scenarios/NAME.yaml                  -> tests/golden/NAME.summary (stdout)
#   portlab run scenarios/NAME.yaml --json FILE      -> tests/golden/NAME.json
# Passes when both runs exit 0 (the scenario's expect: entries hold) and
# both outputs equal their golden files byte for byte, the JSON's version,
# commit and command replaced by placeholders (normalise-provenance, as
# tools/update-goldens writes it); otherwise prints what
# failed and a unified diff (golden first, this run second; its first 300
# lines).
#
# check.sh --stale SOURCE_DIR: passes when every tests/golden/*.summary and
# *.json belongs to a scenario in scenarios/.
set -u
if [ "${1:-}" = --stale ]; then
  cd "$2" || exit 2
  status=0
  for g in tests/golden/*.summary tests/golden/*.json; do
    [ -e "$g" ] || continue
    n=$(basename "$g"); n=${n%.*}
    if [ ! -e "scenarios/$n.yaml" ]; then
      echo "$g: no scenarios/$n.yaml (tools/update-goldens removes it)"
      status=1
    fi
  done
  exit $status
fi

pl=$1 src=$2 name=$3
cd "$src" || exit 2
scenario=scenarios/$name.yaml
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

status=0
"$pl" run "$scenario" >"$dir/summary" 2>"$dir/stderr"
rc=$?
"$pl" run "$scenario" --json "$dir/json.raw" >/dev/null 2>>"$dir/stderr"
rc_json=$?
[ -f "$dir/json.raw" ] && "$(dirname "$0")/normalise-provenance" "$dir/json.raw" >"$dir/json"
if [ "$rc" -ne 0 ] || [ "$rc_json" -ne 0 ]; then
  echo "portlab run $scenario: exit status $rc (with --json: $rc_json), expected 0"
  cat "$dir/stderr"
  status=1
fi

for kind in summary json; do
  golden=tests/golden/$name.$kind
  if [ ! -f "$golden" ]; then
    echo "$golden is missing: write it with tools/update-goldens"
    status=1
    continue
  fi
  if [ "$kind" = json ] && [ ! -f "$dir/json" ]; then
    echo "portlab run $scenario --json FILE wrote no file"
    status=1
    continue
  fi
  if ! cmp -s "$golden" "$dir/$kind"; then
    label="portlab run $scenario"
    [ "$kind" = json ] && label="$label --json FILE"
    echo "$kind differs from $golden:"
    # Some goldens are large (a port per line): show the diff's first lines.
    diff -u --label "$golden" --label "$label" "$golden" "$dir/$kind" >"$dir/diff"
    lines=$(wc -l <"$dir/diff")
    head -n 300 "$dir/diff"
    [ "$lines" -gt 300 ] && echo "... ($((lines - 300)) more lines of diff)"
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  echo
  echo "If the change is intended: tools/update-goldens PORTLAB, and review git diff tests/golden/"
else
  echo "$scenario: exit 0, summary and JSON equal tests/golden/$name.{summary,json}"
fi
exit $status
