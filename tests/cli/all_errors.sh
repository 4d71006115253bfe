#!/usr/bin/env bash
# all_errors.sh PORTLAB: every command that loads a scenario prints all the
# errors of tests/cli/many-mistakes.yaml, exactly tests/cli/many-mistakes.errors
# (each at its file:line:column, in file order), on stderr, and exits 2.
set -u
pl=$1
cd "$(dirname "$0")" || exit 1
failed=0
check() {
  local err rc
  err=$("$pl" "$@" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne 2 ]; then
    printf '%s: exit status %s, expected 2\n' "$*" "$rc"
    failed=1
  fi
  if ! diff <(printf '%s\n' "$err") many-mistakes.errors; then
    printf '%s: stderr is not many-mistakes.errors (above: < got, > expected)\n' "$*"
    failed=1
  fi
}
check validate many-mistakes.yaml
check run many-mistakes.yaml
check table many-mistakes.yaml --at 1s
check headroom many-mistakes.yaml
check sweep many-mistakes.yaml --csv /dev/null
exit $failed
