#!/usr/bin/env bash
# progress_plain.sh REGEX COMMAND...: COMMAND (given --progress plain) must
# print a stderr line matching the extended REGEX, whole lines only (no
# carriage return, no escape sequence), both into a pipe and on a terminal.
set -u
regex=$1
shift
quoted=$(printf '%q ' "$@")
pipe_err=$("$@" 2>&1 >/dev/null)
tty_out=$(script -qec "$quoted" /dev/null 2>&1 | tr -d '\r')
for out in "$pipe_err" "$tty_out"; do
  if ! printf '%s\n' "$out" | grep -Eq -- "$regex"; then
    printf 'no line matching /%s/\n--- output ---\n%s\n' "$regex" "$out"
    exit 1
  fi
done
if printf '%s' "$pipe_err" | grep -q $'[\r\033]'; then
  printf 'plain progress printed a carriage return or an escape\n--- output ---\n%s\n' "$pipe_err"
  exit 1
fi
