#!/usr/bin/env bash
# A transit relay that attacks the records between `gofer send` and
# `gofer receive` (tests/hardening/evil-relay.py): it corrupts, replays,
# reorders, drops or truncates one record, lies about a length, stalls,
# corrupts the final ack or the handshake. Both sides use only that relay
# (--no-listen). Every case must end with a clear error on the side that
# notices, and leave the download folder without any file, .part or
# otherwise, that could pass for the real one. Where the connection only
# broke or stalled, the .part (every byte in it authenticated) and its
# journal stay for the same file sent again (resume-v1, docs/security.md).
. "$(dirname "$0")/../interop/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }

HERE=$(cd "$(dirname "$0")" && pwd)
PAYLOAD=$WORK/payload.bin
head -c $((1024 * 1024 + 4321)) /dev/urandom >"$PAYLOAD"   # 5 records of 256 KiB or less

# start_evil MODE [N]: sets EVIL (the helper string) and EVIL_LOG.
start_evil() {
  local port_file=$WORK/evil-$1.port
  EVIL_LOG=$WORK/evil-$1.log
  /usr/bin/python3 "$HERE/evil-relay.py" "$port_file" "$@" >"$EVIL_LOG" 2>&1 &
  EVIL_PID=$!
  PIDS+=("$EVIL_PID")
  for _ in $(seq 1 100); do [ -s "$port_file" ] && break; sleep 0.1; done
  EVIL="tcp:127.0.0.1:$(cat "$port_file")"
}
stop_evil() { kill "$EVIL_PID" 2>/dev/null; wait "$EVIL_PID" 2>/dev/null; }

# transfer NAME MODE [N]: runs sender and receiver through the evil relay.
# Sets SRC/RRC (exit codes), SLOG/RLOG (their output), DEST (the folder).
transfer() {
  local name=$1 code
  shift
  start_evil "$@"
  code=$(next_code)
  DEST=$WORK/dest-$name
  SLOG=$WORK/$name.send.log
  RLOG=$WORK/$name.recv.log
  mkdir -p "$DEST"
  gofer --transit-helper "$EVIL" send --hide-progress --no-listen --code "$code" "$PAYLOAD" >"$SLOG" 2>&1 &
  local spid=$!
  (cd "$DEST" && gofer --transit-helper "$EVIL" receive --hide-progress --no-listen --accept-file "$code") >"$RLOG" 2>&1
  RRC=$?
  wait $spid
  SRC=$?
  stop_evil
}

nothing_left() {
  [ -z "$(ls -A "$DEST")" ] && return 0
  echo "# left in $DEST: $(ls -A "$DEST" | tr '\n' ' ')" >&2
  return 1
}
part_and_journal_left() {
  [ "$(ls -A "$DEST" | tr '\n' ' ')" = ".payload.bin.part.journal payload.bin.part " ] && return 0
  echo "# left in $DEST: $(ls -A "$DEST" | tr '\n' ' ')" >&2
  return 1
}
no_criticals() { ! grep -qE "CRITICAL|WARNING \*\*|assertion" "$SLOG" "$RLOG"; }
show() { diag "$EVIL_LOG" "$SLOG" "$RLOG"; }

# expect_refused NAME MODE N PHRASE [LEFT]: the receiver fails saying
# PHRASE, the sender fails too, and nothing is left in the download folder
# (LEFT=part: only the .part and its journal, a connection that broke).
expect_refused() {
  local name=$1 mode=$2 n=$3 phrase=$4 left=${5:-nothing}
  transfer "$name" "$mode" "$n"
  if [ $RRC -ne 0 ] && grep -q "$phrase" "$RLOG"; then
    ok "$name: the receiver stops with “$phrase”"
  else
    not_ok "$name: receiver rc=$RRC, wanted an error saying “$phrase”"
    show
  fi
  check "$name: the relay did tamper" grep -q TAMPERED "$EVIL_LOG"
  check "$name: the sender fails too (no final ack)" [ $SRC -ne 0 ]
  if [ "$left" = part ]; then
    check "$name: only the .part and its journal are left" part_and_journal_left
  else
    check "$name: nothing is left in the download folder" nothing_left
  fi
  check "$name: no critical or assertion was logged" no_criticals
}

# The control case: the same relay, forwarding faithfully, delivers the file.
transfer pass pass
if [ $SRC -eq 0 ] && [ $RRC -eq 0 ] && cmp -s "$PAYLOAD" "$DEST/payload.bin"; then
  ok "pass: an honest relay delivers the file intact"
else
  not_ok "pass: sender rc=$SRC, receiver rc=$RRC"
  show
fi

expect_refused corrupt corrupt 1 "could not be decrypted"
expect_refused replay replay 1 "out of order"
expect_refused reorder reorder 1 "out of order"
expect_refused drop drop 1 "out of order"
expect_refused truncate truncate 1 "broke before the transfer finished" part
expect_refused length length 2 "too large"

# A corrupted final ack: the receiver has every authenticated byte and keeps
# the file; the sender cannot confirm delivery and says so.
transfer ack ack 0
check "ack: the relay did tamper" grep -q TAMPERED "$EVIL_LOG"
check "ack: the receiver saved the complete file" cmp -s "$PAYLOAD" "$DEST/payload.bin"
if [ $SRC -ne 0 ] && grep -q "could not be decrypted" "$SLOG"; then
  ok "ack: the sender reports that the confirmation could not be read"
else
  not_ok "ack: sender rc=$SRC"
  show
fi

# A tampered handshake: no transit connection is made at all.
transfer handshake handshake
check "handshake: the receiver fails" [ $RRC -ne 0 ]
check "handshake: the sender fails" [ $SRC -ne 0 ]
check "handshake: nothing is left in the download folder" nothing_left
check "handshake: no critical or assertion was logged" no_criticals

# A relay that stops forwarding but keeps the connections open (a network
# partition): with --transit-timeout 3 both sides give up by themselves a
# few seconds later, say why, and the receiver keeps its .part and journal
# to resume from.
start_evil stall 1
code=$(next_code)
DEST=$WORK/dest-stall
SLOG=$WORK/stall.send.log
RLOG=$WORK/stall.recv.log
mkdir -p "$DEST"
timeout 60 "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$EVIL" send --hide-progress --no-listen \
  --transit-timeout 3 --code "$code" "$PAYLOAD" >"$SLOG" 2>&1 &
spid=$!
(cd "$DEST" && exec timeout 60 "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$EVIL" receive \
   --hide-progress --no-listen --transit-timeout 3 --accept-file "$code") >"$RLOG" 2>&1 &
rpid=$!
for _ in $(seq 1 100); do grep -q TAMPERED "$EVIL_LOG" && break; sleep 0.1; done
stalled_at=$(date +%s%N)
sleep 1
check "stall: both sides are still waiting 1 s later" kill -0 $spid $rpid
check "stall: only a .part file and its journal exist meanwhile" part_and_journal_left
wait $rpid
RRC=$?
wait $spid
SRC=$?
waited_ms=$(( ($(date +%s%N) - stalled_at) / 1000000 ))
diag_ms() { echo "# stall: both sides stopped ${waited_ms} ms after the relay stalled" >&2; }
diag_ms
check "stall: the receiver gives up by itself (status 1)" [ $RRC -eq 1 ]
check "stall: the sender gives up by itself (status 1)" [ $SRC -eq 1 ]
check "stall: within 3 s of silence plus slack" [ $waited_ms -lt 12000 ]
check "stall: the receiver says nothing moved for 3 seconds" grep -q "Nothing moved between the computers for 3 seconds" "$RLOG"
check "stall: the sender says why too" grep -q "Nothing moved between the computers for 3 seconds\|transit relay" "$SLOG"
check "stall: the .part file and its journal are kept to resume from" part_and_journal_left
stop_evil

finish
