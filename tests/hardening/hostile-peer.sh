#!/usr/bin/env bash
# A misbehaving peer on the Debian wormhole library (hostile-peer.py): a
# flood of offers or of other messages, offers that are not offers, names
# that are not UTF-8, and, against `gofer send`, a receiver that acks with a
# wrong SHA-256, a bad ack or none, or answers nonsense. Also a local file
# whose name is not UTF-8, sent by gofer to gofer. Each case must end in a
# clear result: the right file, or a sentence and nothing written.
. "$(dirname "$0")/../interop/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay || { echo "Bail out! transit relay did not start"; exit 1; }

HERE=$(cd "$(dirname "$0")" && pwd)
printf 'hello' >"$WORK/hello.bin"
head -c 300000 /dev/urandom >"$WORK/300k.bin"

peer() { timeout 60 /usr/bin/python3 "$HERE/hostile-peer.py" "$MAILBOX_URL" "$TRANSIT_HELPER" "$@"; }
no_criticals() { ! grep -qE "CRITICAL|WARNING \*\*|assertion|Segmentation|Aborted" "$@"; }

# against_receiver NAME MODE [ARG]: gofer receives from the hostile sender.
# Sets RC, PRC, OUT, POUT, DEST.
against_receiver() {
  local name=$1 code
  shift
  code=$(next_code)
  DEST=$WORK/dest-$name
  OUT=$WORK/$name.gofer
  POUT=$WORK/$name.peer
  mkdir -p "$DEST"
  peer "$code" "$@" >"$POUT" 2>&1 &
  local ppid=$!
  (cd "$DEST" && gofer --transit-helper "$TRANSIT_HELPER" receive --accept-file --hide-progress "$code") >"$OUT" 2>&1
  RC=$?
  wait $ppid
  PRC=$?
}

# against_sender NAME FILE MODE [ARG]: gofer sends FILE to the hostile receiver.
against_sender() {
  local name=$1 file=$2 code
  shift 2
  code=$(next_code)
  OUT=$WORK/$name.gofer
  POUT=$WORK/$name.peer
  gofer --transit-helper "$TRANSIT_HELPER" send --hide-progress --code "$code" "$file" >"$OUT" 2>&1 &
  local gpid=$!
  peer "$code" "$@" >"$POUT" 2>&1
  PRC=$?
  wait $gpid
  RC=$?
}

show() { diag "$POUT" "$OUT"; }
only() { [ "$(cd "$DEST" && ls -A)" = "$1" ]; }
empty() { [ -z "$(ls -A "$DEST")" ]; }

# A flood of offers: the first is received, the rest are ignored.
against_receiver offers offers 200
if [ $RC -eq 0 ] && only flood-0.bin && cmp -s "$WORK/hello.bin" "$DEST/flood-0.bin"; then
  ok "200 offers at once: the first is received, nothing else is written"
else
  not_ok "200 offers at once: rc=$RC, folder holds “$(ls -A "$DEST")”"
  show
fi
check "200 offers at once: the sender got its final ack" grep -q '^ACK {"ack": "ok"' "$POUT"

# A flood of other messages before the offer.
start=$(date +%s)
against_receiver chatter chatter 500
if [ $RC -eq 0 ] && only flood-0.bin; then
  ok "500 unknown messages first: skipped, then the offer is received ($(( $(date +%s) - start )) s)"
else
  not_ok "500 unknown messages first: rc=$RC"
  show
fi

# expect_unreadable NAME MODE ARG PHRASE: gofer refuses with PHRASE, writes
# nothing, logs no critical, and tells the sender.
expect_unreadable() {
  local name=$1 mode=$2 arg=$3 phrase=$4
  against_receiver "$name" "$mode" "$arg"
  if [ $RC -ne 0 ] && grep -q "$phrase" "$OUT"; then
    ok "$name: refused with “$phrase”"
  else
    not_ok "$name: rc=$RC, wanted “$phrase”"
    show
  fi
  check "$name: nothing is written" empty
  check "$name: no crash, critical or assertion" no_criticals "$OUT"
}

expect_unreadable "offer is a string" json '{"offer": "x"}' "cannot read"
expect_unreadable "offer is null" json '{"offer": null}' "cannot read"
expect_unreadable "error is a number" json '{"error": 5}' "stopped the transfer"
expect_unreadable "error with terminal escapes" json '{"error": "\u001b[2J\u009b31m\rdone"}' "stopped the transfer"
check "error with terminal escapes: no control character reaches the terminal" \
  bash -c '! LC_ALL=C grep -qP "[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]" "$1"' _ "$OUT"
# A text offer that tries to drive the terminal: OSC 0 (title), OSC 52
# (clipboard), cursor up and erase line to forge a "Received:" line, C1 CSI,
# a bidi override. gofer receive prints it with lines and tabs kept and every
# other control shown as a visible escape.
against_receiver "escaping text" json \
  '{"offer": {"message": "hi\u001b]0;owned\u0007\u001b]52;c;ZWNobyBvd25lZA==\u0007\nx\u001b[1A\u001b[2KReceived: /etc/passwd\n\u009b31mred\u202eevil\tend\r\nlast"}}'
if [ $RC -eq 0 ] && grep -qF 'hi\x1B]0;owned\x07\x1B]52;c;' "$OUT" && grep -qF 'x\x1B[1A\x1B[2KReceived: /etc/passwd' "$OUT" \
   && grep -qF '\x9B31mred\u202Eevil' "$OUT" && grep -qx 'last' "$OUT"; then
  ok "escaping text: printed with every escape visible, lines kept"
else
  not_ok "escaping text: rc=$RC"
  show
fi
check "escaping text: no control character but line feeds and tabs reaches the terminal" \
  bash -c '! LC_ALL=C grep -qP "[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]" "$1"' _ "$OUT"
check "escaping text: the tab is kept" grep -qP 'evil\tend' "$OUT"
check "escaping text: nothing is written" empty

# What Python's wormhole sends for a file whose name is not UTF-8 on Linux:
# the undecodable byte as a lone surrogate escape. json-glib turns it into
# invalid UTF-8 (and swallows the next character); gofer saves the file
# under a valid UTF-8 name and prints nothing that is not UTF-8.
against_receiver surrogate json '{"offer": {"file": {"filename": "caf\udce9.txt", "filesize": 5}}}'
saved=$(cd "$DEST" && ls -A)
if [ $RC -eq 0 ] && [ -n "$saved" ] && printf '%s' "$saved" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 \
   && cmp -s "$WORK/hello.bin" "$DEST/$saved"; then
  ok "name with a lone surrogate: saved under a valid UTF-8 name (“$saved”)"
else
  not_ok "name with a lone surrogate: rc=$RC, saved “$saved”"
  show
fi
check "name with a lone surrogate: everything gofer printed is UTF-8" iconv -f UTF-8 -t UTF-8 "$OUT" -o /dev/null
check "name with a lone surrogate: no crash, critical or assertion" no_criticals "$OUT"
# Raw Latin-1 bytes in the message: not JSON text at all.
expect_unreadable "name in Latin-1 bytes" raw \
  "$(printf '{"offer": {"file": {"filename": "caf\xe9.txt", "filesize": 5}}}' | od -An -v -tx1 | tr -d ' \n')" \
  "could not be read"

# A receiver that lies in the final ack, or never sends one.
expect_sender_fails() { # NAME MODE ARG PHRASE
  local name=$1 mode=$2 arg=$3 phrase=$4
  against_sender "$name" "$WORK/300k.bin" "$mode" "$arg"
  if [ $RC -ne 0 ] && grep -q "$phrase" "$OUT"; then
    ok "$name: gofer send fails with “$phrase”"
  else
    not_ok "$name: gofer send rc=$RC, wanted “$phrase”"
    show
  fi
  check "$name: no crash, critical or assertion" no_criticals "$OUT"
}
expect_sender_fails "wrong sha256 in the ack" ack-wrong "" "received different data"
check "wrong sha256 in the ack: the peer really got everything first" grep -q "^GOT 300000 bytes" "$POUT"
expect_sender_fails "ack that is not ok" ack-bad "" "did not confirm the transfer"
expect_sender_fails "no ack at all" ack-none "" "closed the connection"
expect_sender_fails "answer is a number" answer '{"answer": 5}' "does not understand"
expect_sender_fails "answer refuses" answer '{"answer": {"file_ack": "no"}}' "does not understand"

# A receiver that says it can resume (resume-v1) and then asks to go on at
# an offset past the file's size, at 0, or with a hash that is not one:
# gofer send refuses before it reads a byte of the file for it.
H=$(printf '%064d' 0)
expect_sender_fails "resume past the size" resume \
  "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 300001, \"sha256\": \"$H\"}}" \
  "asked to go on with a partly sent file"
check "resume past the size: gofer offered its file id to a peer listing resume-v1" \
  grep -qE '^OFFER .*"gofer-resume": \{"file-id": "[0-9a-f]{64}"\}' "$POUT"
expect_sender_fails "resume at 0" resume \
  "{\"answer\": {\"file_ack\": \"ok\"}, \"gofer-resume\": {\"offset\": 0, \"sha256\": \"$H\"}}" \
  "asked to go on with a partly sent file"
expect_sender_fails "resume with a bad hash" resume \
  '{"answer": {"file_ack": "ok"}, "gofer-resume": {"offset": 1000, "sha256": "../../etc"}}' \
  "asked to go on with a partly sent file"
# A standard receiver never sees the extension.
against_sender standard-offer "$WORK/300k.bin" answer '{"answer": {"file_ack": "no"}}'
check "standard receiver: the offer carries nothing but the standard offer" \
  grep -qE '^OFFER \{"offer": \{"file": \{[^{}]*\}\}\}$' "$POUT"

# A local file whose name is not UTF-8: gofer offers a valid UTF-8 name and
# the other gofer saves it under that name.
weird=$WORK/$(printf 'caf\xe9 %s.bin' "$RANDOM")
cp "$WORK/hello.bin" "$weird"
code=$(next_code)
DEST=$WORK/dest-weird
mkdir -p "$DEST"
gofer --transit-helper "$TRANSIT_HELPER" send --hide-progress --code "$code" "$weird" >"$WORK/weird.send" 2>&1 &
spid=$!
(cd "$DEST" && gofer --transit-helper "$TRANSIT_HELPER" receive --accept-file --hide-progress "$code") >"$WORK/weird.recv" 2>&1
RC=$?
wait $spid
SRC=$?
saved=$(cd "$DEST" && ls -A)
if [ $RC -eq 0 ] && [ $SRC -eq 0 ] && [ -n "$saved" ] && printf '%s' "$saved" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 \
   && cmp -s "$WORK/hello.bin" "$DEST/$saved"; then
  ok "a non-UTF-8 local name is sent and saved as valid UTF-8 (“$saved”)"
else
  not_ok "non-UTF-8 local name: send rc=$SRC, receive rc=$RC, saved “$saved”"
  diag "$WORK/weird.send" "$WORK/weird.recv"
fi

finish
