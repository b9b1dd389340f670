#!/usr/bin/env bash
# Text messages in every direction between gofer, the Python `wormhole` CLI
# and wormhole-william, through the Debian reference mailbox server.
. "$(dirname "$0")/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }

# send_text SENDER RECEIVER TEXT: the sender allocates a code (or, for the
# other clients, uses a fixed one), the receiver must print TEXT exactly.
run_pair() {
  local name=$1 send_cmd=$2 recv_cmd=$3 text=$4 code
  code=$(next_code)
  $send_cmd "$code" "$text" >"$WORK/$name.send.out" 2>"$WORK/$name.send.err" &
  local spid=$!
  sleep 1
  $recv_cmd "$code" >"$WORK/$name.recv.out" 2>"$WORK/$name.recv.err"
  local rrc=$?
  wait $spid
  local src=$?
  if [ $rrc -eq 0 ] && [ $src -eq 0 ] && grep -qxF "$text" "$WORK/$name.recv.out"; then
    ok "$name: text arrives intact, both exit 0"
  else
    not_ok "$name: sender rc=$src receiver rc=$rrc"
    diag "$WORK/$name".*
  fi
}

gofer_send() { gofer send --code "$1" --text "$2"; }
gofer_recv() { gofer receive "$1"; }
py_send() { py_wormhole send --code "$1" --text "$2"; }
py_recv() { py_wormhole receive "$1"; }
go_send() { go_wormhole send --code "$1" --text "$2"; }
go_recv() { go_wormhole recv "$1"; }
gofer_recv_stdin() { echo "$1" | gofer receive; }

TEXT='Grüße aus dem Wurmloch — 1 2 3 “quoted” ✓'
run_pair gofer-to-gofer gofer_send gofer_recv "$TEXT"
run_pair gofer-to-python gofer_send py_recv "$TEXT"
run_pair python-to-gofer py_send gofer_recv "$TEXT"
run_pair gofer-to-william gofer_send go_recv "$TEXT"
run_pair william-to-gofer go_send gofer_recv "$TEXT"
run_pair code-on-stdin gofer_send gofer_recv_stdin "code read from standard input"

# A code the sender chose is a password, used exactly as typed by every
# client: capitals must survive, or the keys differ.
exact_code() { echo "$(( $(next_code | cut -d- -f1) ))-Correct-Horse"; }
run_exact() {
  local name=$1 send_cmd=$2 recv_cmd=$3 code
  code=$(exact_code)
  $send_cmd "$code" "exact $name" >"$WORK/$name.send.out" 2>"$WORK/$name.send.err" &
  local spid=$!
  sleep 1
  $recv_cmd "$code" >"$WORK/$name.recv.out" 2>"$WORK/$name.recv.err"
  local rrc=$?
  wait_bounded 30 "the $name sender" $spid
  local src=$?
  if [ $rrc -eq 0 ] && [ $src -eq 0 ] && grep -qxF "exact $name" "$WORK/$name.recv.out"; then
    ok "$name: a chosen code with capitals works as typed"
  else
    not_ok "$name: sender rc=$src receiver rc=$rrc"
    diag "$WORK/$name".*
  fi
}
run_exact python-to-gofer-exact py_send gofer_recv
run_exact gofer-to-python-exact gofer_send py_recv
run_exact william-to-gofer-exact go_send gofer_recv

# A code the server allocates, read back from the sender's output.
gofer send --text "allocated" 2>"$WORK/alloc.err" &
spid=$!
code=$(code_from "$WORK/alloc.err")
if [[ "$code" =~ ^[0-9]+-[a-z]+-[a-z]+$ ]]; then ok "allocated code has the form N-word-word"; else not_ok "allocated code: '$code'"; fi
out=$(py_wormhole receive "$code" 2>/dev/null)
wait $spid
check "python receives the text sent under an allocated code" [ "$out" = "allocated" ]
check "both sides closed the mailbox happy" [ "$(last_mailbox_result)" = "happy" ]

# Longer codes work with the other clients too.
gofer send --code-length 4 --text "four words" 2>"$WORK/four.err" &
spid=$!
code=$(code_from "$WORK/four.err")
if [[ "$code" =~ ^[0-9]+(-[a-z]+){4}$ ]]; then ok "--code-length 4 gives four words"; else not_ok "code: '$code'"; fi
out=$(go_wormhole recv "$code" 2>/dev/null)
wait $spid
check "wormhole-william receives under a four-word code" [ "$out" = "four words" ]

finish
