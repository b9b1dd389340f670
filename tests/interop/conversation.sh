#!/usr/bin/env bash
# Transfers inside a conversation (docs/protocol-extensions.md, section 6),
# through the real reference mailbox server and transit relay: messages and
# files both ways at once, a transfer that resumes after its connection was
# cut and after both servers restarted, the auto-send folder, and the one
# standard transfer `gofer chat` makes with the Debian `wormhole`.
#
# The reference mailbox server commits every message to SQLite; on a busy
# disk that alone makes 2,000 messages take a minute. The work folder (and
# so the server's database) goes to memory where there is some.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
MAILBOX_PID=${PIDS[-1]}
start_transit_relay || { echo "Bail out! transit relay did not start"; exit 1; }
RELAY_PID=${PIDS[-1]}
RELAY_PORT=${TRANSIT_HELPER##*:}
A_ARGS=()

# --- helpers: a `gofer chat` whose input is a FIFO the test writes to ---

# Offers are accepted without asking, except in the section about asking.
CHAT_ACCEPT=(--accept-file)

# start_chat NAME ARGS...: runs in $WORK/NAME; output in $WORK/NAME.out and .err.
start_chat() {
  local name=$1 fd
  shift
  mkdir -p "$WORK/$name"
  mkfifo "$WORK/$name.in"
  (cd "$WORK/$name" && exec timeout 120 "$GOFER" --relay-url "$MAILBOX_URL" chat "${CHAT_ACCEPT[@]}" "$@" \
      <"$WORK/$name.in" >"$WORK/$name.out" 2>"$WORK/$name.err") &
  printf -v "PID_$name" %s $!
  exec {fd}>"$WORK/$name.in"
  printf -v "FD_$name" %s "$fd"
}
# A chat that already left has no reader on its FIFO: no SIGPIPE for that.
trap '' PIPE
say() { local fd="FD_$1"; printf '%s\n' "$2" 2>/dev/null >&"${!fd}"; }
# /quit, and the exit status in $RC. (Not the end of input: other children
# hold the FIFOs open.)
end_chat() {
  local pid="PID_$1"
  say "$1" "/quit"
  wait "${!pid}"
  RC=$?
}
# wait_for FILE PATTERN [SECONDS]: until grep finds it; not when the chat
# writing $WORK/NAME.err has ended.
wait_for() {
  local deadline=$((SECONDS + ${3:-30})) name pid
  name=$(basename "$1" .err)
  pid="PID_$name"
  until grep -q -- "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    if [ -n "${!pid:-}" ] && ! kill -0 "${!pid}" 2>/dev/null; then
      grep -q -- "$2" "$1" 2>/dev/null
      return
    fi
    sleep 0.1
  done
}
# wait_for_size FILE BYTES [SECONDS]: until FILE holds at least BYTES.
wait_for_size() {
  local deadline=$((SECONDS + ${3:-30}))
  until [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -ge "$2" ]; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.05
  done
}
connect_pair() { # A-NAME B-NAME ARGS...: both connected; A also gets "${A_ARGS[@]}"
  local a=$1 b=$2 code
  shift 2
  code=$(next_code)
  start_chat "$a" --code "$code" "${A_ARGS[@]}" "$@"
  start_chat "$b" "$@" "$code"
  wait_for "$WORK/$a.err" "^Connected" && wait_for "$WORK/$b.err" "^Connected"
}
section() { # the time the previous section took
  echo "# ${SECTION:-start} took $((SECONDS - ${SECTION_START:-0}))s" >&2
  SECTION=$1
  SECTION_START=$SECONDS
}
show_on_failure() { # NAME...: the chats' output, when something failed
  [ "$TAP_FAILED" = 0 ] && return
  for n in "$@"; do echo "# --- $n.err" >&2; diag "$WORK/$n.err"; done
}

# --- a standard wormhole program on the other side (runs in the background
# while the first sections run: it mostly waits; checked at the end) ---
standard_cases() { # CODE1 CODE2
  local code=$1 cpid prc crc spid src crc2
  head -c 400000 /dev/urandom >"$WORK/plain.bin"
  printf '/send %s\n' "$WORK/plain.bin" |
    gofer chat --code "$code" --transit-helper "$TRANSIT_HELPER" >/dev/null 2>"$WORK/f1.err" &
  cpid=$!
  sleep 0.5
  py_wormhole --transit-helper "$TRANSIT_HELPER" receive --accept-file \
    --output-file "$WORK/plain.received" "$code" >"$WORK/f1.out" 2>&1 </dev/null
  prc=$?
  wait $cpid
  crc=$?

  mkdir -p "$WORK/fallback"
  code=$2
  py_wormhole --transit-helper "$TRANSIT_HELPER" send --code "$code" "$WORK/plain.bin" \
    >"$WORK/f2.out" 2>&1 &
  spid=$!
  sleep 1
  # Asked about, like any offer: the answer was typed before it came.
  printf '/accept\n' |
    gofer chat --download-folder "$WORK/fallback" --transit-helper "$TRANSIT_HELPER" "$code" \
    >/dev/null 2>"$WORK/f2.err"
  crc2=$?
  wait $spid
  src=$?

  # gofer send does not converse either, but shares the bare ack.
  mkdir -p "$WORK/fallback-gofer"
  code=$3
  gofer send --hide-progress --code "$code" --transit-helper "$TRANSIT_HELPER" "$WORK/plain.bin" \
    >"$WORK/f3.out" 2>&1 &
  spid=$!
  sleep 1
  G_MESSAGES_DEBUG=gofer gofer chat --download-folder "$WORK/fallback-gofer" --accept-file \
    --transit-helper "$TRANSIT_HELPER" "$code" </dev/null >"$WORK/f3.debug" 2>"$WORK/f3.err"
  crc3=$?
  wait $spid
  src3=$?

  # Nobody answers: the offer is declined, nothing is written.
  mkdir -p "$WORK/fallback-no"
  code=$4
  py_wormhole --transit-helper "$TRANSIT_HELPER" send --code "$code" "$WORK/plain.bin" \
    >"$WORK/f4.out" 2>&1 &
  spid=$!
  sleep 1
  gofer chat --download-folder "$WORK/fallback-no" --transit-helper "$TRANSIT_HELPER" "$code" \
    </dev/null >/dev/null 2>"$WORK/f4.err"
  crc4=$?
  wait $spid
  src4=$?
  echo "$prc $crc $src $crc2 $src3 $crc3 $src4 $crc4" >"$WORK/standard.rc"
}
standard_cases "$(next_code)" "$(next_code)" "$(next_code)" "$(next_code)" &
STANDARD_PID=$!

# --- messages and files, both ways at once ---
section files

mkdir -p "$WORK/folder/sub"
head -c 1500000 /dev/urandom >"$WORK/report.bin"
head -c 700000 /dev/urandom >"$WORK/from b.bin"
head -c 90000 /dev/urandom >"$WORK/folder/one.bin"
echo "deep" >"$WORK/folder/sub/two.txt"
seq 1 1000 | sed 's/^/from A, line /' >"$WORK/a.lines"
seq 1 1000 | sed 's/^/from B, line /' >"$WORK/b.lines"
mkdir -p "$WORK/b" && echo "already here" >"$WORK/b/report.bin"

connect_pair a b --transit-helper "$TRANSIT_HELPER"
start=$(date +%s.%N)
{ head -500 "$WORK/a.lines"; echo "/send $WORK/report.bin"; tail -500 "$WORK/a.lines"
  echo "/send $WORK/folder"; } >&"$FD_a" &
writer_a=$!
{ echo "/send $WORK/from b.bin"; cat "$WORK/b.lines"; } >&"$FD_b" &
writer_b=$!
wait $writer_a $writer_b
for _ in $(seq 1 600); do
  [ "$(wc -l <"$WORK/a.out")" -ge 1000 ] && [ "$(wc -l <"$WORK/b.out")" -ge 1000 ] && break
  sleep 0.05
done
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
echo "# 1000 messages each way (with three transfers running) shown after ${elapsed}s" >&2
wait_for "$WORK/a.err" "^Sent folder “folder”" 60
wait_for "$WORK/a.err" "^Sent “report.bin”" 60
wait_for "$WORK/b.err" "^Sent “from b.bin”" 60
end_chat a; arc=$RC
end_chat b; brc=$RC
check "files: both chats exit 0" eval '[ "$arc" = 0 ] && [ "$brc" = 0 ]'
check "files: B shows A's 1000 messages once each, in order" cmp -s "$WORK/a.lines" "$WORK/b.out"
check "files: A shows B's 1000 messages once each, in order" cmp -s "$WORK/b.lines" "$WORK/a.out"
check "files: all messages reported delivered on both sides" eval \
  'grep -q "1000 of your 1000 messages were delivered" "$WORK/a.err" &&
   grep -q "1000 of your 1000 messages were delivered" "$WORK/b.err"'
check "files: A's file arrives byte-identical beside B's own report.bin, which is untouched" eval \
  'cmp -s "$WORK/report.bin" "$WORK/b/report (1).bin" && [ "$(cat "$WORK/b/report.bin")" = "already here" ]'
check "files: A's folder arrives with the same contents" diff -r "$WORK/folder" "$WORK/b/folder"
check "files: B's file arrives at A byte-identical" cmp -s "$WORK/from b.bin" "$WORK/a/from b.bin"
check "files: no .part file is left behind" \
  [ -z "$(find "$WORK/a" "$WORK/b" -name '*.part')" ]
check "files: the mailbox closed happy" [ "$(last_mailbox_result)" = "happy" ]
show_on_failure a b

# --- resuming: the connection cut, then both servers restarted ---

# Both sides use only the relay, through a proxy that keeps each connection
# at 2 MB/s so that the transfer is still running when it is cut.
PROXY_PORT=$(free_port)
start_proxy() {
  /usr/bin/python3 "$HERE/throttle-proxy.py" "$PROXY_PORT" "$RELAY_PORT" 2000000 &
  PROXY_PID=$!
  PIDS+=("$PROXY_PID")
  wait_for_port 127.0.0.1 "$PROXY_PORT"
}
stop() { kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
SIZE=6000000
head -c $SIZE /dev/urandom >"$WORK/big.bin"
start_proxy

resume_case() { # NAME, then what cuts the connection (a function)
  local name=$1 cut=$2 arc brc line from left
  connect_pair "${name}a" "${name}b" --no-listen --transit-helper "tcp:127.0.0.1:$PROXY_PORT"
  say "${name}a" "/send $WORK/big.bin"
  if ! wait_for_size "$WORK/${name}b/big.bin.part" $((SIZE / 4)) 30; then
    not_ok "$name: the transfer started"
    show_on_failure "${name}a" "${name}b"
    return
  fi
  $cut
  wait_for "$WORK/${name}b.err" "^Received “big.bin”" 60
  wait_for "$WORK/${name}a.err" "^Sent “big.bin”" 30
  end_chat "${name}a"; arc=$RC
  end_chat "${name}b"; brc=$RC
  line=$(grep -m1 "^Resuming “big.bin”" "$WORK/${name}a.err")
  from=$(sed -n 's/.* from byte \([0-9]*\): \([0-9]*\) bytes to go.*/\1/p' <<<"$line")
  left=$(sed -n 's/.* from byte \([0-9]*\): \([0-9]*\) bytes to go.*/\2/p' <<<"$line")
  echo "# $name: resumed at byte ${from:-?} of $SIZE; ${left:-?} bytes sent again" >&2
  grep -h "went over the network" "$WORK/${name}a.err" | sed 's/^/# /' >&2
  check "$name: both chats exit 0" eval '[ "$arc" = 0 ] && [ "$brc" = 0 ]'
  check "$name: the sender saw the connection break" grep -q "broke; the transfer resumes" "$WORK/${name}a.err"
  check "$name: the receiver saw the connection break" grep -q "broke; the transfer resumes" "$WORK/${name}b.err"
  check "$name: it resumed where the receiver was, sending less than the whole file" eval \
    '[ -n "$left" ] && [ "$from" -gt 0 ] && [ "$left" -lt $SIZE ] && [ $((from + left)) -eq $SIZE ]'
  check "$name: the file arrived byte-identical" cmp -s "$WORK/big.bin" "$WORK/${name}b/big.bin"
  check "$name: no .part file is left behind" [ -z "$(find "$WORK/${name}b" -name '*.part')" ]
  show_on_failure "${name}a" "${name}b"
}

cut_proxy() { # a network outage of half a second
  stop "$PROXY_PID"
  sleep 0.5
  start_proxy
}
restart_servers() { # both reference servers go down and come back
  stop "$RELAY_PID"
  stop "$MAILBOX_PID"
  sleep 0.5
  local port=${MAILBOX_URL#ws://127.0.0.1:}
  port=${port%/v1}
  (cd "$WORK" && exec twist3 --log-file="$WORK/mailbox2.log" wormhole-mailbox \
      --port="tcp:$port:interface=127.0.0.1" \
      --channel-db="$WORK/relay.sqlite" --usage-db="$USAGE_DB") &
  MAILBOX_PID=$!
  PIDS+=("$MAILBOX_PID")
  start_transit_relay "$RELAY_PORT"
  RELAY_PID=${PIDS[-1]}
  wait_for_port 127.0.0.1 "$port"
}
section cut
resume_case cut cut_proxy
wait "$STANDARD_PID"   # before the servers go down
section restart
resume_case restart restart_servers

# --- the auto-send folder ---
section auto-send

mkdir -p "$WORK/outbox"
echo "there before" >"$WORK/outbox/early.txt"
echo "not me" >"$WORK/outbox/.hidden"
A_ARGS=(--auto-send "$WORK/outbox")
connect_pair sa sb --transit-helper "$TRANSIT_HELPER"
A_ARGS=()
head -c 300000 /dev/urandom >"$WORK/late.bin"
cp "$WORK/late.bin" "$WORK/outbox/late.bin"
# A writer that pauses longer than the two seconds with the file still open.
( printf 'first half, '; sleep 3; printf 'second half\n' ) >"$WORK/outbox/slow.txt" &
slow_writer=$!
wait_for "$WORK/sa.err" "^Sent “early.txt”" 30
wait_for "$WORK/sa.err" "^Sent “late.bin”" 30
wait $slow_writer
wait_for "$WORK/sa.err" "^Sent “slow.txt”" 30
end_chat sa; sarc=$RC
end_chat sb; sbrc=$RC
check "auto-send: both chats exit 0" eval '[ "$sarc" = 0 ] && [ "$sbrc" = 0 ]'
check "auto-send: a file already in the folder is sent" \
  [ "$(cat "$WORK/sb/early.txt" 2>/dev/null)" = "there before" ]
check "auto-send: a file copied into the folder arrives byte-identical" \
  cmp -s "$WORK/late.bin" "$WORK/sb/late.bin"
if /usr/bin/python3 -c '
import fcntl, os, sys
w = open(sys.argv[1], "w")
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
try:
    fcntl.fcntl(fd, 1024, fcntl.F_RDLCK)   # F_SETLEASE: granted means leases cannot tell
    sys.exit(1)
except OSError:
    sys.exit(0)' "$WORK/lease-probe"; then
  check "auto-send: a file still open for writing waits until it is complete" \
    [ "$(cat "$WORK/sb/slow.txt" 2>/dev/null)" = "first half, second half" ]
else
  ok "auto-send: a file still open for writing waits # SKIP this file system has no leases"
fi
check "auto-send: hidden files stay, nothing else was sent, nothing came back" eval \
  '[ "$(ls -A "$WORK/sb")" = "$(printf "early.txt\nlate.bin\nslow.txt")" ] && [ -z "$(ls -A "$WORK/sa")" ]'
show_on_failure sa sb

# --- the end of the input is not /quit: what is on its way arrives first ---
section end-of-input

code=$(next_code)
printf '/send %s\n' "$WORK/big.bin" |
  gofer chat --code "$code" --transit-helper "$TRANSIT_HELPER" >/dev/null 2>"$WORK/eofa.err" &
eof_a=$!
sleep 0.5
start_chat eofb --transit-helper "$TRANSIT_HELPER" "$code"
wait $eof_a
arc=$?
wait "$PID_eofb"
brc=$?
check "end of input: the sender waits for its transfer, then both leave (exit $arc and $brc)" eval \
  '[ $arc -eq 0 ] && [ $brc -eq 0 ] && cmp -s "$WORK/big.bin" "$WORK/eofb/big.bin"'
show_on_failure eofa eofb

# --- without --accept-file an offer waits for /accept or /decline ---
section asking

head -c 200000 /dev/urandom >"$WORK/ask.bin"
CHAT_ACCEPT=()
connect_pair qa qb --transit-helper "$TRANSIT_HELPER"
CHAT_ACCEPT=(--accept-file)
say qa "/send $WORK/ask.bin"
wait_for "$WORK/qb.err" "Type /accept" 30
sleep 1
check "asking: the offer is asked about, nothing is written before the answer" \
  [ -z "$(ls -A "$WORK/qb")" ]
say qb "/decline"
wait_for "$WORK/qa.err" "declined “ask.bin”" 30
check "asking: /decline: the sender is told, nothing is written" eval \
  'grep -q "declined “ask.bin”" "$WORK/qa.err" && [ -z "$(ls -A "$WORK/qb")" ]'
say qb "/accept"
wait_for "$WORK/qb.err" "No offer is waiting" 10
check "asking: /accept with nothing waiting says so" grep -q "No offer is waiting" "$WORK/qb.err"
say qa "/send $WORK/ask.bin"
wait_for "$WORK/qa.err" "^Offering .*" 10
for _ in $(seq 1 100); do [ "$(grep -c "Type /accept" "$WORK/qb.err")" -ge 2 ] && break; sleep 0.1; done
say qb "/accept"
wait_for "$WORK/qa.err" "^Sent “ask.bin”" 30
# A name with a leading dot is saved without it, and the offer says so.
echo "alias ls=rm" >"$WORK/.note"
say qa "/send $WORK/.note"
wait_for "$WORK/qb.err" "saved as “_note”" 30
say qb "/accept"
wait_for "$WORK/qa.err" "^Sent “.note”" 30
check "asking: a name that starts with a dot is saved visibly, as the offer said" eval \
  'grep -q "saved as “_note”" "$WORK/qb.err" && cmp -s "$WORK/.note" "$WORK/qb/_note" && [ ! -e "$WORK/qb/.note" ]'
end_chat qa; qarc=$RC
end_chat qb; qbrc=$RC
check "asking: /accept receives it (exit $qarc and $qbrc)" eval \
  '[ $qarc -eq 0 ] && [ $qbrc -eq 0 ] && cmp -s "$WORK/ask.bin" "$WORK/qb/ask.bin"'
show_on_failure qa qb

# The end of the input answers no: nobody is left to type /accept.
code=$(next_code)
printf '/send %s\n' "$WORK/ask.bin" |
  (sleep 1; cat; sleep 5) |
  gofer chat --code "$code" --transit-helper "$TRANSIT_HELPER" >/dev/null 2>"$WORK/qc.err" &
qc=$!
sleep 0.5
mkdir -p "$WORK/qd"
# Its input ends a few seconds in, while the offer waits.
(sleep 4) | (cd "$WORK/qd" && timeout 60 "$GOFER" --relay-url "$MAILBOX_URL" chat \
   --transit-helper "$TRANSIT_HELPER" "$code" >/dev/null 2>"$WORK/qd.err")
qdrc=$?
wait $qc
check "asking: at the end of the input a waiting offer is declined, nothing is written (exit $qdrc)" eval \
  '[ $qdrc -eq 0 ] && grep -q "No answer on standard input" "$WORK/qd.err" && [ -z "$(ls -A "$WORK/qd")" ]'
check "asking: the sender is told it was declined" grep -q "declined “ask.bin”" "$WORK/qc.err"
show_on_failure qc qd

# --- a standard wormhole program on the other side ---
section standard
read -r prc crc src crc2 src3 crc3 src4 crc4 <"$WORK/standard.rc"
check "standard receiver: wormhole receive gets the first /send as a normal file transfer" eval \
  '[ $prc -eq 0 ] && [ $crc -eq 0 ] && cmp -s "$WORK/plain.bin" "$WORK/plain.received"'
check "standard sender: wormhole send reaches gofer chat, which asks, and saves the file on /accept" eval \
  '[ $src -eq 0 ] && [ $crc2 -eq 0 ] && cmp -s "$WORK/plain.bin" "$WORK/fallback/plain.bin" &&
   grep -q "Type /accept" "$WORK/f2.err"'
check "gofer send reaches gofer chat as one standard transfer, with the bare ack" eval \
  '[ $src3 -eq 0 ] && [ $crc3 -eq 0 ] && cmp -s "$WORK/plain.bin" "$WORK/fallback-gofer/plain.bin" &&
   grep -q "connected (.*, bare ack)" "$WORK/f3.debug"'
check "standard sender, nobody answers: declined, nothing written (exit $crc4, sender $src4)" eval \
  '[ $crc4 -ne 0 ] && [ $src4 -ne 0 ] && [ -z "$(ls -A "$WORK/fallback-no")" ] &&
   grep -q "No answer on standard input" "$WORK/f4.err"'
[ "$TAP_FAILED" = 0 ] || { diag "$WORK/f1.err" "$WORK/f1.out" "$WORK/f2.err" "$WORK/f2.out" \
                                "$WORK/f3.err" "$WORK/f3.out" "$WORK/f3.debug" "$WORK/f4.err" \
                                "$WORK/f4.out"; }
section end

finish
