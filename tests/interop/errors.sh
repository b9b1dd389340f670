#!/usr/bin/env bash
# What a person sees when things go wrong: a wrong code, a crowded
# nameplate, an unreachable or silent relay, a code that cannot be one.
. "$(dirname "$0")/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }

# Wrong code, gofer on both sides.
code=$(next_code)
gofer send --code "$code" --text secret >"$WORK/w1.out" 2>"$WORK/w1.err" &
spid=$!
sleep 1
gofer receive "${code%-*}-revenue" >"$WORK/w2.out" 2>"$WORK/w2.err"
rrc=$?
wait $spid
src=$?
check "wrong code: receiver exits 3" [ $rrc -eq 3 ]
check "wrong code: sender exits 3" [ $src -eq 3 ]
check "wrong code: receiver says the code differs" grep -q "different code" "$WORK/w2.err"
check "wrong code: sender says the code differs" grep -q "different code" "$WORK/w1.err"
check "wrong code: the secret text was not printed" [ ! -s "$WORK/w2.out" ]
check "wrong code: mailbox closed with mood scary" [ "$(last_mailbox_result)" = "scary" ]

# Wrong code against the Python client, both directions.
code=$(next_code)
py_wormhole send --code "$code" --text secret >"$WORK/w3.out" 2>"$WORK/w3.err" &
spid=$!
sleep 1
gofer receive "${code%-*}-revenue" >"$WORK/w4.out" 2>"$WORK/w4.err"
rrc=$?
wait $spid
src=$?
check "wrong code vs python sender: gofer exits 3" [ $rrc -eq 3 ]
check "wrong code vs python sender: python fails too" [ $src -ne 0 ]
check "wrong code vs python sender: python reports key confirmation" grep -qi "confirmation" "$WORK/w3.err" "$WORK/w3.out"

code=$(next_code)
gofer send --code "$code" --text secret >"$WORK/w5.out" 2>"$WORK/w5.err" &
spid=$!
sleep 1
py_wormhole receive "${code%-*}-revenue" >"$WORK/w6.out" 2>"$WORK/w6.err"
rrc=$?
wait $spid
src=$?
check "wrong code vs python receiver: gofer exits 3" [ $src -eq 3 ]
check "wrong code vs python receiver: python fails" [ $rrc -ne 0 ]

# Crowded: two sides hold the nameplate; a third is refused clearly.
code=$(next_code)
gofer send --code "$code" --text one >/dev/null 2>&1 &
p1=$!
sleep 0.5
# A second side that claims the nameplate and then just waits.
"$(dirname "$0")/ws-client.py" "$MAILBOX_URL" --hold 20 \
  '{"type": "bind", "appid": "lothar.com/wormhole/text-or-file-xfer", "side": "c0ffee0000"}' \
  "{\"type\": \"claim\", \"nameplate\": \"${code%%-*}\"}" >"$WORK/c2.out" &
p2=$!
sleep 1.5
gofer receive "$code" >"$WORK/c.out" 2>"$WORK/c.err"
rc=$?
check "crowded: third side exits 4" [ $rc -eq 4 ]
check "crowded: says someone else is using the code" grep -q "already using this code" "$WORK/c.err"
kill $p1 $p2 2>/dev/null; wait $p1 $p2 2>/dev/null

# Unreachable relay: a closed port fails at once, not after a hang.
port=$(free_port)
start=$(date +%s)
timeout 30 "$GOFER" --relay-url "ws://127.0.0.1:$port/v1" send --text x >/dev/null 2>"$WORK/u.err"
rc=$?
elapsed=$(( $(date +%s) - start ))
check "unreachable relay: exit 4" [ $rc -eq 4 ]
check "unreachable relay: within 5 s (took ${elapsed}s)" [ $elapsed -le 5 ]
check "unreachable relay: says it could not reach the server" grep -q "Could not reach the relay server" "$WORK/u.err"

# A relay that accepts the connection and never answers.
port=$(free_port)
/usr/bin/python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(5)
c = s.accept(); time.sleep(60)" &
PIDS+=($!)
wait_for_port 127.0.0.1 "$port"
start=$(date +%s)
timeout 60 "$GOFER" --relay-url "ws://127.0.0.1:$port/v1" receive 9-a-b >/dev/null 2>"$WORK/s.err"
rc=$?
elapsed=$(( $(date +%s) - start ))
check "silent relay: exit 4" [ $rc -eq 4 ]
check "silent relay: gives up within 20 s (took ${elapsed}s)" [ $elapsed -le 20 ]
check "silent relay: clear sentence" grep -q "Could not reach the relay server" "$WORK/s.err"

# Interrupted while waiting for the receiver: the nameplate is released
# before the mailbox closes, so the server answers at once (the reference
# server cannot delete a mailbox whose nameplate is still claimed).
code=$(next_code)
server_errors=$(grep -c "FOREIGN KEY" "$WORK/mailbox.log")
"$GOFER" --relay-url "$MAILBOX_URL" send --code "$code" --text never >/dev/null 2>"$WORK/i.err" &
spid=$!
sleep 1.5
kill -INT $spid
start=$(date +%s)
wait $spid
rc=$?
elapsed=$(( $(date +%s) - start ))
check "interrupted while waiting: exit 130" [ $rc -eq 130 ]
check "interrupted while waiting: closed within 2 s (took ${elapsed}s)" [ $elapsed -le 2 ]
check "interrupted while waiting: says so" grep -q "The transfer was cancelled" "$WORK/i.err"
sleep 0.5
check "interrupted while waiting: the server saw a clean close" \
  [ "$(grep -c "FOREIGN KEY" "$WORK/mailbox.log")" -eq "$server_errors" ]

# Ctrl+C twice: the second quits at once, and nothing complains on the way out.
code=$(next_code)
"$GOFER" --relay-url "$MAILBOX_URL" send --code "$code" --text never >/dev/null 2>"$WORK/ii.err" &
spid=$!
sleep 1.5
kill -INT $spid; sleep 0.01; kill -INT $spid 2>/dev/null
wait $spid
rc=$?
check "interrupted twice: exit 130" [ $rc -eq 130 ]
check "interrupted twice: no critical or warning" sh -c "! grep -qE 'CRITICAL|WARNING' '$WORK/ii.err'"

# Codes that cannot be codes are refused before any network use.
"$GOFER" --relay-url "ws://127.0.0.1:1/v1" receive "guitarist-revenge" >/dev/null 2>"$WORK/b.err"
check "a code without a nameplate: exit 2" [ $? -eq 2 ]
check "a code without a nameplate: says so" [ -s "$WORK/b.err" ]
"$GOFER" receive </dev/null >/dev/null 2>"$WORK/n.err"
check "no code at all: exit 2" [ $? -eq 2 ]
"$GOFER" frobnicate >/dev/null 2>&1
check "unknown command: exit 2" [ $? -eq 2 ]

# wormhole-transfer: links (uri-scheme.md): unknown fields and versions are
# refused, and a server the link names is not used behind the person's back.
"$GOFER" --relay-url "ws://127.0.0.1:1/v1" receive "wormhole-transfer:7-guitarist-revenge?version=1" \
  >/dev/null 2>"$WORK/l1.err"
check "a link of an unknown version: exit 2" [ $? -eq 2 ]
check "a link of an unknown version: says so" grep -q "newer or different app" "$WORK/l1.err"
"$GOFER" --relay-url "ws://127.0.0.1:1/v1" receive \
  "wormhole-transfer:7-guitarist-revenge?rendezvous=ws%3A%2F%2F127.0.0.1%3A2" >/dev/null 2>"$WORK/l2.err"
check "a link naming another server: exit 2" [ $? -eq 2 ]
check "a link naming another server: says to use --relay-url" grep -q -- "--relay-url" "$WORK/l2.err"

finish
