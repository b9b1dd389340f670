#!/usr/bin/env bash
# check-cli-usage.sh: the command line says no to what is not a command,
# "--help" or not (#15 item 14).
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-cli-usage.sh GOFER
# TAP output.
set -uo pipefail

# shellcheck source=tests/packaging/tap.sh
. "$(dirname "$0")/tap.sh"

gofer=$1

expect() {
  local want=$1 what=$2; shift 2
  local out rc
  out=$("$gofer" "$@" 2>&1); rc=$?
  if [ "$rc" -eq "$want" ]; then ok "$what (status $rc)"; else not_ok "$what: status $rc, not $want" "$out"; fi
}

expect 0 "gofer --help prints the help" --help
expect 0 "gofer send --help prints the help" send --help
expect 0 "gofer --relay-url URL --help: a value is no command" --relay-url ws://127.0.0.1:1/v1 --help
expect 2 "gofer anything --help is an unknown command" anything --help
expect 2 "gofer sned -h is an unknown command" sned -h
expect 2 "gofer anything is an unknown command" anything
# #14 item 3: Rust clients refuse one-word codes; gofer makes none.
expect 2 "gofer send --code-length 1 is refused" send --code-length 1 --text x
out=$("$gofer" send --code-length 1 --text x 2>&1)
if grep -q "between 2 and 8" <<<"$out"; then ok "the error gives the range"; else not_ok "the error gives the range" "$out"; fi
out=$("$gofer" anything --help 2>&1)
if grep -q "“anything” is not a command" <<<"$out"; then ok "the error names the word"; else not_ok "the error names the word" "$out"; fi
finish
