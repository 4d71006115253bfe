#!/usr/bin/env bash
# completion.sh PORTLAB SCENARIO_DIR: the bash completion completes command
# names, a command's options and a scenario's name; the zsh completion is
# valid zsh (skipped where zsh is missing).
set -euo pipefail
portlab=$1
export PORTLAB_SCENARIOS=$2
fail() { echo "completion: $*" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$portlab" "$dir/portlab"
export PATH="$dir:$PATH"
cd "$dir"

"$portlab" completion bash > bash_completion
# complete WORDS...: what the completion offers for the last word.
complete_words() {
  bash -c 'source ./bash_completion; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _portlab; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
[ "$(complete_words portlab ru)" = run ] || fail "'portlab ru' completes to: $(complete_words portlab ru)"
[ "$(complete_words portlab run --js)" = --json ] || fail "'portlab run --js' completes to: $(complete_words portlab run --js)"
grep -qx -- --pcap-dir <<< "$(complete_words portlab run --pcap-d)" || fail "'portlab run --pcap-d' does not offer --pcap-dir"
grep -qx web-browsing <<< "$(complete_words portlab run web-b)" || fail "'portlab run web-b' does not offer the scenario web-browsing"
grep -qx bash_completion <<< "$(complete_words portlab sweep --csv '')" || fail "'portlab sweep --csv' does not offer files"
[ -z "$(complete_words portlab run --seed '')" ] || fail "'portlab run --seed' offers files for a number"

"$portlab" completion zsh > _portlab
if ! command -v zsh > /dev/null; then
  echo "PORTLAB_SKIP: zsh is not installed (Debian package zsh); the bash completion passed"
  exit 0
fi
zsh -n _portlab || fail "the zsh completion is not valid zsh"
# Loaded by compinit from a directory on fpath, it defines _portlab.
zsh -f -c 'fpath=($PWD $fpath); autoload -Uz compinit; compinit -u -d $PWD/zcompdump; [[ ${_comps[portlab]} == _portlab ]]' ||
  fail "compinit does not bind _portlab to portlab"
echo "bash and zsh completions ok"
