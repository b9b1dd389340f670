# Shared helpers for the interop tests: TAP output, free ports, and the real
# Debian reference servers on loopback. Source it; then call start_mailbox.
# The suite runs inside a private network namespace (build-aux/dev test).
set -u

GOFER=${GOFER:?path to the gofer binary}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gofer-interop.XXXXXX")
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

# wait_bounded SECONDS WHAT PID...: waits for the PIDs (children of this
# shell), at most SECONDS in all, and returns the last one's status. When
# time runs out it says in the log what it waited for, kills what is left
# and returns 124, so that a slow machine fails one check, not the script.
wait_bounded() {
  local secs=$1 what=$2 deadline pid status=0
  shift 2
  deadline=$((SECONDS + secs))
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "# gave up after ${secs} s waiting for $what" >&2
        kill -KILL "$@" 2>/dev/null
        wait "$@" 2>/dev/null
        return 124
      fi
      sleep 0.1
    done
    wait "$pid"
    status=$?
  done
  return $status
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() { # host port
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The Debian reference mailbox server: sets MAILBOX_URL, USAGE_DB.
start_mailbox() {
  local port
  port=$(free_port)
  USAGE_DB=$WORK/usage.sqlite
  (cd "$WORK" && exec twist3 --log-file="$WORK/mailbox.log" wormhole-mailbox \
      --port="tcp:$port:interface=127.0.0.1" \
      --channel-db="$WORK/relay.sqlite" --usage-db="$USAGE_DB") &
  PIDS+=($!)
  MAILBOX_URL="ws://127.0.0.1:$port/v1"
  wait_for_port 127.0.0.1 "$port"
}

# The Debian reference transit relay: sets TRANSIT_HELPER.
start_transit_relay() {
  local port=${1:-$(free_port)}
  (cd "$WORK" && exec twist3 --log-file="$WORK/transit.log" transitrelay \
      --port="tcp:$port:interface=127.0.0.1") &
  PIDS+=($!)
  TRANSIT_HELPER="tcp:127.0.0.1:$port"
  wait_for_port 127.0.0.1 "$port"
}

gofer() { timeout 60 "$GOFER" --relay-url "$MAILBOX_URL" "$@"; }
py_wormhole() { timeout 60 wormhole --relay-url "$MAILBOX_URL" "$@"; }
go_wormhole() { timeout 60 wormhole-william --relay-url "$MAILBOX_URL" "$@"; }

# Every test uses its own nameplate so a failed one cannot crowd the next.
# The counter lives in a file: callers run next_code in a $(subshell).
echo $((RANDOM % 500 + 100)) >"$WORK/nameplate"
next_code() {
  local n
  n=$(( $(cat "$WORK/nameplate") + 1 ))
  echo "$n" >"$WORK/nameplate"
  echo "$n-guitarist-revenge"
}

# Waits until a background sender printed its code; echoes it.
code_from() { # stderr-file
  for _ in $(seq 1 100); do
    local c
    c=$(sed -n 's/^Wormhole code is: //p' "$1" | head -1)
    [ -n "$c" ] && { echo "$c"; return 0; }
    sleep 0.1
  done
  return 1
}

# How many mailboxes the reference server has closed so far, and with which
# moods ("happy happy ..."), from its usage database.
closed_mailboxes() {
  /usr/bin/python3 - "$USAGE_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(" ".join(r[0] or "" for r in db.execute("SELECT result FROM mailboxes ORDER BY started")))
PY
}

# Mood a side reported for the last closed mailbox, from the usage database
# (the reference server keeps a summary "result" per mailbox).
last_mailbox_result() {
  /usr/bin/python3 - "$USAGE_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT result FROM mailboxes ORDER BY started DESC LIMIT 1").fetchone()
print(row[0] if row else "")
PY
}
