#!/usr/bin/env bash
# expect_exit.sh STATUS REGEX COMMAND...: runs COMMAND, passes when it exits
# with STATUS and its stdout+stderr match the extended REGEX.
set -u
want=$1 regex=$2
shift 2
out=$("$@" 2>&1)
got=$?
if [ "$got" -ne "$want" ]; then
  printf 'exit status %s, expected %s\n--- output ---\n%s\n' "$got" "$want" "$out"
  exit 1
fi
if ! printf '%s' "$out" | grep -Eq -- "$regex"; then
  printf 'output does not match /%s/\n--- output ---\n%s\n' "$regex" "$out"
  exit 1
fi
