#!/usr/bin/env bash
# The clients people run in 2026 that cannot run here (GNOME Warp and
# wormhole-rs): rust-peer.py replays their message order, versions and
# refusals on the Debian library, through the reference servers. In every
# run it also checks what wormhole-rs would panic on: a phase from gofer that
# is not "pake", "version" or a number (#14 item 7), or a message it does
# not know.
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

# only_numeric_phases NAME: the stand-in saw no phase wormhole-rs panics on
# (it exits 6 and says PANIC then), and printed the phases gofer used.
only_numeric_phases() {
  local out="$WORK/$1.peer.out" phases
  phases=$(sed -n 's/^PHASES //p' "$out" | tail -1)
  if ! grep -q '^PANIC' "$out" && [ -n "$phases" ] &&
     ! tr ' ' '\n' <<<"$phases" | grep -vqxE 'pake|version|[0-9]+'; then
    ok "$1: gofer put only pake, version and numbered phases in the mailbox ($phases)"
  else
    not_ok "$1: a phase a Rust client cannot take"
    diag "$out"
  fi
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
only_numeric_phases text

# A file, as before.
head -c 300000 /dev/urandom >"$WORK/photo.bin"
rust_receives file "$WORK/photo.bin"
if [ $PRC -eq 0 ] && [ $SRC -eq 0 ] && cmp -s "$WORK/photo.bin" "$WORK/file/photo.bin"; then
  ok "a file to a Rust receiver arrives intact"
else
  not_ok "a file to a Rust receiver: peer rc=$PRC sender rc=$SRC"
  diag "$WORK"/file.*
fi
only_numeric_phases file

# A code with capitals, chosen by a person: Rust, like Python and Go, uses
# it exactly as typed, and so does gofer (#14 item 3). Both directions.
code=$(next_code); code=${code%%-*}-Correct-Horse
mkdir -p "$WORK/caps-to"
gofer --transit-helper "$TRANSIT_HELPER" send --hide-progress --code "$code" "$WORK/photo.bin" \
  >"$WORK/caps-to.send.out" 2>&1 &
spid=$!
timeout 60 /usr/bin/python3 "$HERE/rust-peer.py" "$MAILBOX_URL" "$TRANSIT_HELPER" "$code" "$WORK/caps-to" \
  >"$WORK/caps-to.peer.out" 2>&1
PRC=$?
wait_bounded 30 "gofer send to the Rust receiver (capitals)" $spid
SRC=$?
check "a code with capitals, gofer send → Rust receiver: rc $SRC/$PRC" \
  sh -c "[ $SRC -eq 0 ] && [ $PRC -eq 0 ] && cmp -s '$WORK/photo.bin' '$WORK/caps-to/photo.bin'"
code=$(next_code); code=${code%%-*}-Correct-Horse
mkdir -p "$WORK/caps-from"
timeout 60 /usr/bin/python3 "$HERE/rust-peer.py" --send file "$MAILBOX_URL" "$TRANSIT_HELPER" "$code" \
  "$WORK/photo.bin" >"$WORK/caps-from.peer.out" 2>&1 &
ppid=$!
sleep 1
(cd "$WORK/caps-from" && gofer --transit-helper "$TRANSIT_HELPER" receive --hide-progress --accept-file "$code") \
  >"$WORK/caps-from.gofer.out" 2>&1
RRC=$?
wait_bounded 30 "the Rust sender (capitals)" $ppid
PRC=$?
check "a code with capitals, Rust sender → gofer receive: rc $RRC/$PRC" \
  sh -c "[ $RRC -eq 0 ] && [ $PRC -eq 0 ] && cmp -s '$WORK/photo.bin' '$WORK/caps-from/photo.bin'"

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
only_numeric_phases chat

# gofer chat whose code a Rust sender typed: its transit and offer come
# first; gofer chat receives the file, and says nothing of its own protocol.
code=$(next_code)
mkdir -p "$WORK/chat-from"
(cd "$WORK/chat-from" && (sleep 30) |
  timeout 60 "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$TRANSIT_HELPER" chat \
    --accept-file --code "$code") >"$WORK/chat-from.gofer.out" 2>&1 &
cpid=$!
sleep 1
timeout 60 /usr/bin/python3 "$HERE/rust-peer.py" --send file "$MAILBOX_URL" "$TRANSIT_HELPER" "$code" \
  "$WORK/photo.bin" >"$WORK/chat-from.peer.out" 2>&1
PRC=$?
wait_bounded 40 "gofer chat to finish after the Rust sender" $cpid
CRC=$?
if [ $PRC -eq 0 ] && [ $CRC -eq 0 ] && cmp -s "$WORK/photo.bin" "$WORK/chat-from/photo.bin"; then
  ok "gofer chat with a Rust sender receives its file"
else
  not_ok "gofer chat with a Rust sender: peer rc=$PRC chat rc=$CRC"
  diag "$WORK"/chat-from.*
fi
only_numeric_phases chat-from

# A folder from Warp (NAME.zip, packed by Warp) and from wormhole-rs
# (NAME.tar): gofer receive keeps the file and, asked or with --unpack,
# unpacks it through the checks a received folder goes through.
ALBUM="$WORK/Album Ü"
mkdir -p "$ALBUM/sub/deeper" "$ALBUM/empty"
head -c 70000 /dev/urandom >"$ALBUM/a.bin"
head -c 5000 /dev/urandom >"$ALBUM/sub/b.bin"
printf 'notes\n' >"$ALBUM/sub/deeper/Grüße.txt"

# rust_sends NAME KIND [GOFER-RECEIVE-ARGS...], with stdin for gofer.
rust_sends() {
  local name=$1 kind=$2 code
  shift 2
  code=$(next_code)
  mkdir -p "$WORK/$name"
  timeout 60 /usr/bin/python3 "$HERE/rust-peer.py" --send "$kind" "$MAILBOX_URL" "$TRANSIT_HELPER" "$code" \
    "$ALBUM" >"$WORK/$name.peer.out" 2>&1 &
  local ppid=$!
  sleep 1
  (cd "$WORK/$name" && timeout 60 "$GOFER" --relay-url "$MAILBOX_URL" --transit-helper "$TRANSIT_HELPER" \
    receive --hide-progress --accept-file "$@" "$code") >"$WORK/$name.gofer.out" 2>&1
  RRC=$?
  wait_bounded 30 "the Rust sender ($name)" $ppid
  PRC=$?
}

# same_tree DIR [with-empty]: DIR holds the album's files byte for byte
# (and its empty folder, which a tar keeps and Warp's zip does not).
same_tree() {
  cmp -s "$ALBUM/a.bin" "$1/a.bin" && cmp -s "$ALBUM/sub/b.bin" "$1/sub/b.bin" &&
    cmp -s "$ALBUM/sub/deeper/Grüße.txt" "$1/sub/deeper/Grüße.txt" &&
    { [ "${2:-}" != with-empty ] || [ -d "$1/empty" ]; } &&
    [ "$(find "$1" -type f | wc -l)" -eq 3 ]
}

rust_sends warp-zip zip --unpack </dev/null
if [ $RRC -eq 0 ] && [ $PRC -eq 0 ] && [ -f "$WORK/warp-zip/Album Ü.zip" ] &&
   same_tree "$WORK/warp-zip/Album Ü" && grep -q "Unpacked into: .*Album Ü" "$WORK/warp-zip.gofer.out"; then
  ok "Warp's folder (Album Ü.zip) with --unpack: the zip is kept and Album Ü/ holds its files"
else
  not_ok "Warp's folder with --unpack: gofer rc=$RRC peer rc=$PRC"
  diag "$WORK"/warp-zip.*
  ls -lR "$WORK/warp-zip" | diag /dev/stdin
fi
only_numeric_phases warp-zip

rust_sends rs-tar tar <<<"y"
if [ $RRC -eq 0 ] && [ $PRC -eq 0 ] && [ -f "$WORK/rs-tar/Album Ü.tar" ] &&
   grep -q "Unpack it into Album Ü/? \[Y/n\]" "$WORK/rs-tar.gofer.out" &&
   same_tree "$WORK/rs-tar/Album Ü" with-empty && [ ! -e "$WORK/rs-tar/Album Ü/Album Ü" ]; then
  ok "wormhole-rs's folder (Album Ü.tar), answered y: unpacked into Album Ü/, not Album Ü/Album Ü"
else
  not_ok "wormhole-rs's folder, answered y: gofer rc=$RRC peer rc=$PRC"
  diag "$WORK"/rs-tar.*
  ls -lR "$WORK/rs-tar" | diag /dev/stdin
fi
only_numeric_phases rs-tar

rust_sends rs-tar-no tar <<<"n"
if [ $RRC -eq 0 ] && [ -f "$WORK/rs-tar-no/Album Ü.tar" ] && [ ! -e "$WORK/rs-tar-no/Album Ü" ]; then
  ok "answered n: the tar is kept and nothing is unpacked"
else
  not_ok "answered n: gofer rc=$RRC"
  diag "$WORK"/rs-tar-no.*
fi

# Unpacking twice, or beside a folder of that name, never overwrites.
mkdir -p "$WORK/taken/Album Ü"
echo mine >"$WORK/taken/Album Ü/a.bin"
rust_sends taken zip --unpack </dev/null
if [ $RRC -eq 0 ] && [ "$(cat "$WORK/taken/Album Ü/a.bin")" = mine ] && same_tree "$WORK/taken/Album Ü (1)"; then
  ok "a folder of that name is left alone: the zip unpacks into Album Ü (1)/"
else
  not_ok "unpacking beside a taken name: gofer rc=$RRC"
  diag "$WORK"/taken.*
fi

# A Python sender's .zip is a file the person chose to send: no question.
printf 'not a folder\n' >"$WORK/plain.zip"
code=$(next_code)
mkdir -p "$WORK/py-zip"
py_wormhole --transit-helper "$TRANSIT_HELPER" send --code "$code" "$WORK/plain.zip" >"$WORK/py-zip.send.out" 2>&1 &
spid=$!
sleep 1
(cd "$WORK/py-zip" && gofer --transit-helper "$TRANSIT_HELPER" receive --accept-file "$code" <<<"y") \
  >"$WORK/py-zip.gofer.out" 2>&1
RRC=$?
wait_bounded 30 "the Python sender of plain.zip" $spid
if [ $RRC -eq 0 ] && [ -f "$WORK/py-zip/plain.zip" ] && ! grep -q "Unpack" "$WORK/py-zip.gofer.out"; then
  ok "a .zip from the Python client is saved without a question"
else
  not_ok "a .zip from the Python client: gofer rc=$RRC"
  diag "$WORK"/py-zip.*
fi

finish
