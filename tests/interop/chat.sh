#!/usr/bin/env bash
# Conversations between two Gofers (docs/protocol-extensions.md), and what
# `gofer chat` does when the other side is a standard wormhole client.
. "$(dirname "$0")/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }

# 1,000 messages each way, typed while the other side types too.
mailboxes_before=$(closed_mailboxes | wc -w)
seq 1 1000 | sed 's/^/from A, line /' >"$WORK/a.in"
seq 1 1000 | sed 's/^/from B, line /' >"$WORK/b.in"
code=$(next_code)
(sleep 1.5; cat "$WORK/a.in") | gofer chat --code "$code" >"$WORK/a.out" 2>"$WORK/a.err" &
apid=$!
sleep 0.5
(sleep 1; cat "$WORK/b.in") | gofer chat "$code" >"$WORK/b.out" 2>"$WORK/b.err"
brc=$?
wait $apid
arc=$?
check "chat: both sides exit 0" [ $arc -eq 0 ] && [ $brc -eq 0 ]
check "chat: B shows A's 1000 messages once each, in order" cmp -s "$WORK/a.in" "$WORK/b.out"
check "chat: A shows B's 1000 messages once each, in order" cmp -s "$WORK/b.in" "$WORK/a.out"
check "chat: A's messages all reported delivered" grep -q "1000 of your 1000 messages were delivered" "$WORK/a.err"
check "chat: B's messages all reported delivered" grep -q "1000 of your 1000 messages were delivered" "$WORK/b.err"
check "chat: both sides show the same verification check" \
  [ "$(grep -o 'check: [0-9a-f-]*' "$WORK/a.err")" = "$(grep -o 'check: [0-9a-f-]*' "$WORK/b.err")" ]
check "chat: the mailbox closed happy" [ "$(last_mailbox_result)" = "happy" ]
# 2,000 messages and their receipts: the conversation moved to a fresh
# mailbox every 250 (docs/protocol-extensions.md, section 7), each closed happy.
moods=$(closed_mailboxes | cut -d' ' -f$((mailboxes_before + 1))-)
n_moods=$(wc -w <<<"$moods")
unhappy=$(tr ' ' '\n' <<<"$moods" | grep -cv '^happy$')
check "chat: it moved to fresh mailboxes, each closed happy ($n_moods: $moods)" \
  [ "$n_moods" -ge 3 ] && [ "$unhappy" -eq 0 ]

# Terminal escapes from the peer are never printed raw.
code=$(next_code)
printf 'bell\a and \033[31mred\033[0m\n' | (sleep 1; cat) | gofer chat --code "$code" >/dev/null 2>&1 &
apid=$!
sleep 0.5
(sleep 3) | gofer chat "$code" >"$WORK/esc.out" 2>/dev/null
wait $apid
check "chat: control characters from the peer are neutralised" \
  [ "$(grep -c $'\033' "$WORK/esc.out")" -eq 0 ] && grep -qF 'bell\x07 and \x1B[31mred' "$WORK/esc.out"

# A standard sender: gofer chat falls back to one standard receive.
code=$(next_code)
py_wormhole send --code "$code" --text "plain text to a chat" >/dev/null 2>&1 &
spid=$!
sleep 1
out=$(gofer chat "$code" </dev/null 2>"$WORK/f1.err")
rc=$?
wait $spid
src=$?
check "standard sender: gofer chat receives the text" [ "$out" = "plain text to a chat" ] && [ $rc -eq 0 ]
check "standard sender: python sender succeeds" [ $src -eq 0 ]

# A standard receiver: it is told, not left waiting.
code=$(next_code)
(sleep 20) | gofer chat --code "$code" >/dev/null 2>"$WORK/f2.err" &
cpid=$!
sleep 1
start=$(date +%s)
py_wormhole receive "$code" >"$WORK/f3.out" 2>&1 </dev/null
prc=$?
elapsed=$(( $(date +%s) - start ))
wait $cpid
crc=$?
check "standard receiver: python gives up with an error, not a hang (${elapsed}s)" [ $prc -ne 0 ] && [ $elapsed -le 15 ]
check "standard receiver: python shows why" grep -q "wants a conversation" "$WORK/f3.out"
check "standard receiver: gofer chat exits 5 and says what to use" [ $crc -eq 5 ] && grep -q "gofer send" "$WORK/f2.err"

finish
