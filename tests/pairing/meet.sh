#!/usr/bin/env bash
# Paired devices (issue #18): after pairing with a code, both gofers exit;
# later a file and a text go both ways with no code (send --to, receive
# --from), and a computer whose identity key changed is refused with a
# sentence. Each computer has its own data folder; the server is a
# gofer-relay on loopback.
. "$(dirname "$0")/lib.sh"

start_relay || { not_ok "gofer-relay started"; finish; }

# Each names the other after that one's home name.
if pair ann bob --name ann && as ann devices >/dev/null 2>&1 \
   && sed -i "s/^name=.*/name=bob/" "$WORK/ann/data/gofer/peers.ini"; then
  ok "ann and bob pair with a code, then both exit"
else
  not_ok "ann and bob pair with a code, then both exit"; diag "$WORK"/pair-*.err
fi

head -c 300000 /dev/urandom >"$WORK/photo.bin"
check "bob sends a file and a text to ann with no code" \
  meet bob ann --text "hello from bob" "$WORK/photo.bin"
check "ann printed bob's text" grep -qx "hello from bob" "$WORK/meet.out"
check "ann saved bob's file, byte for byte" cmp -s "$WORK/photo.bin" "$WORK/inbox/photo.bin"
check "ann says whom it met" grep -q "Connected to “bob”" "$WORK/meet.err"

echo "from ann" >"$WORK/note.txt"
check "ann sends a file and a text to bob with no code" \
  meet ann bob --text "hello from ann" "$WORK/note.txt"
check "bob printed ann's text" grep -qx "hello from ann" "$WORK/meet.out"
check "bob saved ann's file" cmp -s "$WORK/note.txt" "$WORK/inbox/note.txt"
check "no code was shown or asked for" \
  bash -c "! grep -qi 'code' '$WORK/meet.err' '$WORK/meet-send.err'"

as bob send --to nobody --text x 2>"$WORK/nobody.err"
check "sending to an unknown name fails with a sentence (exit 2)" \
  test $? -eq 2 -a -n "$(grep -F 'No paired computer is called “nobody”' "$WORK/nobody.err")"

# bob is reinstalled with a new identity but kept its peers: ann refuses it.
mv "$WORK/bob/data/gofer/identity.ini" "$WORK/bob-identity.ini"
as ann receive --from bob --download-folder "$WORK/inbox" >"$WORK/new-key.out" 2>"$WORK/new-key.err" &
pid=$!
as bob send --to ann --text "from a new key" >/dev/null 2>"$WORK/new-key-send.err"
wait "$pid"
status=$?
check "ann refuses a bob with a new identity key (exit 3)" test "$status" -eq 3
check "ann says why, and what to do" grep -qF \
  "The computer that answered as “bob” shows a different identity key than when you paired, so Gofer refused it and sent nothing. If “bob” was reinstalled, forget it (gofer devices forget “bob”) and pair again with a code." \
  "$WORK/new-key.err"
check "nothing from the new key was shown" test ! -s "$WORK/new-key.out"
diag "$WORK/new-key.err"
mv "$WORK/bob-identity.ini" "$WORK/bob/data/gofer/identity.ini"
check "with its old identity, bob gets through again" meet bob ann --text "me again"

# ann is reinstalled with a new identity: bob, knocking on every slot of the
# day, refuses it with the sentence at once rather than waiting in the others.
mv "$WORK/ann/data/gofer/identity.ini" "$WORK/ann-identity.ini"
as ann receive --from bob --download-folder "$WORK/inbox" >/dev/null 2>&1 &
pid=$!
PIDS+=("$pid")
started=$(date +%s%N)
as bob send --to ann --text "to a new key" >/dev/null 2>"$WORK/new-key-bob.err"
status=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
wait "$pid"
check "bob refuses an ann with a new identity key (exit 3), within 10 s (took $elapsed_ms ms)" \
  test "$status" -eq 3 -a "$elapsed_ms" -lt 10000
check "bob says why" grep -qF "The computer that answered as “ann” shows a different identity key" \
  "$WORK/new-key-bob.err"
diag "$WORK/new-key-bob.err"
mv "$WORK/ann-identity.ini" "$WORK/ann/data/gofer/identity.ini"

# Clocks a day apart: the waiting side also waits in yesterday's and
# tomorrow's mailbox (faketime moves only the sender's calendar).
for shift in "+1d" "-1d"; do
  XDG_DATA_HOME="$WORK/bob/data" XDG_CONFIG_HOME="$WORK/bob/config" \
    DONT_FAKE_MONOTONIC=1 FAKETIME="$shift" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 \
    timeout 60 "$GOFER" --relay-url "$RELAY_URL" --transit-helper "$TRANSIT_HELPER" \
    send --to ann --text "from a clock at $shift" >/dev/null 2>"$WORK/skew.err" &
  pid=$!
  as ann receive --from bob --download-folder "$WORK/inbox" >"$WORK/skew.out" 2>/dev/null
  wait "$pid"
  check "bob's clock at $shift still meets ann" grep -qx "from a clock at $shift" "$WORK/skew.out"
done

# A conversation with no code: each side types one line, then its input ends.
printf 'hi from ann\n' | as ann chat --with bob >"$WORK/chat-ann.out" 2>"$WORK/chat-ann.err" &
pid=$!
printf 'hi from bob\n' | as bob chat --with ann >"$WORK/chat-bob.out" 2>"$WORK/chat-bob.err"
bob_status=$?
wait "$pid"
ann_status=$?
check "chat --with: both leave cleanly" test "$ann_status" -eq 0 -a "$bob_status" -eq 0
check "chat --with: ann sees bob's line, bob sees ann's" \
  bash -c "grep -qx 'hi from bob' '$WORK/chat-ann.out' && grep -qx 'hi from ann' '$WORK/chat-bob.out'"
diag "$WORK/chat-ann.err" "$WORK/chat-bob.err"

# A waiting ann is killed with SIGKILL: its side stays in its mailbox until
# the server expires it (11 minutes). Restarted, ann waits in the next slot
# of the day, and bob, knocking on every slot, meets it within seconds.
XDG_DATA_HOME="$WORK/ann/data" XDG_CONFIG_HOME="$WORK/ann/config" "$GOFER" \
  --relay-url "$RELAY_URL" --transit-helper "$TRANSIT_HELPER" \
  receive --from bob --download-folder "$WORK" >/dev/null 2>"$WORK/killed.err" &
victim=$!
PIDS+=("$victim")
for _ in $(seq 1 100); do # at most 10 s for the victim to say it waits
  grep -q "Waiting for “bob”" "$WORK/killed.err" && break
  sleep 0.1
done
sleep 1 # its mailboxes open and hold its key exchange message by then
kill -KILL "$victim"
wait "$victim" 2>/dev/null
rm -rf "$WORK/inbox"; mkdir -p "$WORK/inbox"
as ann receive --from bob --download-folder "$WORK/inbox" >"$WORK/again.out" 2>"$WORK/again.err" &
pid=$!
PIDS+=("$pid")
started=$(date +%s%N)
as bob send --to ann --text "after a kill" >/dev/null 2>"$WORK/again-send.err"
send_status=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
wait "$pid"
check "after a waiting ann was killed with SIGKILL, bob meets the restarted ann" \
  test "$send_status" -eq 0 -a "$(cat "$WORK/again.out")" = "after a kill"
check "within 5 s (took $elapsed_ms ms)" test "$elapsed_ms" -lt 5000
diag "$WORK/again.err" "$WORK/again-send.err"
check "the waiting side's slot counter is a file only its owner reads" \
  test "$(stat -c %a "$WORK/ann/data/gofer/meeting-slot")" = 600

# Both killed with SIGKILL in the middle of a meeting: their slot keeps
# both sides and the messages of that meeting. Restarted, they meet again
# within seconds in other slots.
head -c 20000000 /dev/zero >"$WORK/big.bin"
gofer_as() { # COMPUTER ARGS…: gofer itself, so that $! is its pid
  local who=$1; shift
  XDG_DATA_HOME="$WORK/$who/data" XDG_CONFIG_HOME="$WORK/$who/config" "$GOFER" \
    --relay-url "$RELAY_URL" --transit-helper "$TRANSIT_HELPER" "$@"
}
gofer_as ann receive --from bob --download-folder "$WORK" >/dev/null 2>"$WORK/mid-ann.err" &
ann_pid=$!
gofer_as bob send --to ann "$WORK/big.bin" >/dev/null 2>"$WORK/mid-bob.err" &
bob_pid=$!
PIDS+=("$ann_pid" "$bob_pid")
for _ in $(seq 1 100); do # at most 10 s for ann to meet bob
  grep -q "Connected to “bob”" "$WORK/mid-ann.err" && break
  sleep 0.1
done
check "ann and bob met before being killed" grep -q "Connected to “bob”" "$WORK/mid-ann.err"
kill -KILL "$ann_pid" "$bob_pid" 2>/dev/null
wait "$ann_pid" "$bob_pid" 2>/dev/null
rm -f "$WORK/big.bin"
as ann receive --from bob --download-folder "$WORK/inbox" >"$WORK/mid.out" 2>"$WORK/mid.err" &
pid=$!
PIDS+=("$pid")
started=$(date +%s%N)
as bob send --to ann --text "after both were killed" >/dev/null 2>"$WORK/mid-send.err"
send_status=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
wait "$pid"
check "after both were killed mid-meeting, they meet again within 5 s (took $elapsed_ms ms)" \
  test "$send_status" -eq 0 -a "$(cat "$WORK/mid.out")" = "after both were killed" \
  -a "$elapsed_ms" -lt 5000
diag "$WORK/mid.err" "$WORK/mid-send.err"

# ann forgets bob. The next time they meet (ann names the forgotten bob
# again), ann only tells bob, and bob forgets ann too and says so.
as ann devices forget bob 2>/dev/null
rm -rf "$WORK/inbox"; mkdir -p "$WORK/inbox"
as ann receive --from bob --download-folder "$WORK/inbox" >"$WORK/forget.out" 2>"$WORK/forget.err" &
pid=$!
as bob send --to ann --text "are you there" "$WORK/note.txt" >/dev/null 2>"$WORK/forgotten.err"
bob_status=$?
wait "$pid"
ann_status=$?
check "ann, who forgot bob, tells it so and takes nothing" \
  test "$ann_status" -eq 0 -a ! -s "$WORK/forget.out" -a ! -e "$WORK/inbox/note.txt"
check "ann says what happened" grep -qF "This computer forgot “bob”; it was told so now." "$WORK/forget.err"
check "bob learns it and says so (exit 5)" test "$bob_status" -eq 5
check "bob's sentence" grep -qF \
  "“ann” forgot this computer, so this one forgot it too. Pair again with a code to send to it." \
  "$WORK/forgotten.err"
check "neither lists the other any more" \
  bash -c "! grep -q . <(XDG_DATA_HOME='$WORK/bob/data' '$GOFER' devices 2>/dev/null) && ! grep -q '^name=bob' '$WORK/ann/data/gofer/peers.ini'"
diag "$WORK/forget.err" "$WORK/forgotten.err"

finish
