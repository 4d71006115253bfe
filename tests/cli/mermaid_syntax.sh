#!/usr/bin/env bash
# mermaid_syntax.sh PORTLAB SOURCE_DIR: `portlab run --mermaid -` of every
# shipped scenario keeps to the Mermaid syntax the writer relies on
# (report/mermaid_writer.h), checked line by line without Mermaid itself:
#   %% comments, then `sequenceDiagram`, then
#   `    participant L<n> as TEXT`, each L<n> declared once and before use,
#   `    L<a>->>L<b>: TEXT`, `-x`, `--)`, or `    Note over L<a>[,L<b>]: TEXT`,
# where TEXT, once its entity codes (#59;) are taken out, holds none of
# ; # % < > (nor : in a participant's name) and no line break. Where mmdc (mermaid-cli) is installed, it
# also renders each diagram.
set -u
pl=$1 src=$2
cd "$src" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
for scenario in scenarios/*.yaml; do
  out=$dir/$(basename "$scenario" .yaml).mmd
  "$pl" run "$scenario" --mermaid "$out" >/dev/null 2>&1
  rc=$?
  if [ $rc -gt 1 ]; then echo "$scenario: portlab run --mermaid exited $rc"; status=1; continue; fi
  if ! awk -v name="$scenario" '
    function clean(t) { gsub(/#[0-9]+;/, "", t); return t !~ /[;#%<>]/ }
    function bad(why) { printf "%s:%d: %s: %s\n", name, NR, why, $0; failed = 1 }
    /^%% / { if (seen_header) bad("comment after the header"); next }
    /^sequenceDiagram$/ { if (seen_header++) bad("second header"); next }
    !seen_header { bad("before sequenceDiagram"); next }
    /^    participant L[0-9]+ as / {
      id = $2; text = $0; sub(/^    participant L[0-9]+ as /, "", text)
      if (id in declared) bad("declared twice"); declared[id] = 1
      if (!clean(text) || text ~ /:/ || text == "") bad("text Mermaid would misread"); next }
    /^    L[0-9]+(->>|-x|--\))L[0-9]+: / {
      line = $0; sub(/^    /, "", line)
      split(line, parts, /(->>|-x|--\))|: /)
      if (!(parts[1] in declared) || !(parts[2] in declared)) bad("undeclared participant")
      text = line; sub(/^[^:]*: /, "", text)
      if (!clean(text)) bad("text Mermaid would misread"); next }
    /^    Note over L[0-9]+(,L[0-9]+)?: / {
      text = $0; sub(/^[^:]*: /, "", text)
      if (!clean(text)) bad("text Mermaid would misread"); next }
    { bad("not a line the writer makes") }
    END { exit failed }' "$out"; then
    status=1
  fi
  if command -v mmdc >/dev/null 2>&1 && ! mmdc -q -i "$out" -o "$dir/out.svg" >/dev/null 2>&1; then
    echo "$scenario: mmdc could not render the diagram"
    status=1
  fi
done
exit $status
