#!/usr/bin/env bash
# progress_on_terminal.sh REGEX COMMAND...: COMMAND run with its output on a
# pseudo-terminal (util-linux `script`) must show a progress line matching
# the extended REGEX; run with its output in a pipe it must print no
# carriage return or escape sequence at all, and the same stdout.
set -u
regex=$1
shift
quoted=$(printf '%q ' "$@")
tty_out=$(script -qec "$quoted" /dev/null 2>&1)
pipe_out=$("$@" 2>&1)
if ! printf '%s' "$tty_out" | grep -Eq -- "$regex"; then
  printf 'no progress matching /%s/ on a terminal\n--- output ---\n%s\n' "$regex" "$tty_out"
  exit 1
fi
if printf '%s' "$pipe_out" | grep -q $'[\r\033]'; then
  printf 'progress printed when the output is not a terminal\n--- output ---\n%s\n' "$pipe_out"
  exit 1
fi
