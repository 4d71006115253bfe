#!/usr/bin/env bash
# metrics_promtool.sh PORTLAB SOURCE_DIR NAME SERIES: `portlab run
# scenarios/NAME.yaml --metrics FILE --metrics-final FILE --csv --nat-csv`,
# then
#   - the files equal tests/golden/metrics/NAME.prom (and NAME.om where
#     there is one) byte for byte;
#   - Debian's promtool (package prometheus) accepts the final figures
#     (`promtool check metrics`), loads the series into TSDB blocks
#     (`promtool tsdb create-blocks-from openmetrics`), and `promtool tsdb
#     dump` of them holds one sample per row of the run's CSV for SERIES
#     (`host=NAME`: node_sockstat_TCP_tw of that host against --csv's tcp
#     rows; `nat=NAME`: node_nf_conntrack_entries against --nat-csv), and as
#     many series and samples as the file has lines of samples.
# Without promtool prints "PORTLAB_SKIP: ..." after the golden comparison.
set -u
pl=$1 src=$2 name=$3 series=$4
cd "$src" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$pl" run "scenarios/$name.yaml" --metrics "$dir/m.om" --metrics-final "$dir/m.prom" \
  --csv "$dir/s.csv" --nat-csv "$dir/n.csv" >/dev/null || {
  echo "portlab run scenarios/$name.yaml --metrics: exit status $?"
  exit 1
}
for ext in prom om; do
  golden=tests/golden/metrics/$name.$ext
  [ -e "$golden" ] || continue
  tests/golden/normalise-provenance "$dir/m.$ext" >"$dir/normalised.$ext"
  if ! cmp -s "$golden" "$dir/normalised.$ext"; then
    echo "$golden differs (tools/update-goldens rewrites it):"
    diff -u "$golden" "$dir/normalised.$ext" | head -60
    exit 1
  fi
done
if ! command -v promtool >/dev/null; then
  echo "PORTLAB_SKIP: promtool is not installed (Debian package prometheus); the goldens matched"
  exit 0
fi
promtool check metrics <"$dir/m.prom" || { echo "promtool check metrics refused the final figures"; exit 1; }
promtool tsdb create-blocks-from openmetrics "$dir/m.om" "$dir/db" >/dev/null ||
  { echo "promtool tsdb create-blocks-from openmetrics refused $name's --metrics"; exit 1; }
mkdir -p "$dir/db/wal"  # tsdb dump opens the (empty) write-ahead log
promtool tsdb dump "$dir/db" >"$dir/dump" || { echo "promtool tsdb dump failed"; exit 1; }
samples=$(grep -vc '^#' "$dir/m.om")
dumped=$(wc -l <"$dir/dump")
if [ "$samples" -ne "$dumped" ]; then
  echo "the file has $samples samples, the blocks $dumped"
  exit 1
fi
kind=${series%%=*} who=${series#*=}
if [ "$kind" = host ]; then
  metric="node_sockstat_TCP_tw\", host=\"$who\"}"
  rows=$(awk -F, -v h="$who" '$2 == h && $3 == "tcp"' "$dir/s.csv" | wc -l)
else
  metric="node_nf_conntrack_entries\", nat=\"$who\"}"
  rows=$(awk -F, -v n="$who" '$2 == n' "$dir/n.csv" | wc -l)
fi
got=$(grep -cF "{__name__=\"$metric" "$dir/dump")
if [ "$rows" -eq 0 ] || [ "$got" -ne "$rows" ]; then
  echo "$series: $got samples in the blocks, $rows rows in the CSV"
  exit 1
fi
echo "$name: $dumped samples loaded, $got of $series (one per CSV row)"
