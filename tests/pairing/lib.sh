# Shared helpers for the paired-devices tests: TAP output, a gofer-relay on
# loopback, and one home (XDG_DATA_HOME, XDG_CONFIG_HOME) per computer.
# Source it; the suite runs in a private network namespace (build-aux/dev test).
set -u

GOFER=${GOFER:?path to the gofer binary}
GOFER_RELAY=${GOFER_RELAY:?path to gofer-relay}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gofer-pairing.XXXXXX")
PIDS=()
TAP_N=0
TAP_FAILED=0

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP_WORK:-}" ]; then echo "# kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=1; echo "not ok $TAP_N - $*"; }
check() { # check "description" command...
  local what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
diag() { sed 's/^/# /' "$@" >&2; }
finish() { echo "1..$TAP_N"; exit "$TAP_FAILED"; }

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() { # host port: at most 10 s
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "# gave up after 10 s waiting for port $2" >&2
  return 1
}

# gofer-relay on loopback, state in memory: sets RELAY_URL, TRANSIT_HELPER.
start_relay() {
  local mailbox_port transit_port
  mailbox_port=$(free_port)
  transit_port=$(free_port)
  "$GOFER_RELAY" --listen 127.0.0.1 --mailbox-port "$mailbox_port" \
    --transit-port "$transit_port" --db :memory: >"$WORK/relay.log" 2>&1 &
  PIDS+=($!)
  RELAY_URL="ws://127.0.0.1:$mailbox_port/v1"
  TRANSIT_HELPER="tcp:127.0.0.1:$transit_port"
  wait_for_port 127.0.0.1 "$mailbox_port"
}

# as COMPUTER gofer ARGS…: gofer with that computer's own data folders, at
# most 60 s.
as() {
  local who=$1; shift
  mkdir -p "$WORK/$who/data" "$WORK/$who/config"
  XDG_DATA_HOME="$WORK/$who/data" XDG_CONFIG_HOME="$WORK/$who/config" \
    timeout 60 "$GOFER" --relay-url "$RELAY_URL" --transit-helper "$TRANSIT_HELPER" "$@"
}

# Waits (at most 10 s) until a background gofer printed its code; echoes it.
code_from() { # stderr-file
  for _ in $(seq 1 100); do
    local c
    c=$(sed -n 's/^Wormhole code is: //p' "$1" | head -1)
    [ -n "$c" ] && { echo "$c"; return 0; }
    sleep 0.1
  done
  echo "# gave up after 10 s waiting for a code in $1" >&2
  return 1
}

# pair A B [ARGS for B…]: A shows a code, B types it (on standard input, so
# it stays out of argv); both exit. Output in $WORK/pair-A.*, pair-B.*.
pair() {
  local a=$1 b=$2 code status_a status_b
  shift 2
  as "$a" pair >"$WORK/pair-$a.out" 2>"$WORK/pair-$a.err" &
  local pid=$!
  code=$(code_from "$WORK/pair-$a.err") || { kill "$pid"; wait "$pid"; return 1; }
  echo "$code" | as "$b" "$@" pair - >"$WORK/pair-$b.out" 2>"$WORK/pair-$b.err"
  status_b=$?
  wait "$pid"
  status_a=$?
  [ "$status_a" -eq 0 ] && [ "$status_b" -eq 0 ]
}

# meet SENDER RECEIVER [send ARGS…]: RECEIVER waits with receive --from, then
# SENDER sends with send --to, no code; both must exit 0. The receiver's
# output lands in $WORK/meet.out and meet.err, its files in $WORK/inbox.
# The names are the ones pair() gave: each computer calls the other by
# that computer's home name (ann, bob).
meet() {
  local sender=$1 receiver=$2 pid status_s status_r
  shift 2
  rm -rf "$WORK/inbox"; mkdir -p "$WORK/inbox"
  as "$receiver" receive --from "$sender" --download-folder "$WORK/inbox" \
    >"$WORK/meet.out" 2>"$WORK/meet.err" &
  pid=$!
  as "$sender" send --to "$receiver" "$@" >"$WORK/meet-send.out" 2>"$WORK/meet-send.err"
  status_s=$?
  wait "$pid"
  status_r=$?
  [ "$status_s" -eq 0 ] && [ "$status_r" -eq 0 ] || {
    echo "# send exit $status_s, receive exit $status_r" >&2
    diag "$WORK/meet-send.err" "$WORK/meet.err"
    return 1
  }
}
