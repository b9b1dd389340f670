#!/usr/bin/env bash
# Transfers that stop half way: the sender or the receiver is interrupted
# (Ctrl+C, SIGINT), or the transit relay dies. Each side must say so clearly,
# exit non-zero, and leave nothing that looks like a finished file, nor a
# .part (except after a broken connection between two Gofers, which keeps
# the .part and its journal to resume from). The trigger is the receiver's
# .part file reaching 8 MiB of a 512 MiB file, so "mid-transfer" holds
# however fast the machine is.
. "$(dirname "$0")/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay || { echo "Bail out! transit relay did not start"; exit 1; }

BIG=$WORK/big.bin
TRIGGER=$((8 * 1024 * 1024))
# Pseudo-random (AES-CTR keystream): as costly to move as real data, made in
# about a second, where /dev/urandom would take many.
openssl enc -aes-256-ctr -nosalt -pass pass:gofer -pbkdf2 -in /dev/zero 2>/dev/null \
  | head -c $((512 * 1024 * 1024)) >"$BIG"
[ "$(stat -c %s "$BIG")" -eq $((512 * 1024 * 1024)) ] || { echo "Bail out! could not write $BIG"; exit 1; }

# Waits until a .part file in DIR holds at least $TRIGGER bytes (30 s at most).
wait_for_part() { # dir
  local part
  for _ in $(seq 1 1500); do
    part=$(find "$1" -maxdepth 1 -name '*.part' -size +$((TRIGGER / 1024))k -print -quit 2>/dev/null)
    [ -n "$part" ] && return 0
    sleep 0.02
  done
  return 1
}

# Waits for PID for at most SECONDS; sets WAITED (exit status, or 124 after
# killing it when it overstays).
wait_at_most() { # pid seconds
  local pid=$1 limit=$2
  for _ in $(seq 1 $((limit * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    WAITED=124
    return
  fi
  wait "$pid"
  WAITED=$?
}

nothing_left() { [ -z "$(ls -A "$1")" ]; }

# start_pair NAME SENDER-FUNCTION: the sender in the background, then a gofer
# receiver in a fresh folder; sets SPID, RPID, OUTDIR, SLOG, RLOG. The
# functions exec, so the PIDs are the programs' own and signals reach them.
# SEND_ARGS and RECEIVE_ARGS add options.
start_pair() {
  local name=$1 code
  shift
  code=$(next_code)
  OUTDIR=$WORK/out-$name
  SLOG=$WORK/$name.send.log
  RLOG=$WORK/$name.recv.log
  mkdir -p "$OUTDIR"
  "$@" --code "$code" "$BIG" >"$SLOG" 2>&1 &
  SPID=$!
  (cd "$OUTDIR" && exec "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$HELPER" \
     receive --accept-file --hide-progress ${RECEIVE_ARGS:-} "$code") >"$RLOG" 2>&1 &
  RPID=$!
}

gofer_send() { exec "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$HELPER" send --hide-progress ${SEND_ARGS:-} "$@"; }
py_send() { exec wormhole --relay-url "$MAILBOX_URL" --transit-helper "$HELPER" send --hide-progress "$@"; }
show() { diag "$SLOG" "$RLOG"; }
HELPER=$TRANSIT_HELPER

# 1. The gofer sender is interrupted.
start_pair sender-cancel gofer_send
if wait_for_part "$OUTDIR"; then
  kill -INT $SPID
  start=$SECONDS
  wait_at_most $SPID 15; src=$WAITED
  wait_at_most $RPID 15; rrc=$WAITED
  took=$((SECONDS - start))
  check "sender cancel: the sender exits 130 (got $src)" [ $src -eq 130 ]
  check "sender cancel: the sender says the transfer was cancelled" \
    grep -q "^gofer: The transfer was cancelled" "$SLOG"
  check "sender cancel: the receiver exits 5, stopped by the peer (got $rrc)" [ $rrc -eq 5 ]
  check "sender cancel: both ended within 10 s (took ${took}s)" [ $took -le 10 ]
  check "sender cancel: the receiver says the other side cancelled" \
    grep -q "^gofer: The other side cancelled the transfer." "$RLOG"
  check "sender cancel: the receiver left no file and no .part" nothing_left "$OUTDIR"
  [ $src -eq 130 ] && [ $rrc -ne 0 ] || show
else
  not_ok "sender cancel: the transfer never got going"; show
  kill $SPID $RPID 2>/dev/null; wait $SPID $RPID 2>/dev/null
fi

# 2. The gofer receiver is interrupted.
start_pair receiver-cancel gofer_send
if wait_for_part "$OUTDIR"; then
  kill -INT $RPID
  start=$SECONDS
  wait_at_most $RPID 15; rrc=$WAITED
  wait_at_most $SPID 15; src=$WAITED
  took=$((SECONDS - start))
  check "receiver cancel: the receiver exits 130 (got $rrc)" [ $rrc -eq 130 ]
  check "receiver cancel: the receiver says the transfer was cancelled" \
    grep -q "^gofer: The transfer was cancelled" "$RLOG"
  check "receiver cancel: the receiver removed its .part and kept nothing" nothing_left "$OUTDIR"
  check "receiver cancel: the sender exits 5, stopped by the peer (got $src)" [ $src -eq 5 ]
  check "receiver cancel: both ended within 10 s (took ${took}s)" [ $took -le 10 ]
  check "receiver cancel: the sender says the other side cancelled" \
    grep -q "^gofer: The other side cancelled the transfer." "$SLOG"
  [ $rrc -eq 130 ] && [ $src -ne 0 ] || show
else
  not_ok "receiver cancel: the transfer never got going"; show
  kill $SPID $RPID 2>/dev/null; wait $SPID $RPID 2>/dev/null
fi

# 3. The transit relay dies: both sides use it only (--no-listen).
start_transit_relay || { echo "Bail out! second transit relay did not start"; exit 1; }
RELAY_PID=${PIDS[-1]}
HELPER=$TRANSIT_HELPER
SEND_ARGS=--no-listen RECEIVE_ARGS=--no-listen start_pair relay-killed gofer_send
if wait_for_part "$OUTDIR"; then
  kill -KILL $RELAY_PID; wait $RELAY_PID 2>/dev/null
  start=$SECONDS
  wait_at_most $SPID 15; src=$WAITED
  wait_at_most $RPID 15; rrc=$WAITED
  took=$((SECONDS - start))
  check "relay killed: it was carrying the transfer" grep -q "(relay " "$RLOG"
  check "relay killed: the sender exits non-zero (got $src)" [ $src -ne 0 -a $src -ne 124 ]
  check "relay killed: the receiver exits non-zero (got $rrc)" [ $rrc -ne 0 -a $rrc -ne 124 ]
  check "relay killed: both ended within 10 s (took ${took}s)" [ $took -le 10 ]
  check "relay killed: the sender says the relay connection broke" \
    grep -qE "^gofer: The connection through the transit relay .* broke" "$SLOG"
  check "relay killed: the receiver says the relay connection broke" \
    grep -qE "^gofer: The connection through the transit relay .* broke" "$RLOG"
  # Between two Gofers a broken connection keeps the .part and its journal
  # for the same file sent again (resume-v1; tests/interop/resume.sh).
  check "relay killed: the receiver kept only big.bin.part and its journal" \
    [ "$(ls -A "$OUTDIR" | sort | tr '\n' ' ')" = ".big.bin.part.journal big.bin.part " ]
  check "relay killed: the receiver says where the part stays" grep -q "stays in .*big.bin.part" "$RLOG"
  [ $src -ne 0 ] && [ $rrc -ne 0 ] || show
else
  not_ok "relay killed: the transfer never got going"; show
  kill $SPID $RPID 2>/dev/null; wait $SPID $RPID 2>/dev/null
fi

# 4. The Python sender, and gofer receiving is interrupted.
start_transit_relay || { echo "Bail out! third transit relay did not start"; exit 1; }
HELPER=$TRANSIT_HELPER
start_pair python-receiver-cancel py_send
if wait_for_part "$OUTDIR"; then
  kill -INT $RPID
  start=$SECONDS
  wait_at_most $RPID 15; rrc=$WAITED
  took=$((SECONDS - start))
  check "python sender, receiver cancel: gofer exits 130 (got $rrc)" [ $rrc -eq 130 ]
  check "python sender, receiver cancel: gofer says the transfer was cancelled" \
    grep -q "^gofer: The transfer was cancelled" "$RLOG"
  check "python sender, receiver cancel: gofer ended within 10 s (took ${took}s)" [ $took -le 10 ]
  check "python sender, receiver cancel: gofer removed its .part and kept nothing" nothing_left "$OUTDIR"
  wait_at_most $SPID 30; src=$WAITED
  check "python sender, receiver cancel: the python sender fails (got $src)" [ $src -ne 0 ]
  [ $rrc -eq 130 ] || show
else
  not_ok "python sender, receiver cancel: the transfer never got going"; show
  kill $SPID $RPID 2>/dev/null; wait $SPID $RPID 2>/dev/null
fi

finish
