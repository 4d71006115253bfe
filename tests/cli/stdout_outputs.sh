#!/usr/bin/env bash
# stdout_outputs.sh PORTLAB SCENARIO: every output lands where it was asked
# to go, or the command says it could not.
#   - A full stdout (/dev/full) is exit status 2 with "stdout: cannot write",
#     for every command that prints, never 0 with the output lost.
#   - "-" sends one output to stdout in place of the summary (run's --json,
#     --csv, --nat-csv, --report, --pcap; sweep's --csv and --summary;
#     summarize's --summary), never to a file named "-"; two outputs asking
#     for stdout are refused (exit 2).
#   - "-" as the scenario reads it from stdin, named "(stdin)" in messages.
set -u
pl=$1 scenario=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

for cmd in "run $scenario" "run $scenario --json -" "table $scenario --at 2s" "validate $scenario" \
           "list" "nat-probe --profile rfc-recommended" "strategies --churn 100 --seeds 2" \
           "sweep $scenario --seeds 2 --csv -" "sweep $scenario --seeds 2 --csv runs.csv"; do
  # shellcheck disable=SC2086
  "$pl" $cmd >/dev/full 2>err
  rc=$?
  [ "$rc" -eq 2 ] || fail "portlab $cmd > /dev/full: exit status $rc, expected 2"
  grep -q "stdout: cannot write" err || fail "portlab $cmd > /dev/full said: $(cat err)"
done

"$pl" run "$scenario" --csv - >csv.out 2>err || fail "run --csv - failed: $(cat err)"
head -1 csv.out | grep -q '^time_s,host,proto,' || fail "run --csv - printed: $(head -2 csv.out)"
grep -q "^expectations" csv.out && fail "run --csv - printed the summary too"
"$pl" run "$scenario" --nat-csv - >nat.out 2>err || fail "run --nat-csv - failed: $(cat err)"
head -1 nat.out | grep -q '^time_s,nat,' || fail "run --nat-csv - printed: $(head -2 nat.out)"
"$pl" run "$scenario" --report - >report.out 2>err || fail "run --report - failed: $(cat err)"
head -1 report.out | grep -q '<!DOCTYPE html>' || fail "run --report - printed: $(head -2 report.out)"
"$pl" run "$scenario" --pcap - >capture.out 2>err || fail "run --pcap - failed: $(cat err)"
"$pl" run "$scenario" --pcap file.pcap >/dev/null 2>err || fail "run --pcap file.pcap failed: $(cat err)"
cmp -s capture.out file.pcap || fail "run --pcap - wrote other bytes than --pcap FILE"
# The JSON still goes to its file when another output has stdout.
"$pl" run "$scenario" --pcap - --json run.json >/dev/null 2>err || fail "run --pcap - --json FILE failed"
grep -q '"scenario"' run.json || fail "run --pcap - --json FILE wrote no JSON"
# The trace moves to stderr then.
"$pl" run "$scenario" --csv - --trace >csv2.out 2>trace.err || fail "run --csv - --trace failed"
cmp -s csv.out csv2.out || fail "run --csv - --trace put something else on stdout"
grep -q "state" trace.err || fail "run --csv - --trace: no trace on stderr"
[ -e ./- ] && fail "a file named '-' was made"

"$pl" run "$scenario" --json - --pcap - >/dev/null 2>err
rc=$?
[ "$rc" -eq 2 ] || fail "two outputs to stdout: exit status $rc, expected 2"
grep -q "only one output can go to stdout" err || fail "two outputs to stdout said: $(cat err)"

"$pl" sweep "$scenario" --seeds 2 --csv runs.csv --summary - >summary.out 2>err || fail "sweep --summary - failed: $(cat err)"
head -1 summary.out | grep -q '^point,figure,' || fail "sweep --summary - printed: $(head -2 summary.out)"
"$pl" summarize runs.csv --summary - >summary2.out 2>err || fail "summarize --summary - failed: $(cat err)"
head -1 summary2.out | grep -q '^point,figure,' || fail "summarize --summary - printed: $(head -2 summary2.out)"
"$pl" sweep "$scenario" --seeds 2 --csv - --summary - >/dev/null 2>err
[ $? -eq 2 ] || fail "sweep with --csv - and --summary -: not refused"
[ -e ./- ] && fail "a file named '-' was made"
"$pl" run "$scenario" >by-name.out 2>&1
"$pl" run - <"$scenario" >by-stdin.out 2>&1 || fail "run - < scenario failed: $(cat by-stdin.out)"
cmp -s by-name.out by-stdin.out || fail "run - < scenario printed something else than run scenario"
printf 'name: x\nhosts: {a: {adress: 10.0.0.1}}\n' | "$pl" validate - >/dev/null 2>err
[ $? -eq 2 ] || fail "validate - of a bad scenario: not exit 2"
grep -q '^(stdin):2:13: unknown key "adress"' err || fail "validate - said: $(cat err)"
echo "every output where it was asked to go"
