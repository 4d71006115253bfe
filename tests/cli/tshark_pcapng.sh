#!/usr/bin/env bash
# tshark_pcapng.sh PORTLAB SOURCE_DIR NAME [UNTIL]: the pcapng capture of
# scenarios/NAME.yaml (`portlab run --pcap NAME.pcapng`) as tshark and
# capinfos read it (report/pcapng_capture.h). With UNTIL, the run stops
# there (`--until`): a scenario of millions of packets is checked on its
# first thousands (tests/CMakeLists.txt says which).
#
# Fails unless:
#   - tshark reads the file without an error and capinfos calls it pcapng
#     of raw IP with nanosecond timestamps;
#   - capinfos lists an interface named after every host of the run and
#     NAT-inside and NAT-outside for every NAT (the run's --json names them);
#   - every demux line of the run's --trace is a "demux: ..." packet comment
#     (`tshark -T fields -e frame.comment`), as many of one as of the other,
#     and so is every mux line that put a packet on an interface (a mux line
#     whose segment its own firewall dropped has no packet: no comment);
#   - the section header names portlab and holds the provenance JSON with
#     the scenario's SHA-256 (capinfos' "Capture application", "Capture
#     comment");
#   - the same run writes the same bytes twice.
#
# Where tshark is missing, prints "PORTLAB_SKIP: ..." and exits 0; ctest
# reports it skipped (tools/install-deps installs tshark).
set -u
pl=$1 src=$2 name=$3
until=()
[ -n "${4:-}" ] && until=(--until "$4")
if ! command -v tshark >/dev/null 2>&1 || ! command -v capinfos >/dev/null 2>&1; then
  echo "PORTLAB_SKIP: tshark is not installed (tools/install-deps installs it)"
  exit 0
fi
cd "$src" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cap=$dir/$name.pcapng
if ! "$pl" run "scenarios/$name.yaml" "${until[@]}" --pcap "$cap" --json "$dir/run.json" --trace >"$dir/trace" 2>"$dir/stderr"; then
  if [ ! -s "$cap" ]; then
    echo "portlab run scenarios/$name.yaml --pcap failed:"
    cat "$dir/stderr"
    exit 1
  fi
fi
status=0
fail() {
  echo "scenarios/$name.yaml: $*"
  status=1
}
# tshark warns on stderr when it runs as root; nothing else is expected there.
if ! tshark -n -r "$cap" -T fields -e frame.interface_name -e frame.comment >"$dir/fields" 2>"$dir/tshark.err" ||
  grep -v '^Running as user' "$dir/tshark.err" | grep -q .; then
  fail "tshark could not read the capture:"
  cat "$dir/tshark.err"
fi
capinfos "$cap" >"$dir/capinfos" 2>&1 || fail "capinfos could not read the capture: $(cat "$dir/capinfos")"
grep -q 'File type: *Wireshark/... - pcapng' "$dir/capinfos" || fail "capinfos does not call it pcapng"
# The run's hosts and NATs: the keys of --json's "hosts" and "nat" (none
# for a scenario of analysis alone: an empty capture).
wanted=$(awk '/^  "[^"]*": /{top=$1} /^    "[^"]*": \{/{k=$1; gsub(/[":]/,"",k);
  if (top=="\"hosts\":") print k; if (top=="\"nat\":") {print k "-inside"; print k "-outside"}}' "$dir/run.json")
if [ -n "$wanted" ]; then
  grep -q 'File encapsulation: *Raw IP' "$dir/capinfos" || fail "capinfos does not call it raw IP"
  grep -q 'File timestamp precision: *nanoseconds' "$dir/capinfos" || fail "capinfos does not see nanoseconds"
fi
for iface in $wanted; do
  grep -q "^ *Name = $iface\$" "$dir/capinfos" || fail "no interface named $iface (capinfos)"
done
# Decisions as comments: as many as the trace's lines.
count() { grep -o "$1" "$2" | wc -l; }
trace_demux=$(grep -cE '^(#[0-9]+ +)? *[0-9.]+ +[^ ]+ +demux ' "$dir/trace")
comment_demux=$(count 'demux: ' "$dir/fields")
[ "$trace_demux" -eq "$comment_demux" ] ||
  fail "$trace_demux demux lines in the trace, $comment_demux \"demux: \" comments in the capture"
trace_mux=$(grep -cE '^(#[0-9]+ +)? *[0-9.]+ +[^ ]+ +mux ' "$dir/trace")
output_drops=$(grep -cE '^(#[0-9]+ +)? *[0-9.]+ +[^ ]+ +drop .*(dropped|rejected) \(rule' "$dir/trace")
comment_mux=$(count '\bmux: ' "$dir/fields")
[ "$comment_mux" -le "$trace_mux" ] && [ "$comment_mux" -ge $((trace_mux - output_drops)) ] ||
  fail "$trace_mux mux lines in the trace ($output_drops dropped by a firewall), $comment_mux \"mux: \" comments in the capture"
# The section header's provenance (report/provenance.h), as capinfos shows it.
grep -qE '^Capture application: +portlab [^ ]+ \(commit [^)]+\)$' "$dir/capinfos" ||
  fail "capinfos shows no \"Capture application: portlab VERSION (commit COMMIT)\""
grep -qF "Capture comment:     {\"portlab\":{\"version\":" "$dir/capinfos" ||
  fail "capinfos shows no capture comment with the provenance JSON"
grep -qF "\"scenario_sha256\":\"$(sha256sum <"scenarios/$name.yaml" | cut -d' ' -f1)\"" "$dir/capinfos" ||
  fail "the capture comment does not hold the scenario's SHA-256"
# The same command twice (the provenance holds the command): the same bytes.
for run in once again; do
  "$pl" run "scenarios/$name.yaml" "${until[@]}" --pcap - --pcap-format pcapng >"$dir/$run.pcapng" 2>/dev/null
done
cmp -s "$dir/once.pcapng" "$dir/again.pcapng" || fail "two runs wrote different captures"
if [ "$status" -ne 0 ]; then
  echo "--- capinfos:"
  grep -E 'Number of|Name =' "$dir/capinfos"
  echo "--- tshark -T fields -e frame.interface_name -e frame.comment (first 40):"
  head -40 "$dir/fields"
fi
exit $status
