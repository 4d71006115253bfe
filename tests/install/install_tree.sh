#!/usr/bin/env bash
# install_tree.sh BUILD_DIR: `cmake --install` into a fresh prefix gives a
# portlab that runs a shipped scenario by name from anywhere, lists the
# installed scenarios, and has its man pages (README, "Installing").
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install_tree: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > /dev/null
for f in bin/portlab share/portlab/scenarios/web-browsing.yaml share/man/man1/portlab.1 \
         share/man/man1/portlab-run.1 share/bash-completion/completions/portlab \
         share/zsh/vendor-completions/_portlab share/doc/portlab/README.md share/doc/portlab/LICENSE \
         include/portlab/run/run.h; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
ls "$prefix"/lib*/cmake/portlab/portlabConfig.cmake > /dev/null 2>&1 ||
  ls "$prefix"/lib/*/cmake/portlab/portlabConfig.cmake > /dev/null 2>&1 || fail "no portlabConfig.cmake"

# From another directory, with no scenarios/ there and no PORTLAB_SCENARIOS:
# the installed scenarios are found beside bin/.
cd /
out=$(env -u PORTLAB_SCENARIOS "$prefix/bin/portlab" run web-browsing) || fail "portlab run web-browsing failed: $out"
grep -q '^scenario  two browser connections to one HTTPS server' <<< "$out" || fail "unexpected summary: $(head -3 <<< "$out")"
list=$(env -u PORTLAB_SCENARIOS "$prefix/bin/portlab" list)
grep -q "^scenarios (\*.yaml in $prefix/share/portlab/scenarios; portlab run NAME runs one)" <<< "$list" ||
  fail "portlab list does not name the installed scenarios: $(grep '^scenarios' <<< "$list")"
grep -q '^  nat-textbook$' <<< "$list" || fail "portlab list does not list nat-textbook"

# man finds the pages of the prefix, and they render without a warning.
if ! command -v man > /dev/null; then
  echo "PORTLAB_SKIP: man is not installed (Debian package man-db)"
  exit 0
fi
page=$(MANPATH="$prefix/share/man" MANWIDTH=80 man portlab 2>&1) || fail "man portlab failed: $page"
grep -q 'EXIT STATUS' <<< "$page" || fail "man portlab has no EXIT STATUS section"
for p in "$prefix"/share/man/man1/*.1; do
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -l "$p" 2>&1 > /dev/null) || fail "man -l $p failed"
  [ -z "$warnings" ] || fail "$p: groff warns: $warnings"
done
run_page=$(MANPATH="$prefix/share/man" MANWIDTH=200 man portlab-run)
grep -q -- '--json FILE' <<< "$run_page" || fail "man portlab-run does not show --json FILE"
echo "installed and ran from $prefix"
