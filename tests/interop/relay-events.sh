#!/usr/bin/env bash
# The mailbox server going away and coming back, and refusing clients:
# gofer reconnects and replays what the server must know, and says clearly
# when the server turns it away.
. "$(dirname "$0")/lib.sh"

port=$(free_port)
MAILBOX_URL="ws://127.0.0.1:$port/v1"
USAGE_DB=$WORK/usage.sqlite
start_reference() { # extra args...
  (cd "$WORK" && exec twist3 --log-file="$WORK/mailbox.log" wormhole-mailbox \
      --port="tcp:$port:interface=127.0.0.1" \
      --channel-db="$WORK/relay.sqlite" --usage-db="$USAGE_DB" "$@") &
  MAILBOX_PID=$!
  PIDS+=($MAILBOX_PID)
  wait_for_port 127.0.0.1 "$port"
}
stop_reference() { kill "$MAILBOX_PID"; wait "$MAILBOX_PID" 2>/dev/null; }

# The server restarts after the sender claimed and sent its key exchange
# message; the sender reconnects, and a receiver that comes later still
# completes the wormhole.
start_reference
code=$(next_code)
gofer send --code "$code" --text "survived a restart" >"$WORK/r1.out" 2>"$WORK/r1.err" &
spid=$!
sleep 1.5
stop_reference
sleep 1
start_reference
sleep 3
out=$(py_wormhole receive "$code" 2>"$WORK/r2.err")
wait $spid
src=$?
check "restart before the receiver came: python receives the text" [ "$out" = "survived a restart" ]
check "restart before the receiver came: gofer sender exits 0" [ $src -eq 0 ]

# The server restarts in the middle, with both sides connected: the
# Python sender waits for gofer's answer while the server is away.
code=$(next_code)
gofer receive "$code" >"$WORK/r3.out" 2>"$WORK/r3.err" &
rpid=$!
sleep 1
stop_reference
start_reference
sleep 1
py_wormhole send --code "$code" --text "after the restart" >"$WORK/r4.out" 2>"$WORK/r4.err"
src=$?
wait $rpid
rrc=$?
check "receiver waiting across a restart: gofer prints the text" grep -qxF "after the restart" "$WORK/r3.out"
check "receiver waiting across a restart: both exit 0" [ $src -eq 0 ] && [ $rrc -eq 0 ]
stop_reference

# A server that refuses everyone in its welcome.
start_reference --signal-error="This relay is closed for maintenance."
gofer send --text x >"$WORK/e.out" 2>"$WORK/e.err"
rc=$?
check "welcome error: exit 4" [ $rc -eq 4 ]
check "welcome error: the server's text is shown" grep -q "closed for maintenance" "$WORK/e.err"
stop_reference

finish
