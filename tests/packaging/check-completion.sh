#!/usr/bin/env bash
# check-completion.sh: the bash completion for gofer, sourced into bash as
# bash-completion would, completes what a person at the prompt expects.
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-completion.sh COMPLETION_FILE GOFER
# TAP output.
set -uo pipefail

# shellcheck source=tests/packaging/tap.sh
. "$(dirname "$0")/tap.sh"

completion=$(realpath "$1") gofer=$(realpath "$2")

if out=$(bash -n "$completion" 2>&1); then ok "completion file parses"; else not_ok "completion file parses" "$out"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
touch notes.txt 'my photo.jpg'
mkdir notebook

# shellcheck disable=SC1090
source "$completion"

spec=$(complete -p gofer 2>&1)
if [ "$spec" = "complete -F _gofer gofer" ]; then ok "complete -p gofer"; else not_ok "complete -p gofer" "$spec"; fi

# Completes LINE as if Tab were pressed at its end, with the words bash would
# give the function (COMP_WORDS splits at COMP_WORDBREAKS too; the function
# reads the line, so plain words are enough here).
complete_line() {
  COMP_LINE=$1
  COMP_POINT=${#1}
  read -ra COMP_WORDS <<<"$1"
  [[ $1 == *' ' ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _gofer gofer "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd' ' -
}

expect() {
  local line=$1 want=$2 got
  got=$(complete_line "$line")
  if [ "$got" = "$want" ]; then
    ok "'$line<Tab>' gives '$want'"
  else
    not_ok "'$line<Tab>' gives '$want'" "got: '$got'"
  fi
}

expect "gofer se" "send"
expect "gofer re" "receive"
expect "gofer " "chat devices pair receive send"
expect "gofer pair --na" "--name"
expect "gofer ch" "chat"
expect "gofer chat --down" "--download-folder"
expect "gofer chat --auto-send no" "notebook"
expect "gofer chat --download-folder=no" "notebook"
expect "gofer receive --down" ""
expect "gofer send --re" "--relay-url"
expect "gofer send --te" "--text"
expect "gofer receive --acc" "--accept-file"
expect "gofer send --acc" ""
expect "gofer receive --code-" ""
expect "gofer send no" "notebook notes.txt"
expect "gofer send notes.txt my" "my photo.jpg"
expect "gofer --relay-url ws://127.0.0.1:4000/v1 send not" "notebook notes.txt"
expect "gofer --hide-progress send --code-length 3 no" "notebook notes.txt"
expect "gofer receive -o no" "notebook notes.txt"
expect "gofer receive --output-file no" "notebook notes.txt"
# '=' is in COMP_WORDBREAKS: readline replaces only what follows it.
expect "gofer receive --output-file=no" "notebook notes.txt"
expect "gofer receive " ""
expect "gofer receive --code " ""
expect "gofer --relay-url " ""

# Every option gofer --help lists is completed, and nothing else.
help_options=$("$gofer" --help | grep -oE -- '--[a-z][a-z-]*' | LC_ALL=C sort -u | paste -sd' ' -)
completed=$(complete_line "gofer --" | tr ' ' '\n' | LC_ALL=C sort -u | paste -sd' ' -)
if [ -n "$help_options" ] && [ "$help_options" = "$completed" ]; then
  ok "'gofer --<Tab>' offers exactly the options of gofer --help"
else
  not_ok "'gofer --<Tab>' offers exactly the options of gofer --help" \
    "help: $help_options"$'\n'"completed: $completed"
fi

finish
