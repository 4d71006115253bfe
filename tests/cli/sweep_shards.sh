#!/usr/bin/env bash
# sweep_shards.sh PORTLAB SCENARIO: a sweep run as 4 shards through GNU
# parallel (2 at a time, each with 2 threads), the shards' CSVs concatenated
# in shard order, equals the same sweep run unsharded with 1 thread, byte
# for byte; the unsharded sweep with 2 threads equals it too; and
# `portlab summarize` of the concatenated shards prints the unsharded
# sweep's statistics, and writes its --summary CSV byte for byte.
# sweep_shards.sh PORTLAB SCENARIO --set KEY=VALUES: that axis instead of
# the range and the OS (for a scenario with workloads).
set -eu
portlab=$1 scenario=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ $# -gt 0 ]; then
  sweep=(sweep "$scenario" "$@" --seeds 3)
else
  sweep=(sweep "$scenario" --set "hosts.client.sysctl.ip_local_port_range=40000 40031,40000 40063,40000 40099"
         --set hosts.client.os=linux,linux-2.6 --seeds 3)
fi

"$portlab" "${sweep[@]}" --jobs 1 --csv "$dir/whole.csv" --summary "$dir/whole-summary.csv" >"$dir/whole.txt"
"$portlab" "${sweep[@]}" --jobs 2 --csv "$dir/jobs2.csv" >/dev/null
parallel --will-cite -q -j 2 "$portlab" "${sweep[@]}" --jobs 2 --shard {}/4 --csv "$dir/shard{}.csv" ::: 1 2 3 4 >/dev/null
cat "$dir"/shard1.csv "$dir"/shard2.csv "$dir"/shard3.csv "$dir"/shard4.csv >"$dir/sharded.csv"

rows=$(wc -l <"$dir/whole.csv")
runs=$(head -1 "$dir/whole.txt" | sed -n 's/.* = \([0-9]*\) runs$/\1/p')
if [ $# -eq 0 ] && [ "$runs" -ne 18 ]; then echo "expected 18 runs (6 grid points x 3 seeds), got $runs"; exit 1; fi
if [ "$rows" -ne $((runs + 1)) ]; then
  echo "expected a header and $runs rows, got $rows lines"; exit 1
fi
for f in shard2 shard3 shard4; do
  if head -1 "$dir/$f.csv" | grep -q '^run,'; then echo "$f.csv has a header; only shard 1 writes one"; exit 1; fi
done
cmp "$dir/whole.csv" "$dir/jobs2.csv" || { echo "--jobs 2 differs from --jobs 1"; exit 1; }
cmp "$dir/whole.csv" "$dir/sharded.csv" || { echo "4 shards concatenated differ from the unsharded sweep"; diff "$dir/whole.csv" "$dir/sharded.csv" | head; exit 1; }
"$portlab" summarize "$dir/sharded.csv" --summary "$dir/summarized.csv" >"$dir/summarized.txt"
if ! cmp <(tail -n +2 "$dir/whole.txt") <(tail -n +2 "$dir/summarized.txt"); then
  echo "portlab summarize of the shards differs from the unsharded summary"
  diff "$dir/whole.txt" "$dir/summarized.txt" | head; exit 1
fi
if ! cmp "$dir/whole-summary.csv" "$dir/summarized.csv"; then
  echo "portlab summarize --summary of the shards differs from the unsharded sweep's --summary"
  diff "$dir/whole-summary.csv" "$dir/summarized.csv" | head; exit 1
fi
echo "4 shards through GNU parallel = 1 unsharded run ($rows lines), and the same statistics"
