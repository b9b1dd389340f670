#!/usr/bin/env bash
# Two Gofers on a local network without Internet: the sender serves its own
# mailbox and transit relay and announces them with mDNS; the receiver types
# only the code and finds it. See docs/protocol-extensions.md §8.
. "$(dirname "$0")/lan-lib.sh"

start_side sender 1 || { echo "Bail out! side sender did not start"; exit 1; }
start_side receiver 2 || { echo "Bail out! side receiver did not start"; exit 1; }
start_side stranger 3 || { echo "Bail out! side stranger did not start"; exit 1; }
start_side bare 4 no-mdns || { echo "Bail out! side bare did not start"; exit 1; }

gofer_on() { # SIDE args...: gofer with the default server, which resolves to nothing here
  local side=$1
  shift
  on_side "$side" timeout 60 "$GOFER" "$@"
}

# --- text, asked for with --local ----------------------------------------
gofer_on sender send --local --text "hello over the LAN" 2>"$WORK/text.send.err" &
spid=$!
code=$(code_from "$WORK/text.send.err")
check "the sender prints a code" [ -n "$code" ]
# Avahi probes the name for about a second before it answers for it.
for _ in $(seq 1 10); do
  on_side receiver timeout 5 avahi-browse -prt _gofer-mailbox._tcp >"$WORK/browse.during" 2>&1
  grep -q "nameplates=${code%%-*}" "$WORK/browse.during" && break
  sleep 0.5
done
check "avahi-browse on the other computer sees the mailbox, listing the nameplate" \
  grep -q "${SIDE_ADDRESS[sender]};[0-9]*;.*nameplates=${code%%-*}" "$WORK/browse.during"
start=$SECONDS
gofer_on receiver receive "$code" >"$WORK/text.recv.out" 2>"$WORK/text.recv.err"
rrc=$?
wait_bounded 30 "the text sender" $spid
src=$?
if [ $rrc -eq 0 ] && [ $src -eq 0 ] && grep -qxF "hello over the LAN" "$WORK/text.recv.out"; then
  ok "gofer receive finds the sender on the network by the code alone ($((SECONDS - start)) s)"
else
  not_ok "text on the LAN: sender rc=$src receiver rc=$rrc"
  diag "$WORK"/text.*
fi
check "the sender says the transfer stays on this network" \
  grep -q "stays on this network" "$WORK/text.send.err"
# The announcement goes with the sender's bus connection; the other side's
# Avahi drops it on the goodbye packet, within a second or so.
for _ in $(seq 1 10); do
  on_side receiver timeout 3 avahi-browse -prt _gofer-mailbox._tcp >"$WORK/browse.after" 2>&1
  grep -q '^=' "$WORK/browse.after" || break
  sleep 0.5
done
check "after the transfer the mailbox is no longer announced" \
  bash -c "! grep -q '^=' '$WORK/browse.after'"

# --- a file, the server out of reach without --local ------------------------
head -c 3000000 /dev/urandom >"$WORK/file.bin"
gofer_on sender send "$WORK/file.bin" 2>"$WORK/file.send.err" &
spid=$!
code=$(code_from "$WORK/file.send.err")
mkdir -p "$WORK/downloads"
on_side receiver sh -c "cd '$WORK/downloads' && timeout 60 '$GOFER' receive --accept-file '$code'" \
  >"$WORK/file.recv.out" 2>"$WORK/file.recv.err"
rrc=$?
wait_bounded 30 "the file sender" $spid
src=$?
if [ $rrc -eq 0 ] && [ $src -eq 0 ] && cmp -s "$WORK/file.bin" "$WORK/downloads/file.bin"; then
  ok "with the server out of reach, a file goes over the LAN, byte for byte"
else
  not_ok "file on the LAN: sender rc=$src receiver rc=$rrc"
  diag "$WORK"/file.send.err "$WORK"/file.recv.*
fi
check "the sender says why it serves the transfer itself" \
  grep -q "cannot be reached" "$WORK/file.send.err"

# --- a folder: nested, with an empty subfolder ------------------------------
mkdir -p "$WORK/tree/sub dir/deeper" "$WORK/tree/hollow"
head -c 200000 /dev/urandom >"$WORK/tree/a.bin"
printf 'hello\n' >"$WORK/tree/sub dir/b.txt"
printf 'ü\n' >"$WORK/tree/sub dir/deeper/ünï.txt"
: >"$WORK/tree/sub dir/deeper/empty.txt"
gofer_on sender send --local "$WORK/tree" 2>"$WORK/tree.send.err" &
spid=$!
code=$(code_from "$WORK/tree.send.err")
mkdir -p "$WORK/tree-downloads"
on_side receiver sh -c "cd '$WORK/tree-downloads' && timeout 60 '$GOFER' receive --accept-file '$code'" \
  >"$WORK/tree.recv.out" 2>"$WORK/tree.recv.err"
rrc=$?
wait_bounded 30 "the folder sender" $spid
src=$?
# diff -r compares every file byte for byte and reports a missing (empty) folder.
if [ $rrc -eq 0 ] && [ $src -eq 0 ] && [ -d "$WORK/tree-downloads/tree/hollow" ] &&
   diff -r "$WORK/tree" "$WORK/tree-downloads/tree" >"$WORK/tree.diff" 2>&1; then
  ok "a folder with nested and empty subfolders goes over the LAN, byte for byte"
else
  not_ok "folder on the LAN: sender rc=$src receiver rc=$rrc"
  diag "$WORK"/tree.send.err "$WORK"/tree.recv.* "$WORK/tree.diff"
fi

# --- the Python wormhole receives with the line the sender prints ----------
gofer_on sender send --local --text "hello python" 2>"$WORK/py.send.err" &
spid=$!
code=$(code_from "$WORK/py.send.err")
line=$(grep -o "wormhole --relay-url .* receive .*" "$WORK/py.send.err" | head -1)
check "the sender prints a wormhole command line with its own server" [ -n "$line" ]
# shellcheck disable=SC2086
on_side receiver timeout 60 $line >"$WORK/py.recv.out" 2>"$WORK/py.recv.err"
rrc=$?
wait_bounded 30 "the sender for Python" $spid
src=$?
if [ $rrc -eq 0 ] && [ $src -eq 0 ] && grep -qxF "hello python" "$WORK/py.recv.out"; then
  ok "the Python wormhole receives with the printed line"
else
  not_ok "python on the LAN: sender rc=$src receiver rc=$rrc"
  diag "$WORK"/py.*
fi

# --- a conversation --------------------------------------------------------
mkfifo "$WORK/chat.in"
exec 7<>"$WORK/chat.in"
on_side sender sh -c "cd '$WORK' && timeout 60 '$GOFER' chat --local" <"$WORK/chat.in" \
  >"$WORK/chat.a.out" 2>"$WORK/chat.a.err" &
apid=$!
code=$(code_from "$WORK/chat.a.err")
(sleep 3; echo "hello from B"; sleep 3) | on_side receiver timeout 60 "$GOFER" chat "$code" \
  >"$WORK/chat.b.out" 2>"$WORK/chat.b.err" &
bpid=$!
for _ in $(seq 1 100); do grep -q "hello from B" "$WORK/chat.a.out" && break; sleep 0.1; done
echo "hello from A" >&7
for _ in $(seq 1 100); do grep -q "hello from A" "$WORK/chat.b.out" && break; sleep 0.1; done
check "a conversation on the LAN carries a message from the side that joined by code" \
  grep -q "hello from B" "$WORK/chat.a.out"
check "and a message back from the side that serves the mailbox" \
  grep -q "hello from A" "$WORK/chat.b.out"
exec 7>&-
wait_bounded 30 "both chat sides to leave" $apid $bpid || diag "$WORK"/chat.*

# --- a stranger floods the network with fake mailboxes for the same code ----
gofer_on sender send --local --text "hello despite the flood" 2>"$WORK/flood.send.err" &
spid=$!
code=$(code_from "$WORK/flood.send.err")
# One that accepts connections and never answers, and forty on ports where
# nothing listens, all from one host.
on_side stranger timeout 60 socat TCP-LISTEN:7777,fork,reuseaddr SYSTEM:'sleep 50' &
fakes=($!)
on_side stranger timeout 60 avahi-publish -s "Gofer slow" _gofer-mailbox._tcp 7777 v=1 "nameplates=${code%%-*}" >/dev/null 2>&1 &
fakes+=($!)
for i in $(seq 1 40); do
  on_side stranger timeout 60 avahi-publish -s "Gofer fake $i" _gofer-mailbox._tcp $((9000 + i)) v=1 "nameplates=${code%%-*}" >/dev/null 2>&1 &
  fakes+=($!)
done
for _ in $(seq 1 20); do
  [ "$(on_side receiver timeout 5 avahi-browse -pt _gofer-mailbox._tcp | grep -c 'Gofer fake')" -ge 40 ] && break
  sleep 0.5
done
start=$SECONDS
gofer_on receiver receive "$code" >"$WORK/flood.recv.out" 2>"$WORK/flood.recv.err"
rrc=$?
took=$((SECONDS - start))
wait_bounded 30 "the sender under the flood" $spid
src=$?
kill "${fakes[@]}" 2>/dev/null
if [ $rrc -eq 0 ] && [ $src -eq 0 ] && grep -qxF "hello despite the flood" "$WORK/flood.recv.out" &&
   [ $took -le 15 ]; then
  ok "41 fake mailboxes listing the same nameplate do not stop the receiver (${took} s)"
else
  not_ok "flood: sender rc=$src receiver rc=$rrc in ${took} s"
  diag "$WORK"/flood.*
fi

# --- a computer without mDNS says so ----------------------------------------
# Nobody comes: the sender gives up after 8 s (timeout).
on_side bare timeout 8 "$GOFER" send --local --text "nobody finds me" 2>"$WORK/bare.send.err" &
spid=$!
for _ in $(seq 1 50); do grep -q "no service for finding others" "$WORK/bare.send.err" && break; sleep 0.1; done
check "a sender without avahi-daemon says the network cannot be told, within 5 s" \
  grep -q "no service for finding others on the local network" "$WORK/bare.send.err"
check "and still shows the address a receiver can use instead" \
  grep -q "wormhole --relay-url ws://${SIDE_ADDRESS[bare]}:" "$WORK/bare.send.err"
wait_bounded 15 "the sender without mDNS to stop" $spid
start=$SECONDS
gofer_on bare receive 7-guitarist-revenge >"$WORK/bare.recv.out" 2>"$WORK/bare.recv.err"
rrc=$?
took=$((SECONDS - start))
if [ $rrc -ne 0 ] && [ $took -le 10 ] &&
   grep -q "cannot look for the sender on the local network" "$WORK/bare.recv.err"; then
  ok "a receiver without avahi-daemon and without the server says why, in ${took} s"
else
  not_ok "receiver without mDNS: rc=$rrc in ${took} s"
  diag "$WORK"/bare.recv.*
fi

# --- nobody sending --------------------------------------------------------
start=$SECONDS
gofer_on receiver receive --local 7-guitarist-revenge >"$WORK/none.out" 2>"$WORK/none.err"
rrc=$?
check "receive --local with nobody sending fails with a sentence (rc=$rrc, $((SECONDS - start)) s)" \
  grep -q "No computer on this network is sending with that code" "$WORK/none.err"

finish
