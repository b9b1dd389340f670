#!/usr/bin/env bash
# Paired devices on a local network without Internet or any server (issue
# #18): ann and bob pair with a code (gofer pair --local: ann serves the
# mailbox, bob finds it); both exit; then bob sends a file and a text to
# ann with no code: bob serves the day's mailbox itself and announces it
# with mDNS, ann finds it (send --to NAME --local, receive --from NAME
# --local).
. "$(dirname "$0")/lan-lib.sh"

start_side ann 1 || { echo "Bail out! side ann did not start"; exit 1; }
start_side bob 2 || { echo "Bail out! side bob did not start"; exit 1; }

as() { # SIDE gofer-args…: gofer on that side with its own data folders, at most 60 s
  local side=$1
  shift
  mkdir -p "$WORK/$side/data" "$WORK/$side/config"
  on_side "$side" env XDG_DATA_HOME="$WORK/$side/data" XDG_CONFIG_HOME="$WORK/$side/config" \
    timeout 60 "$GOFER" "$@"
}

# --- pairing with a code, on the local network too ----------------------
as ann pair --local --name bob >/dev/null 2>"$WORK/pair-ann.err" &
pid=$!
code=$(code_from "$WORK/pair-ann.err")
echo "$code" | as bob pair --local --name ann - >/dev/null 2>"$WORK/pair-bob.err"
bob_status=$?
wait_bounded 30 "ann's gofer pair" $pid
check "ann and bob pair with a code on the local network" test $? -eq 0 -a "$bob_status" -eq 0
diag "$WORK/pair-ann.err" "$WORK/pair-bob.err"

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
