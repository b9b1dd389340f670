#!/usr/bin/env bash
# Paired devices on a local network without Internet (issue #18): ann and
# bob pair with a code through a gofer-relay on ann's computer; the relay
# stops; then bob sends a file and a text to ann with no code and no
# server: bob serves the day's mailbox itself and announces it with mDNS,
# ann finds it (send --to NAME --local, receive --from NAME --local).
. "$(dirname "$0")/lan-lib.sh"
GOFER_RELAY=${GOFER_RELAY:?path to gofer-relay}

start_side ann 1 || { echo "Bail out! side ann did not start"; exit 1; }
start_side bob 2 || { echo "Bail out! side bob did not start"; exit 1; }

as() { # SIDE gofer-args…: gofer on that side with its own data folders, at most 60 s
  local side=$1
  shift
  mkdir -p "$WORK/$side/data" "$WORK/$side/config"
  on_side "$side" env XDG_DATA_HOME="$WORK/$side/data" XDG_CONFIG_HOME="$WORK/$side/config" \
    timeout 60 "$GOFER" "$@"
}

# --- pairing, through a server on ann's computer ------------------------
ann=${SIDE_ADDRESS[ann]}
on_side ann "$GOFER_RELAY" --listen "$ann" --mailbox-port 4000 --transit-port 4001 \
  --db :memory: >"$WORK/relay.log" 2>&1 &
relay=$!
for _ in $(seq 1 50); do
  on_side bob bash -c "exec 3<>/dev/tcp/$ann/4000" 2>/dev/null && break
  sleep 0.2
done
server=(--relay-url "ws://$ann:4000/v1" --transit-helper "tcp:$ann:4001")
as ann "${server[@]}" pair --name bob >/dev/null 2>"$WORK/pair-ann.err" &
pid=$!
code=$(code_from "$WORK/pair-ann.err")
echo "$code" | as bob "${server[@]}" pair --name ann - >/dev/null 2>"$WORK/pair-bob.err"
bob_status=$?
wait_bounded 30 "ann's gofer pair" $pid
check "ann and bob pair with a code" test $? -eq 0 -a "$bob_status" -eq 0
kill "$relay"; wait "$relay" 2>/dev/null

# --- no server, no code --------------------------------------------------
head -c 200000 /dev/urandom >"$WORK/photo.bin"
mkdir -p "$WORK/inbox"
as ann receive --from bob --local --download-folder "$WORK/inbox" >"$WORK/recv.out" 2>"$WORK/recv.err" &
pid=$!
as bob send --to ann --local --text "over the LAN, no code" "$WORK/photo.bin" \
  >/dev/null 2>"$WORK/send.err"
send_status=$?
wait_bounded 60 "ann's gofer receive --from bob --local" $pid
recv_status=$?
check "bob sends to ann on the local network with no code and no server" \
  test "$send_status" -eq 0 -a "$recv_status" -eq 0
check "ann printed bob's text" grep -qx "over the LAN, no code" "$WORK/recv.out"
check "ann saved bob's file, byte for byte" cmp -s "$WORK/photo.bin" "$WORK/inbox/photo.bin"
check "bob said the transfer stays on this network" grep -q "stays on this network" "$WORK/send.err"
diag "$WORK/send.err" "$WORK/recv.err"

finish
