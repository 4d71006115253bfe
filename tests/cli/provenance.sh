#!/usr/bin/env bash
# provenance.sh PORTLAB SOURCE_DIR: every output carries its provenance
# (report/provenance.h; README.md, "Outputs"): this build's version and
# commit, the format, the scenario's SHA-256 (of the bytes read, stdin
# included), the seed and the command as given.
#   run --json (stdin, --set), --csv, --nat-csv, --flows, --pcap (classic:
#   sidecars; "-": none), --report (<meta> and footer), --mermaid (a
#   comment), --metrics / --metrics-final (portlab_build_info);
#   headroom --json; sweep --csv / --summary (sidecars, the first seed);
#   summarize --summary, strategies --csv / --per-seed-csv, grade --csv
#   (sidecars, no scenario); exercise (sheet, Markdown, key sidecar);
#   import (a YAML comment, and the scenario still loads).
set -u
pl=$1 src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
status=0
fail() { echo "FAIL: $*"; status=1; }
read -r _ version _ commit <<<"$("$pl" --version)"
commit=${commit%)}
[ -n "$version" ] && [ -n "$commit" ] || fail "portlab --version says no version and commit"
stamp="portlab $version (commit $commit)"

nat=$src/scenarios/nat-textbook.yaml
sha=$(sha256sum <"$nat" | cut -d' ' -f1)

# has FILE TEXT: FILE holds TEXT (fixed string).
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
# sidecar FILE FORMAT SHA SEED: FILE.provenance.json is the provenance.
sidecar() {
  local f=$1.provenance.json
  [ -f "$f" ] || { fail "no $f beside $1"; return; }
  has "$f" "\"version\": \"$version\""
  has "$f" "\"commit\": \"$commit\""
  has "$f" "\"format\": $2,"
  if [ "$3" = null ]; then has "$f" '"scenario_sha256": null,'; else has "$f" "\"scenario_sha256\": \"$3\","; fi
  has "$f" "\"seed\": $4,"
  has "$f" '"command": ['
}

# run: every output, one command; the scenario from stdin.
"$pl" run - --seed 11 --set nats.home.profile=symmetric --json run.json --csv s.csv --nat-csv n.csv \
  --flows flows.csv --pcap run.pcap --report run.html --mermaid run.mmd --metrics m.om \
  --metrics-final m.prom <"$nat" >/dev/null || fail "portlab run - with every output exited $?"
has run.json "\"scenario_sha256\": \"$sha\","
has run.json '"seed": 11,'
has run.json '"format": 2,'
tr -d ' \n' <run.json | grep -qF '"command":["portlab","run","-","--seed","11","--set","nats.home.profile=symmetric","--json","run.json",' ||
  fail "run.json's command is not the command line as given"
[ "$(head -c 14 run.json | tr -d ' \n')" = '{"portlab":' ] || fail "\"portlab\" is not run.json's first key"
for f in s.csv n.csv flows.csv; do sidecar "$f" 1 "$sha" 11; done
sidecar run.pcap 1 "$sha" 11
has run.html "<meta name=\"generator\" content=\"$stamp\">"
has run.html "<meta name=\"portlab:scenario_sha256\" content=\"$sha\">"
has run.html '<meta name="portlab:seed" content="11">'
has run.html "<footer class=\"provenance\"><p>$stamp, format 1, scenario sha256 $sha, seed 11, command: portlab run - --seed 11"
grep -q "^%% $stamp, format 1, scenario sha256 $sha, seed 11, command: portlab run - " run.mmd ||
  fail "run.mmd has no provenance comment"
for f in m.om m.prom; do
  has "$f" "portlab_build_info{version=\"$version\",commit=\"$commit\",format=\"1\",scenario_sha256=\"$sha\",seed=\"11\",command=\"portlab run - --seed 11 "
done
# --pcap-dir: each capture's section header holds the provenance (tshark_pcapng.sh reads --pcap's with capinfos).
"$pl" run "$nat" --until 1s --pcap-dir caps >/dev/null  # exit 1: expectations cut short by --until
[ -n "$(ls caps/*.pcapng 2>/dev/null)" ] || fail "run --pcap-dir wrote no capture"
for f in caps/*.pcapng; do
  grep -qaF "$stamp" "$f" || fail "$f's section header does not name $stamp"
  grep -qaF "{\"portlab\":{\"version\":\"$version\",\"commit\":\"$commit\",\"format\":1,\"scenario_sha256\":\"$sha\"" "$f" ||
    fail "$f's section header holds no provenance comment"
done
# "-" (stdout): no sidecar named "-".
"$pl" run "$nat" --csv - >/dev/null || fail "run --csv - exited $?"
[ ! -e ./-.provenance.json ] || fail "--csv - wrote a sidecar named -.provenance.json"
# Not a regular file: no sidecar (none in /dev).
"$pl" run "$nat" --csv /dev/null --flows >(cat >/dev/null) >/dev/null || fail "run --csv /dev/null exited $?"
[ ! -e /dev/null.provenance.json ] || fail "--csv /dev/null wrote /dev/null.provenance.json"

# A file named on the command line hashes to the same bytes as stdin.
"$pl" run "$nat" --json byname.json >/dev/null
has byname.json "\"scenario_sha256\": \"$sha\","

# headroom
ex=$src/scenarios/exhaustion-linux.yaml
ex_sha=$(sha256sum <"$ex" | cut -d' ' -f1)
"$pl" headroom "$ex" --no-check --json h.json >/dev/null || fail "headroom --json exited $?"
has h.json "\"scenario_sha256\": \"$ex_sha\","
has h.json '"format": 1,'

# sweep, summarize
sw=$src/tests/cli/sweep-workload.yaml
sw_sha=$(sha256sum <"$sw" | cut -d' ' -f1)
"$pl" sweep "$sw" --seeds 2 --seed 5 --jobs 1 --progress none --csv runs.csv --summary sum.csv >/dev/null ||
  fail "sweep exited $?"
sidecar runs.csv 1 "$sw_sha" 5
sidecar sum.csv 1 "$sw_sha" 5
"$pl" summarize runs.csv --summary again.csv >/dev/null || fail "summarize exited $?"
sidecar again.csv 1 null null

# strategies
"$pl" strategies --strategy sequential --axis cost --seeds 2 --seed 3 --csv st.csv --per-seed-csv ps.csv >/dev/null ||
  fail "strategies exited $?"
sidecar st.csv 1 null 3
sidecar ps.csv 1 null 3

# exercise, grade
ct=$src/scenarios/closed-ports.yaml
ct_sha=$(sha256sum <"$ct" | cut -d' ' -f1)
"$pl" exercise "$ct" --seed 2 --out ex >/dev/null || fail "exercise exited $?"
has ex/closed-ports-seed2.html "<meta name=\"portlab:scenario_sha256\" content=\"$ct_sha\">"
has ex/closed-ports-seed2.html "<footer class=\"provenance\"><p>$stamp, format 1, scenario sha256 $ct_sha, seed 2,"
head -1 ex/closed-ports-seed2.md | grep -q "^<!-- $stamp, format 1, scenario sha256 $ct_sha, seed 2, command: .* -->$" ||
  fail "the Markdown sheet's first line is not its provenance comment"
sidecar ex/closed-ports-seed2-key.csv 1 "$ct_sha" 2
printf 'student,question,answer\n' >answers.csv
"$pl" grade ex/closed-ports-seed2-key.csv answers.csv --csv scores.csv >/dev/null || fail "grade exited $?"
sidecar scores.csv 1 null null

# import: a YAML comment first, and the scenario loads.
printf 'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\ntcp ESTAB 0 0 10.0.0.1:40000 10.0.0.2:80\n' >ss.txt
"$pl" import ss.txt --output imported.yaml 2>/dev/null || fail "import exited $?"
head -1 imported.yaml | grep -q "^# $stamp, format 1, command: portlab import ss.txt --output imported.yaml$" ||
  fail "imported.yaml does not open with its provenance: $(head -1 imported.yaml)"
"$pl" validate imported.yaml >/dev/null || fail "the imported scenario with its comment does not load"

# The same command twice: the same bytes, provenance included.
"$pl" run - --seed 11 --json again.json <"$nat" >/dev/null
"$pl" run - --seed 11 --json again2.json <"$nat" >/dev/null
sed 's/again2/again/' again2.json | cmp -s again.json - || fail "two runs differ beyond their output name"

[ "$status" -eq 0 ] && echo "every output carries portlab $version, commit $commit, its format, the scenario's SHA-256, the seed and the command"
exit $status
