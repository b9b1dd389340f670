#!/usr/bin/env bash
# Files and folders between gofer, the Python `wormhole` CLI and
# wormhole-william, direct and through the Debian transit relay, verified byte
# for byte. The transit relay sits on 127.0.0.1:4001 because wormhole-william
# can only use transit.magic-wormhole.io:4001, which the test namespace maps
# to loopback; so this test does not run in parallel with others using 4001.
. "$(dirname "$0")/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay 4001 || { echo "Bail out! transit relay did not start on 4001"; exit 1; }

DATA=$WORK/data
mkdir -p "$DATA/tree/sub dir/deeper" "$DATA/unicode"
: >"$DATA/empty.bin"
head -c 41943040 /dev/urandom >"$DATA/big.bin"                 # 40 MiB
printf 'Grüße\n' >"$DATA/unicode/Grüße – 日本語 €.txt"
head -c 70000 /dev/urandom >"$DATA/tree/a.bin"
printf 'hello\n' >"$DATA/tree/sub dir/b.txt"
: >"$DATA/tree/sub dir/deeper/empty"
printf 'ü\n' >"$DATA/tree/sub dir/deeper/ünï.txt"

T="--transit-helper $TRANSIT_HELPER"
gofer_send()       { gofer $T send --hide-progress --code "$1" "$2"; }
gofer_send_relay() { gofer $T send --hide-progress --no-listen --code "$1" "$2"; }
py_send()          { py_wormhole $T send --hide-progress --code "$1" "$2"; }
py_send_relay()    { py_wormhole $T send --hide-progress --no-listen --code "$1" "$2"; }
go_send()          { go_wormhole send --hide-progress --code "$1" "$2"; }
gofer_recv()       { gofer $T receive --hide-progress --accept-file "$1"; }
gofer_recv_relay() { gofer $T receive --hide-progress --accept-file --no-listen "$1"; }
py_recv()          { py_wormhole $T receive --hide-progress --accept-file "$1"; }
py_recv_relay()    { py_wormhole $T receive --hide-progress --accept-file --no-listen "$1"; }
go_recv()          { echo y | go_wormhole recv --hide-progress "$1"; }

same() { # what-was-sent what-arrived
  if [ -d "$1" ]; then diff -r "$1" "$2" >/dev/null; else cmp -s "$1" "$2"; fi
}

# xfer NAME SENDER RECEIVER PATH [relay]: the receiver runs in a fresh folder;
# PATH must arrive there under its own name, identical.
xfer() {
  local name=$1 send=$2 recv=$3 path=$4 route=${5:-} code out base
  code=$(next_code)
  out=$WORK/out-$name
  base=$(basename "$path")
  mkdir -p "$out"
  $send "$code" "$path" >"$out.send.log" 2>&1 &
  local spid=$!
  sleep 1
  (cd "$out" && $recv "$code") >"$out.recv.log" 2>&1
  local rrc=$?
  wait $spid
  local src=$?
  if [ $src -ne 0 ] || [ $rrc -ne 0 ] || ! same "$path" "$out/$base"; then
    not_ok "$name: sender rc=$src, receiver rc=$rrc, $base identical?"
    diag "$out.send.log" "$out.recv.log"
    return
  fi
  if [ "$route" = relay ] && ! grep -qE "\(relay |relay |Sending \(<-relay|transit relay" "$out.send.log" "$out.recv.log" \
       && ! grep -q "relay" "$out.send.log" "$out.recv.log"; then
    not_ok "$name: arrived, but not through the relay"
    return
  fi
  ok "$name: $base arrived identical${route:+ through the relay}"
}

for item in empty.bin unicode/"Grüße – 日本語 €.txt" big.bin tree; do
  p=$DATA/$item
  tag=$(basename "$item" | tr -c 'a-z.\n' '_')
  xfer "gofer-gofer-$tag" gofer_send gofer_recv "$p"
  xfer "gofer-python-$tag" gofer_send py_recv "$p"
  xfer "python-gofer-$tag" py_send gofer_recv "$p"
  # wormhole-william 1.0.6 hangs receiving an empty file (fixed in 1.0.7).
  [ "$item" = empty.bin ] || xfer "gofer-william-$tag" gofer_send go_recv "$p"
  xfer "william-gofer-$tag" go_send gofer_recv "$p" relay
done

for item in big.bin tree; do
  p=$DATA/$item
  xfer "relay-gofer-gofer-$item" gofer_send_relay gofer_recv_relay "$p" relay
  xfer "relay-gofer-python-$item" gofer_send_relay py_recv_relay "$p" relay
  xfer "relay-python-gofer-$item" py_send_relay gofer_recv_relay "$p" relay
  xfer "relay-gofer-william-$item" gofer_send_relay go_recv "$p" relay
done

# Two Gofers seal transit records with AES-256-GCM where the CPU has AES-NI
# (docs/protocol-extensions.md); a standard peer always gets secretbox.
cipher_in() { grep -o "connected ([^)]*)" "$1" | grep -oE "aes-256-gcm|xsalsa20-poly1305" | head -1; }
if grep -qw aes /proc/cpuinfo && grep -qw pclmulqdq /proc/cpuinfo; then fast=aes-256-gcm; else fast=xsalsa20-poly1305; fi
G_MESSAGES_DEBUG=gofer xfer cipher-gofer-gofer gofer_send gofer_recv "$DATA/big.bin"
check "gofer to gofer: the sender sealed with $fast" [ "$(cipher_in "$WORK/out-cipher-gofer-gofer.send.log")" = $fast ]
check "gofer to gofer: the receiver opened with $fast" [ "$(cipher_in "$WORK/out-cipher-gofer-gofer.recv.log")" = $fast ]
# ... and leave the SHA-256 out of the final ack, which a standard peer keeps.
bare_ack_in() { grep -c "connected ([^)]*, bare ack)" "$1"; }
check "gofer to gofer: both sides skip the payload hash" \
  [ "$(bare_ack_in "$WORK/out-cipher-gofer-gofer.send.log")$(bare_ack_in "$WORK/out-cipher-gofer-gofer.recv.log")" = 11 ]
G_MESSAGES_DEBUG=gofer xfer cipher-gofer-python gofer_send py_recv "$DATA/big.bin"
check "gofer to python: the sender kept to secretbox" \
  [ "$(cipher_in "$WORK/out-cipher-gofer-python.send.log")" = xsalsa20-poly1305 ]
check "gofer to python: the sender checks the receiver's SHA-256" \
  [ "$(bare_ack_in "$WORK/out-cipher-gofer-python.send.log")" = 0 ]
G_MESSAGES_DEBUG=gofer xfer cipher-python-gofer py_send gofer_recv "$DATA/big.bin"
check "python to gofer: the receiver kept to secretbox" \
  [ "$(cipher_in "$WORK/out-cipher-python-gofer.recv.log")" = xsalsa20-poly1305 ]
check "python to gofer: the receiver sends its SHA-256" \
  [ "$(bare_ack_in "$WORK/out-cipher-python-gofer.recv.log")" = 0 ]

# An empty subfolder travels as a "name/" zip entry, as Python 0.14 and
# later send it (#14 item 7). Gofer and Python 0.12 keep it as a folder;
# wormhole-william (1.0.6 here, the same code in 1.0.8) writes every entry
# as a file, so it arrives as an empty file (docs/interop.md).
mkdir -p "$DATA/hollow/empty" "$DATA/hollow/sub"
printf 'kept\n' >"$DATA/hollow/sub/a.txt"
for r in gofer_recv py_recv go_recv; do
  code=$(next_code)
  out=$WORK/hollow-$r
  mkdir -p "$out"
  gofer_send "$code" "$DATA/hollow" >"$out.send.log" 2>&1 &
  spid=$!
  sleep 1
  (cd "$out" && $r "$code") >"$out.recv.log" 2>&1
  rrc=$?
  wait $spid
  src=$?
  if [ "$r" = go_recv ]; then want=-f; what="an empty file (wormhole-william)"; else want=-d; what="a folder"; fi
  if [ $rrc -eq 0 ] && [ $src -eq 0 ] && cmp -s "$DATA/hollow/sub/a.txt" "$out/hollow/sub/a.txt" &&
     [ $want "$out/hollow/empty" ]; then
    ok "a folder with an empty subfolder, received by $r: the empty one arrives as $what"
  else
    not_ok "a folder with an empty subfolder, received by $r: rc=$rrc/$src"
    diag "$out.send.log" "$out.recv.log"
  fi
done

# Several paths go out as one folder that every receiver unpacks, named
# after the first and how many follow (#15 item 10).
multi() { gofer $T send --hide-progress --code "$1" "$DATA/big.bin" "$DATA/tree"; }
for r in gofer_recv py_recv go_recv; do
  code=$(next_code)
  out=$WORK/multi-$r
  mkdir -p "$out"
  multi "$code" >"$out.send.log" 2>&1 &
  spid=$!
  sleep 1
  (cd "$out" && $r "$code") >"$out.recv.log" 2>&1
  wait $spid
  if cmp -s "$DATA/big.bin" "$out/big and 1 more/big.bin" &&
     diff -r "$DATA/tree" "$out/big and 1 more/tree" >/dev/null; then
    ok "two paths at once, received by $r as one folder"
  else
    not_ok "two paths at once, received by $r"
    diag "$out.send.log" "$out.recv.log"
  fi
done

finish
