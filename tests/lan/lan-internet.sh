#!/usr/bin/env bash
# The local network and the configured server at the same time: a fourth side
# plays the Internet, running the Debian reference mailbox server under the
# default server's name. A receiver who types a code meets the sender where
# the sender is, and does not wait for the local search when the server has
# the nameplate.
LAN_NET_INTERNET_N=4
LAN_HOSTS_EXTRA=""
. "$(dirname "$0")/lan-lib.sh"
# The default server's name points at the "Internet" side.
echo "$LAN_NET.$LAN_NET_INTERNET_N relay.magic-wormhole.io transit.magic-wormhole.io" >>"$WORK/hosts"

start_side sender 1 || { echo "Bail out! side sender did not start"; exit 1; }
start_side receiver 2 || { echo "Bail out! side receiver did not start"; exit 1; }
start_side internet $LAN_NET_INTERNET_N || { echo "Bail out! side internet did not start"; exit 1; }
on_side internet sh -c "cd '$WORK' && exec twist3 --log-file='$WORK/mailbox.log' wormhole-mailbox \
  --port=tcp:4000:interface=$LAN_NET.$LAN_NET_INTERNET_N --channel-db='$WORK/relay.sqlite' \
  --usage-db='$WORK/usage.sqlite'" </dev/null >/dev/null 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  on_side receiver bash -c "exec 3<>/dev/tcp/$LAN_NET.$LAN_NET_INTERNET_N/4000" 2>/dev/null && break
  sleep 0.1
done

gofer_on() {
  local side=$1
  shift
  on_side "$side" timeout 60 "$GOFER" "$@"
}

# --- the sender uses the server: the receiver goes there at once -----------
gofer_on sender send --text "via the server" 2>"$WORK/server.send.err" &
spid=$!
code=$(code_from "$WORK/server.send.err")
start=$(date +%s%N)
gofer_on receiver receive "$code" >"$WORK/server.recv.out" 2>"$WORK/server.recv.err"
rrc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
wait_bounded 30 "the sender on the server" $spid
src=$?
if [ $rrc -eq 0 ] && [ $src -eq 0 ] && grep -qxF "via the server" "$WORK/server.recv.out"; then
  ok "a sender on the configured server is reached through it"
else
  not_ok "server path: sender rc=$src receiver rc=$rrc"
  diag "$WORK"/server.*
fi
check "the sender did not serve it itself" bash -c "! grep -q 'stays on this network' '$WORK/server.send.err'"
# The local search would take 2 s to give up; the server's list answers first.
check "the receiver did not wait for the local search (${ms} ms)" [ "$ms" -lt 1900 ]

# --- the sender stays on the LAN while the server is up ---------------------
gofer_on sender send --local --text "via the LAN" 2>"$WORK/lan.send.err" &
spid=$!
code=$(code_from "$WORK/lan.send.err")
gofer_on receiver receive "$code" >"$WORK/lan.recv.out" 2>"$WORK/lan.recv.err"
rrc=$?
wait_bounded 30 "the sender on the LAN" $spid
src=$?
if [ $rrc -eq 0 ] && [ $src -eq 0 ] && grep -qxF "via the LAN" "$WORK/lan.recv.out"; then
  ok "with the server up, a sender on the LAN is still found by its code"
else
  not_ok "LAN path with the server up: sender rc=$src receiver rc=$rrc"
  diag "$WORK"/lan.*
fi

finish
