#!/usr/bin/env bash
# The clients people run in 2026 that cannot run here (GNOME Warp and
# wormhole-rs): rust-peer.py replays their message order, versions and
# refusals on the Debian library, through the reference servers.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay || { echo "Bail out! transit relay did not start"; exit 1; }

# rust_receives NAME GOFER-SEND-ARGS...: gofer sends, the Rust stand-in receives.
rust_receives() {
  local name=$1 code
  shift
  code=$(next_code)
  mkdir -p "$WORK/$name"
  gofer --transit-helper "$TRANSIT_HELPER" send --hide-progress --code "$code" "$@" \
    >"$WORK/$name.send.out" 2>&1 &
  local spid=$!
  timeout 60 /usr/bin/python3 "$HERE/rust-peer.py" "$MAILBOX_URL" "$TRANSIT_HELPER" "$code" "$WORK/$name" \
    >"$WORK/$name.peer.out" 2>&1
  PRC=$?
  wait_bounded 30 "gofer send to the Rust receiver ($name)" $spid
  SRC=$?
}

# A text: Rust clients take no text offers and want "transit" first, so
# it goes as message.txt.
TEXT='Grüße an Warp — 1 2 3'
rust_receives text --text "$TEXT"
if [ $PRC -eq 0 ] && [ $SRC -eq 0 ] && [ "$(cat "$WORK/text/message.txt" 2>/dev/null)" = "$TEXT" ]; then
  ok "text to a Rust receiver arrives as message.txt, both exit 0"
else
  not_ok "text to a Rust receiver: peer rc=$PRC sender rc=$SRC"
  diag "$WORK"/text.*
fi
check "text to a Rust receiver: no offer without transit first" sh -c "! grep -q SENT-ERROR '$WORK/text.peer.out'"

# A file, as before.
head -c 300000 /dev/urandom >"$WORK/photo.bin"
rust_receives file "$WORK/photo.bin"
if [ $PRC -eq 0 ] && [ $SRC -eq 0 ] && cmp -s "$WORK/photo.bin" "$WORK/file/photo.bin"; then
  ok "a file to a Rust receiver arrives intact"
else
  not_ok "a file to a Rust receiver: peer rc=$PRC sender rc=$SRC"
  diag "$WORK"/file.*
fi

# gofer chat whose code a Rust receiver typed: the receiver speaks first
# with its transit only, so gofer must not wait for an offer; the first line
# (/send PATH) goes as a standard transfer.
code=$(next_code)
mkdir -p "$WORK/chat"
(sleep 1; echo "/send $WORK/photo.bin"; sleep 30) |
  gofer --transit-helper "$TRANSIT_HELPER" chat --code "$code" >"$WORK/chat.gofer.out" 2>&1 &
cpid=$!
sleep 1
timeout 60 /usr/bin/python3 "$HERE/rust-peer.py" "$MAILBOX_URL" "$TRANSIT_HELPER" "$code" "$WORK/chat" \
  >"$WORK/chat.peer.out" 2>&1
PRC=$?
wait_bounded 30 "gofer chat to finish after the Rust receiver" $cpid
CRC=$?
if [ $PRC -eq 0 ] && [ $CRC -eq 0 ] && cmp -s "$WORK/photo.bin" "$WORK/chat/photo.bin"; then
  ok "gofer chat with a Rust receiver sends the first /send as a standard transfer"
else
  not_ok "gofer chat with a Rust receiver: peer rc=$PRC chat rc=$CRC"
  diag "$WORK"/chat.*
fi

finish
