#!/usr/bin/env bash
# Paired devices (issue #18): two computers pair with a code, each keeps the
# other in its own data folder, and forgetting works. Each "computer" is a
# gofer with its own XDG_DATA_HOME; the server is a gofer-relay on loopback.
. "$(dirname "$0")/lib.sh"

start_relay || { not_ok "gofer-relay started"; finish; }

if pair ann bob --name "ann's laptop"; then ok "two computers pair with a code"
else not_ok "two computers pair with a code"; diag "$WORK"/pair-*.err; fi

ann_fp=$(as ann devices 2>&1 >/dev/null | sed -n "s/^This computer's identity: //p")
bob_fp=$(as bob devices 2>&1 >/dev/null | sed -n "s/^This computer's identity: //p")
check "ann knows bob by its user and host name, with bob's identity" \
  grep -qP "^$(id -un)@$(hostname)\t$bob_fp\t" <(as ann devices 2>/dev/null)
check "bob knows ann by the name given with --name, with ann's identity" \
  grep -qP "^ann's laptop\t$ann_fp\t" <(as bob devices 2>/dev/null)
check "the identities differ" test -n "$ann_fp" -a "$ann_fp" != "$bob_fp"
check "both derived the same pairing secret" \
  test "$(grep '^secret=' "$WORK/ann/data/gofer/peers.ini")" = \
       "$(grep '^secret=' "$WORK/bob/data/gofer/peers.ini")"
check "the identity and the peers are files only their owner reads" \
  test "$(stat -c %a "$WORK/ann/data/gofer" "$WORK/ann/data/gofer/identity.ini" \
          "$WORK/ann/data/gofer/peers.ini" | tr '\n' ' ')" = "700 600 600 "
check "nothing secret was printed" \
  bash -c "! grep -qiE 'secret|seed' '$WORK'/pair-*.out '$WORK'/pair-*.err"

# Pairing again with the same computer names it anew, never twice.
if pair ann bob --name "ann's laptop"; then ok "the same two pair again"
else not_ok "the same two pair again"; diag "$WORK"/pair-*.err; fi
check "bob still lists ann once" \
  test "$(as bob devices 2>/dev/null | grep -c "ann's laptop")" = 1

as bob devices forget "ann's laptop" 2>"$WORK/forget.err"
check "forgetting says so" grep -q "Forgot “ann's laptop”" "$WORK/forget.err"
check "a forgotten computer is no longer listed" \
  bash -c "! grep -q \"ann's laptop\" <(XDG_DATA_HOME='$WORK/bob/data' '$GOFER' devices 2>/dev/null)"
as bob devices forget nobody 2>"$WORK/forget-nobody.err"
check "forgetting an unknown name fails with a sentence (exit 2)" \
  test $? -eq 2 -a -n "$(grep 'No paired computer is called “nobody”' "$WORK/forget-nobody.err")"

finish
