#!/usr/bin/env bash
# Resume across restarts ("resume-v1", docs/protocol-extensions.md §1c): a
# gofer-to-gofer transfer killed with SIGKILL half way, on either side, goes
# on from the receiver's .part when the same file is sent again with a new
# code, and the bytes that cross the second time are well under the whole.
# A Python receiver or sender, which knows nothing of it, works from 0 as
# before. The transfer runs through a throttling proxy in front of the
# transit relay (16 MiB/s), so "half way" holds however fast the machine is.
# tests/bench/resume.sh runs the same with 1 GiB; environment:
# RESUME_MIB (64), RESUME_RATE_MIB (16 MiB/s), RESUME_KILL_PERCENT (56, the
# share of the file in the .part when a side is killed), RESUME_STANDARD
# (1: also the Python client cases).
. "$(dirname "$0")/lib.sh"
HERE=$(dirname "$0")
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay || { echo "Bail out! transit relay did not start"; exit 1; }
RELAY_PORT=${TRANSIT_HELPER##*:}
PROXY_PORT=$(free_port)
/usr/bin/python3 "$HERE/throttle-proxy.py" "$PROXY_PORT" "$RELAY_PORT" \
  $((${RESUME_RATE_MIB:-16} * 1024 * 1024)) &
PIDS+=($!)
wait_for_port 127.0.0.1 "$PROXY_PORT" || { echo "Bail out! throttling proxy did not start"; exit 1; }
HELPER=tcp:127.0.0.1:$PROXY_PORT

SIZE=$((${RESUME_MIB:-64} * 1024 * 1024))
HALF=$((SIZE / 100 * ${RESUME_KILL_PERCENT:-56}))   # a side is killed once the .part holds this
BIG=$WORK/big.bin
openssl enc -aes-256-ctr -nosalt -pass pass:gofer-resume -pbkdf2 -in /dev/zero 2>/dev/null \
  | head -c $SIZE >"$BIG"
[ "$(stat -c %s "$BIG")" -eq $SIZE ] || { echo "Bail out! could not write $BIG"; exit 1; }

gofer_send() { exec "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$HELPER" send --no-listen --hide-progress "$@"; }
gofer_recv() { exec "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$HELPER" receive --no-listen --accept-file --hide-progress "$@"; }
py_send() { exec wormhole --relay-url "$MAILBOX_URL" --transit-helper "$HELPER" send --no-listen --hide-progress "$@"; }
py_recv() { exec wormhole --relay-url "$MAILBOX_URL" --transit-helper "$HELPER" receive --no-listen --accept-file --hide-progress "$@"; }
show() { diag "$@"; }

# start_pair NAME DIR SENDER RECEIVER: both in the background; sets SPID,
# RPID, SLOG, RLOG. The receiver runs in DIR.
start_pair() {
  local name=$1 dir=$2 send=$3 recv=$4 code
  code=$(next_code)
  SLOG=$WORK/$name.send.log
  RLOG=$WORK/$name.recv.log
  mkdir -p "$dir"
  ( $send --code "$code" "${SOURCE:-$BIG}" ) >"$SLOG" 2>&1 &
  SPID=$!
  (cd "$dir" && $recv "$code") >"$RLOG" 2>&1 &
  RPID=$!
}

# Waits until DIR's big.bin.part holds HALF bytes (60 s at most).
wait_for_half() { # dir
  local size
  for _ in $(seq 1 3000); do
    size=$(stat -c %s "$1/big.bin.part" 2>/dev/null || echo 0)
    [ "$size" -ge $HALF ] && return 0
    sleep 0.02
  done
  echo "# the .part in $1 never reached $HALF bytes" >&2
  return 1
}

# The offset a log says the transfer went on at ("Resuming at N bytes").
resumed_at() { sed -n 's/^Resuming at \([0-9]*\) bytes.*/\1/p' "$1" | head -1; }

# kill_half NAME DIR FIRST: a gofer pair, killed with SIGKILL half way,
# FIRST (sender or receiver) first, then the other one.
kill_half() {
  local name=$1 dir=$2 first=$3
  start_pair "$name-1" "$dir" gofer_send gofer_recv
  if ! wait_for_half "$dir"; then
    not_ok "$name: the first transfer never got half way"; show "$SLOG" "$RLOG"
    kill -KILL $SPID $RPID 2>/dev/null; wait $SPID $RPID 2>/dev/null
    return 1
  fi
  if [ "$first" = sender ]; then
    kill -KILL $SPID; wait $SPID 2>/dev/null
    # The receiver sees the connection break and ends by itself.
    wait_bounded 20 "the receiver to notice the killed sender" $RPID
    check "$name: the receiver says the part stays" grep -q "stays in .*big.bin.part" "$RLOG"
    kill -KILL $RPID 2>/dev/null; wait $RPID 2>/dev/null
  else
    kill -KILL $RPID; wait $RPID 2>/dev/null
    wait_bounded 40 "the sender to notice the killed receiver" $SPID
    kill -KILL $SPID 2>/dev/null; wait $SPID 2>/dev/null
  fi
  check "$name: big.bin.part and its journal stay after the kill" \
    test -f "$dir/big.bin.part" -a -f "$dir/.big.bin.part.journal"
  check "$name: nothing poses as the finished file" test ! -e "$dir/big.bin"
}

# resume_after NAME DIR: sends again with a new code; the file must arrive
# whole, and less than 60 % of it cross in both attempts beyond the first half.
resume_after() { # name dir
  local name=$1 dir=$2 src rrc at
  start_pair "$name-2" "$dir" gofer_send gofer_recv
  wait_bounded $((60 + SIZE / (8 << 20))) "the second transfer's receiver" $RPID; rrc=$?
  wait_bounded 20 "the second transfer's sender" $SPID; src=$?
  check "$name: both sides of the second transfer succeed (sender $src, receiver $rrc)" \
    [ $src -eq 0 -a $rrc -eq 0 ]
  check "$name: big.bin arrived identical" cmp -s "$BIG" "$dir/big.bin"
  check "$name: no .part and no journal are left" \
    test ! -e "$dir/big.bin.part" -a ! -e "$dir/.big.bin.part.journal"
  at=$(resumed_at "$SLOG")
  check "$name: the sender says where it resumed (${at:-nothing})" [ -n "$at" ]
  check "$name: the receiver says where it resumed" grep -q "^Resuming at ${at:-x} bytes" "$RLOG"
  # Sent the second time: SIZE - at; it must be under 60 % of the file.
  check "$name: the second transfer sent $((SIZE - ${at:-0})) of $SIZE bytes (< 60 %)" \
    [ $(( (SIZE - ${at:-0}) * 100 )) -lt $((SIZE * 60)) ]
  [ $src -eq 0 -a $rrc -eq 0 ] || show "$SLOG" "$RLOG"
}

# 1. The sender is killed first, then the receiver.
if kill_half sender-killed "$WORK/out-a" sender; then
  resume_after sender-killed "$WORK/out-a"
fi

# 2. The receiver is killed first, then the sender.
if kill_half receiver-killed "$WORK/out-b" receiver; then
  resume_after receiver-killed "$WORK/out-b"
fi

[ "${RESUME_STANDARD:-1}" = 1 ] || finish

# The file changed on the sender's side since (same size, same first MiB,
# so the same file id; a byte in the part the receiver holds differs): the
# sender finds that the receiver's prefix is not its file's beginning and
# sends it all; what arrives is the file as it is now.
if kill_half changed "$WORK/out-d" sender; then
  mkdir -p "$WORK/changed"
  cp "$BIG" "$WORK/changed/big.bin"
  printf 'X' | dd of="$WORK/changed/big.bin" bs=1 seek=$((2 * 1024 * 1024)) conv=notrunc status=none
  SOURCE=$WORK/changed/big.bin start_pair changed-2 "$WORK/out-d" gofer_send gofer_recv
  wait_bounded $((60 + SIZE / (8 << 20))) "the receiver of the changed file" $RPID; rrc=$?
  wait_bounded 20 "the sender of the changed file" $SPID; src=$?
  check "changed file: both succeed (sender $src, receiver $rrc)" [ $src -eq 0 -a $rrc -eq 0 ]
  check "changed file: the file as it is now arrived" cmp -s "$WORK/changed/big.bin" "$WORK/out-d/big.bin"
  check "changed file: nothing was resumed" test -z "$(resumed_at "$SLOG")$(resumed_at "$RLOG")"
  check "changed file: no .part and no journal are left" \
    test ! -e "$WORK/out-d/big.bin.part" -a ! -e "$WORK/out-d/.big.bin.part.journal"
  [ $src -eq 0 -a $rrc -eq 0 ] || show "$SLOG" "$RLOG"
fi

# 3. A standard receiver after a killed gofer transfer: the offer is the
# standard one, nothing is resumed, and the whole file arrives.
if kill_half python-after "$WORK/out-c" sender; then
  start_pair python-after-2 "$WORK/out-c" gofer_send py_recv
  wait_bounded 60 "the Python receiver" $RPID; rrc=$?
  wait_bounded 20 "the gofer sender to Python" $SPID; src=$?
  check "python receiver: both succeed (sender $src, receiver $rrc)" [ $src -eq 0 -a $rrc -eq 0 ]
  check "python receiver: big.bin arrived identical" cmp -s "$BIG" "$WORK/out-c/big.bin"
  check "python receiver: nothing was resumed" test -z "$(resumed_at "$SLOG")"
  [ $src -eq 0 -a $rrc -eq 0 ] || show "$SLOG" "$RLOG"
fi

# 4. A standard sender to a gofer that holds a .part of the same file: the
# sender has no file id, so the .part stays aside and the file comes whole
# beside it, under the next free name (the .part still holds "big.bin").
if [ -f "$WORK/out-c/big.bin.part" ]; then
  rm -f "$WORK/out-c/big.bin"
  start_pair python-sender "$WORK/out-c" py_send gofer_recv
  wait_bounded 60 "the gofer receiver from Python" $RPID; rrc=$?
  wait_bounded 20 "the Python sender" $SPID; src=$?
  check "python sender: both succeed (sender $src, receiver $rrc)" [ $src -eq 0 -a $rrc -eq 0 ]
  check "python sender: big (1).bin arrived identical" cmp -s "$BIG" "$WORK/out-c/big (1).bin"
  check "python sender: the old .part was left aside untouched" test -f "$WORK/out-c/big.bin.part"
  check "python sender: nothing was resumed" test -z "$(resumed_at "$RLOG")"
  [ $src -eq 0 -a $rrc -eq 0 ] || show "$SLOG" "$RLOG"
else
  not_ok "python sender: no .part was left to test with"
fi

finish
