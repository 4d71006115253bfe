#!/usr/bin/env bash
# exercise_check.sh PORTLAB SOURCE_DIR NAME: `portlab exercise` and
# `portlab grade` end to end on scenarios/NAME.yaml, as a teacher uses them.
#   1. --seed 1 --key-inline: the sheet (HTML, Markdown) and key equal
#      tests/golden/exercise/NAME-seed1{.html,.md,-key.csv}; a second run
#      is byte-identical.
#   2. Without --key-inline the sheet shows no answer; with it, every
#      answer is behind a click; the page has no script and fetches nothing.
#   3. --seed 2: a different key with the same kinds of question.
#   4. Each answer of both keys is checked against what `portlab run
#      --trace` and `portlab table` print (not the exercise code): the
#      situation each question states is found in the trace and the answer
#      read off it.
#   5. grade: the key's own answers score full marks; a copy with one wrong
#      answer and one left out scores two less and says what was expected.
set -u
pl=$1 src=$2 name=$3
cd "$src" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "$name: $*"; status=1; }
scenario=scenarios/$name.yaml
golden=tests/golden/exercise

# The same command twice (from two directories, --out .): the same bytes.
for run in a b; do
  mkdir -p "$dir/$run"
  (cd "$dir/$run" && "$pl" exercise "$src/$scenario" --seed 1 --questions 8 --key-inline --out . >/dev/null) ||
    fail "portlab exercise --seed 1 exited $?"
done
for f in "$name-seed1.html" "$name-seed1.md" "$name-seed1-key.csv" "$name-seed1-key.csv.provenance.json"; do
  cmp -s "$dir/a/$f" "$dir/b/$f" || fail "$f differs between two runs with the same seed"
done
# The goldens: version, commit and command as placeholders (normalise-provenance).
for f in "$name-seed1.html" "$name-seed1.md" "$name-seed1-key.csv"; do
  tests/golden/normalise-provenance "$dir/a/$f" >"$dir/normalised"
  if ! cmp -s "$golden/$f" "$dir/normalised"; then
    fail "$f differs from $golden/$f (tools/update-goldens rewrites it):"
    diff -u "$golden/$f" "$dir/normalised" | head -40
  fi
done

"$pl" exercise "$scenario" --seed 1 --questions 8 --out "$dir/student" >/dev/null || fail "exercise without --key-inline failed"
if grep -q "<details" "$dir/student/$name-seed1.html"; then fail "the student sheet shows answers"; fi
if grep -Eq "<script|src=|href=|@import|url\(" "$dir/a/$name-seed1.html"; then
  fail "the sheet is not self-contained (a script, or something it would fetch)"
fi
parts=$(($(wc -l <"$dir/a/$name-seed1-key.csv") - 1))
shown=$(grep -c "<details>" "$dir/a/$name-seed1.html")
[ "$shown" -eq "$parts" ] || fail "--key-inline hides $shown answers behind a click, the key has $parts"

"$pl" exercise "$scenario" --seed 2 --questions 8 --key-inline --out "$dir/c" >/dev/null || fail "portlab exercise --seed 2 failed"
kinds() { tail -n +2 "$1" | cut -d, -f2 | sort -u | tr '\n' ' '; }
k1=$(kinds "$dir/a/$name-seed1-key.csv") k2=$(kinds "$dir/c/$name-seed2-key.csv")
[ "$k1" = "$k2" ] || fail "seed 1 asks kinds [$k1], seed 2 [$k2]"
cmp -s <(cut -d, -f1,4 "$dir/a/$name-seed1-key.csv") <(cut -d, -f1,4 "$dir/c/$name-seed2-key.csv") &&
  fail "seeds 1 and 2 give the same answers"

# 4. The answers, read off the trace and the tables.
check_key() {  # SEED DIR
  local seed=$1 d=$2
  local md=$d/$name-seed$seed.md key=$d/$name-seed$seed-key.csv
  # The trace without service names: "10.0.0.2:80 (http)" -> "10.0.0.2:80".
  "$pl" run "$scenario" --seed "$seed" --trace 2>/dev/null | sed -E 's/^#[0-9]+ +//; s/ \([a-z0-9.+-]+\)//g' >"$d/trace"
  # Each question: its number, kind and situation line.
  awk '/^### Q[0-9]+ \(/ { q = $2; k = $3; gsub(/[()]/, "", k); getline; getline; print q "\t" k "\t" $0 }' \
    "$md" >"$d/situations"
  while IFS=$'\t' read -r q kind situation; do
    local answers
    answers=$(awk -F, -v q="$q" 'NR > 1 && ($1 == q || $1 == q "a" || $1 == q "b") { print $4 }' "$key")
    local got="" t host
    t=$(sed -nE 's/^At ([0-9.]+) s,.*/\1/p' <<<"$situation")
    [ -n "$t" ] && t=$(awk -v t="$t" 'BEGIN { printf "%.9f", t }')
    case $kind in
      local-port)
        host=$(sed -nE 's/^At [0-9.]+ s, ([^ ]+) .*/\1/p' <<<"$situation")
        local proto dest nth
        proto=$(sed -nE 's/.* over ([a-z]+) to .*/\1/p' <<<"$situation")
        dest=$(sed -nE 's/.* to ([0-9.:]+:[0-9]+)[.:].*/\1/p' <<<"$situation")
        nth=$(sed -nE 's/.*: the ([0-9]+)[a-z]+ of the .*/\1/p' <<<"$situation")
        local port
        port=$(awk -v t="$t" -v h="$host" -v p="$proto -> $dest " -v n="${nth:-1}" \
          '$1 == t && $2 == h && $3 == "connect" && index($0, p) { if (++seen == n) { for (i = 1; i < NF; i++) if ($i == "local") { split($(i + 1), a, ":"); print a[2] } } }' \
          "$d/trace")
        if grep -q "^[0-9]*$" <<<"$answers"; then got=$port; else got=$([ $((port % 2)) -eq 0 ] && echo even || echo odd); fi
        ;;
      demux | firewall)
        host=$(sed -nE 's/.* arrives at ([^:]+): .*/\1/p' <<<"$situation")
        local what source destination line
        what=$(sed -nE 's/.* arrives at [^:]+: (.*), source .*/\1/p' <<<"$situation")
        source=$(sed -nE 's/.*, source ([^,]+), destination .*/\1/p' <<<"$situation")
        destination=$(sed -nE 's/.*, destination ([^ ]+)\. .*/\1/p' <<<"$situation")
        line=$(awk -v t="$t" -v h="$host" -v w="$what" -v f="$source -> $destination" \
          '$1 == t && $2 == h && $3 == "demux" && index($0, " " w " ") && index($0, f) { print; exit }' "$d/trace")
        # What follows the 4-tuple (and a "32 bytes"): the rule, then the socket.
        local rest
        rest=$(sed -E "s/.*$source -> $destination +([0-9]+ bytes +)?//" <<<"$line")
        if [ "$kind" = firewall ]; then
          # "filtered (rule 1)": the decider, then the fate.
          got=$(sed -nE 's/^[a-z]+ \((rule [0-9]+|policy)[^)]*\).*/\1/p' <<<"$rest")$'\n'$(awk '{ print $1 }' <<<"$rest")
        else
          local rule socket
          rule=$(awk '{ print $1 }' <<<"$rest")
          case $rule in
            exact) socket="$destination $source" ;;
            listener-*) socket=$(awk '{ print $2 }' <<<"$rest") ;;
            *) socket=none ;;
          esac
          got=$rule$'\n'$socket
        fi
        ;;
      nat-port)
        local nat inside
        nat=$(sed -nE 's/.* through NAT ([^ ,]+),.*/\1/p' <<<"$situation")
        inside=$(sed -nE 's/.* segment from ([^ ]+) leaves .*/\1/p' <<<"$situation")
        got=$(awk -v t="$t" -v n="$nat" -v i="$inside" \
          '$1 == t && $2 == n && $3 == "nat-map" && $7 == i { split($9, a, ":"); print a[2]; exit }' \
          "$d/trace")
        ;;
      nat-count)
        local nat2 at
        nat2=$(sed -nE "s/^NAT ([^']+)'s table at .*/\1/p" <<<"$situation")
        at=$(sed -nE 's/.* table at ([0-9.]+) s\./\1/p' <<<"$situation")
        got=$("$pl" table "$scenario" --seed "$seed" --at "${at}s" --host "$nat2" |
          awk '/^Proto +Inside/ { on = 1; next } on && /^(tcp|udp) / { n++ } END { print n + 0 }')
        ;;
      failure)
        local errline
        if [[ $situation == "Follow "*" through the scenario." ]]; then
          host=$(awk '{ print $2 }' <<<"$situation")
          errline=$(awk -v h="$host" '$2 == h && $3 != "state" { for (i = 4; i <= NF; i++) if ($i ~ /^E[A-Z]+$/) { print $1, $i; exit } }' "$d/trace")
        else
          host=$(sed -nE 's/^At [0-9.]+ s, ([^ ]+) calls .*/\1/p' <<<"$situation")
          local target
          target=$(sed -nE 's/.* to ([0-9.:]+:[0-9]+)\.$/\1/p' <<<"$situation")
          errline=$(awk -v h="$host" -v t="$t" -v d="$target" \
            '$2 == h && $3 != "state" && $1 >= t && index($0, d) { for (i = 4; i <= NF; i++) if ($i ~ /^E[A-Z]+$/) { print $1, $i; exit } }' "$d/trace")
        fi
        got=$(awk '{ print $2 }' <<<"$errline")$'\n'$(awk '{ s = $1 + 0; printf "%.9g", s }' <<<"$errline")
        answers=$(awk 'NR == 1 { print; next } { printf "%.9g\n", $1 }' <<<"$answers")
        ;;
      scan)
        # The summary's nmap-like table of that step.
        local type target scanner step port
        read -r scanner type target step port < <(sed -nE \
          's/^At [0-9.]+ s, ([^ ]+) starts an nmap ([a-z]+) scan of ([^ ]+) \(step ([0-9]+)\); .* is ([0-9]+\/[a-z]+)\.$/\1 \2 \3 \4 \5/p' \
          <<<"$situation")
        got=$("$pl" run "$scenario" --seed "$seed" 2>/dev/null | awk -v h="$type scan of $target from $scanner (" -v s="step $step at" -v p="$port" \
          'index($0, h) == 1 && index($0, s) { on = 1; next } on && $0 == "" { on = 0 } on && $1 == p { print $2; exit }')
        ;;
      *) fail "seed $seed $q: no independent check for kind $kind" ;;
    esac
    if [ "$got" != "$answers" ]; then
      fail "seed $seed $q ($kind): the key says [$(tr '\n' '|' <<<"$answers")], the trace [$(tr '\n' '|' <<<"$got")]"
      echo "  situation: $situation"
    fi
  done <"$d/situations"
  [ -s "$d/situations" ] || fail "seed $seed: no question found in $md"
}
check_key 1 "$dir/a"
check_key 2 "$dir/c"

# 5. Grading.
key=$dir/a/$name-seed1-key.csv
awk -F, 'NR > 1 { print "Perfect Student," $1 "," $4 }' "$key" >"$dir/perfect.csv"
out=$("$pl" grade "$key" "$dir/perfect.csv" --csv "$dir/scores.csv") || fail "grade of a perfect file exited $?"
grep -q "Every answer is right" <<<"$out" || fail "grade of a perfect file: $out"
grep -qx "Perfect Student,$parts,$parts,100.0" "$dir/scores.csv" || fail "scores.csv: $(cat "$dir/scores.csv")"
first=$(awk -F, 'NR == 2 { print $1 }' "$key") first_answer=$(awk -F, 'NR == 2 { print $4 }' "$key")
last=$(awk -F, 'END { print $1 }' "$key")
awk -F, -v first="$first" -v last="$last" \
  'NR > 1 && $1 != last { print "  MIXED up ," tolower($1) "," ($1 == first ? "12345678" : $4) }' "$key" >"$dir/mixed.csv"
out=$("$pl" grade "$key" "$dir/mixed.csv" --csv -) || fail "grade of a file with mistakes exited $?"
grep -qx "MIXED up,$((parts - 2)),$parts,.*" <<<"$out" || fail "grade --csv -: $out"
out=$("$pl" grade "$key" "$dir/mixed.csv")
grep -qF "MIXED up  $first  gave \"12345678\" ($dir/mixed.csv:1), expected $first_answer" <<<"$out" ||
  fail "the wrong answer is not explained: $out"
grep -qF "MIXED up  $last  no answer, expected" <<<"$out" || fail "the missing answer is not reported: $out"
[ "$status" -eq 0 ] && echo "$name: sheets equal the goldens; keys agree with the trace; grading right"
exit $status
