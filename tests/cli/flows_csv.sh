#!/usr/bin/env bash
# flows_csv.sh PORTLAB SOURCE_DIR NAME: `portlab run scenarios/NAME.yaml
# --flows FILE --json FILE`, then
#   - the CSV equals tests/golden/flows/NAME.csv byte for byte;
#   - Python's csv module (and pandas, where it is installed) loads it,
#     every row as wide as the header, and its counts agree with the run's
#     result: TCP connect() rows established = the connect steps' ok, rows
#     with an errno = their errors (flows_csv_check.py).
# Without python3 prints "PORTLAB_SKIP: ..." for the second half only.
set -u
pl=$1 src=$2 name=$3
cd "$src" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$pl" run "scenarios/$name.yaml" --flows "$dir/flows.csv" --json "$dir/run.json" >/dev/null || {
  echo "portlab run scenarios/$name.yaml --flows: exit status $?"
  exit 1
}
golden=tests/golden/flows/$name.csv
if ! cmp -s "$golden" "$dir/flows.csv"; then
  echo "$golden differs (tools/update-goldens rewrites it):"
  diff -u "$golden" "$dir/flows.csv" | head -100
  exit 1
fi
if ! command -v python3 >/dev/null; then
  echo "PORTLAB_SKIP: python3 is not installed; the golden matched"
  exit 0
fi
python3 "$(dirname "$0")/flows_csv_check.py" "$dir/flows.csv" "$dir/run.json"
