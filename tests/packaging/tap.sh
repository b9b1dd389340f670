# tap.sh: TAP output for the packaging checks (check-*.sh source it, as the
# check-*.py import tap.py).
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later

n=0
failed=0
ok() {
  n=$((n + 1))
  echo "ok $n - $1"
}
# not_ok NAME [DETAIL]: DETAIL follows as comments.
not_ok() {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  [ -z "${2:-}" ] || sed 's/^/# /' <<<"$2"
}
# check NAME COMMAND...: passes when COMMAND succeeds and prints nothing.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1) && [ -z "$out" ]; then ok "$name"; else not_ok "$name" "$out"; fi
}
# The plan, and the exit status: 0 when every check passed.
finish() {
  echo "1..$n"
  [ "$failed" -eq 0 ]
  exit
}
