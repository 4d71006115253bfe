#!/usr/bin/env bash
# report_in_browser.sh PORTLAB SOURCE_DIR NAME: the HTML report of
# scenarios/NAME.yaml (`portlab run --report`) as Debian's headless Chromium
# renders it, read back from the rendered DOM (`chromium --dump-dom`).
#
# Passes when:
#   - the inline script ran to its end (<html data-step-through="ready">)
#     and no script error was caught (no data-script-error);
#   - opened as #selftest, the step-through moved with the keys and the
#     buttons (→ → next ← from event 1 lands on event 3);
#   - every segment sent in the event list has its arrow in the diagram,
#     labelled with its flags and ports as they travelled ("SYN 52341 → 80");
#   - every instant's tables are in the page (the "at T s" header of each).
# Where chromium is missing, prints "PORTLAB_SKIP: ..." and exits 0; ctest
# reports it skipped (tools/install-deps installs chromium).
set -u
pl=$1 src=$2 name=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "PORTLAB_SKIP: chromium is not installed (tools/install-deps installs it)"
  exit 0
fi
cd "$src" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
report=$dir/$name.html
if ! "$pl" run "scenarios/$name.yaml" --report "$report" >/dev/null 2>"$dir/stderr"; then
  # An expectation that fails (exit 1) still writes its report.
  [ $? -eq 1 ] || { echo "portlab run scenarios/$name.yaml --report failed:"; cat "$dir/stderr"; exit 1; }
fi
# Root has no sandbox to drop into; a private profile keeps runs apart.
flags=(--headless --disable-gpu --no-first-run --user-data-dir="$dir/profile" --virtual-time-budget=5000)
[ "$(id -u)" -eq 0 ] && flags+=(--no-sandbox)
if ! timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$report#selftest" >"$dir/dom.html" 2>"$dir/chromium.err"; then
  echo "chromium could not render the report:"
  tail -5 "$dir/chromium.err"
  exit 1
fi
dom=$dir/dom.html
status=0
fail() { echo "scenarios/$name.yaml: $*"; status=1; }

grep -q 'data-step-through="ready"' "$dom" || fail "the step-through script did not finish (no data-step-through=\"ready\")"
if grep -o 'data-script-error="[^"]*"' "$dom"; then fail "a script error was caught"; fi
count() { grep -o -- "$1" "$dom" | wc -l; }
events=$(count '<li id="ev-')
[ "$events" -gt 0 ] || fail "no event list"
if [ "$events" -ge 4 ]; then
  grep -q "data-selftest=\"3 of $events\"" "$dom" ||
    fail "keys and buttons did not step to event 3 of $events: $(grep -o 'data-selftest="[^"]*"' "$dom")"
fi

# Each segment sent in the event list, and the label its arrow must carry.
# An event line: TIME HOST mux FLAGS SRC[ (svc)] -&gt; DST[ (svc)] ...
grep -o '<code>[^<]*</code>' "$dom" | sed 's/<code>//; s/<\/code>//; s/&gt;/>/g' |
  awk '$3 == "mux" {
         flags = $4; i = 5
         if ($4 == "ICMP") { flags = $4 " " $5; i = 6 }
         src = $i; i++
         if ($i ~ /^\(/) i++
         i++  # ->
         dst = $i
         sub(/.*:/, "", src); sub(/.*:/, "", dst)
         print flags " " src " → " dst
       }' >"$dir/labels"
sent=$(wc -l <"$dir/labels")
[ "$sent" -gt 0 ] || fail "no segment in the event list"
grep -o '<text class="label[^"]*"[^>]*>[^<]*</text>' "$dom" | sed 's/<[^>]*>//g' >"$dir/drawn"
missing=0
while IFS= read -r label; do
  if ! grep -qF -- "$label" "$dir/drawn"; then
    [ $missing -lt 5 ] && fail "no arrow labelled \"$label\""
    missing=$((missing + 1))
  fi
done <"$dir/labels"
[ $missing -eq 0 ] || fail "$missing of $sent segments sent have no arrow"
arrows=$(count '<g class="ev arrow')
[ "$arrows" -ge "$sent" ] || fail "$arrows arrows for $sent segments sent"

instants=$(count '<section class="instant')
headers=$(count '<pre>at [0-9.]* s$')
[ "$instants" -gt 0 ] && [ "$instants" -eq "$headers" ] || fail "$instants instants, $headers tables headers"

[ $status -eq 0 ] && echo "scenarios/$name.yaml: $events events, $sent segments sent with their arrows, $instants instants of tables, script ran"
exit $status
