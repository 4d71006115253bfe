#!/usr/bin/env bash
# validate_refuses_as_run.sh PORTLAB FILE...: for each scenario FILE, which
# `run` refuses (exit 2), `validate` refuses too, with the same message:
# every check run makes before (or, for analysis:, after) running is one
# validate makes. Where FILE's .errors file stands beside it, the message
# must be exactly that list.
set -u
pl=$1
shift
failed=0
for file in "$@"; do
  cd "$(dirname "$file")" || exit 1
  name=$(basename "$file")
  run_err=$("$pl" run "$name" 2>&1 >/dev/null)
  run_rc=$?
  validate_err=$("$pl" validate "$name" 2>&1 >/dev/null)
  validate_rc=$?
  if [ "$run_rc" -ne 2 ] || [ -z "$run_err" ]; then
    printf '%s: run exits %s, expected 2 with a message (the table lists files run refuses)\n' "$file" "$run_rc"
    failed=1
  elif [ "$validate_rc" -ne 2 ] || [ "$validate_err" != "$run_err" ]; then
    printf '%s: run refuses it (exit 2):\n%s\nvalidate exits %s:\n%s\n' "$file" "$run_err" "$validate_rc" "$validate_err"
    failed=1
  elif [ -f "${name%.yaml}.errors" ] && ! diff <(printf '%s\n' "$run_err") "${name%.yaml}.errors"; then
    printf '%s: the errors are not %s (above: < got, > expected)\n' "$file" "${name%.yaml}.errors"
    failed=1
  fi
  cd - >/dev/null || exit 1
done
exit $failed
