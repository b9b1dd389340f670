#!/usr/bin/env bash
# gofer-gtk end to end, with the real programs: the Debian `wormhole` CLI
# through the reference mailbox server and transit relay, dunst for the
# notifications, a real XDND drag with xdotool, AT-SPI to read the window.
# Usage: e2e.sh GOFER_GTK APP_ID TESTS_APP_SRCDIR [GOFER_CLI]
APP=$1 APP_ID=$2 SRCDIR=$3 GOFER_CLI=${4:-$(dirname "$1")/../cli/gofer}
. "$(dirname "$0")/e2e-lib.sh"

start_servers || { echo "Bail out! the reference servers did not start"; exit 1; }
start_dunst || { echo "Bail out! dunst did not start"; exit 1; }
configure_app
start_app || { echo "Bail out! gofer-gtk did not start"; diag "$APP_LOG"; exit 1; }
shot empty

# Every control has a name a screen reader can say.
if atspi check-names >"$WORK/names.txt" 2>&1; then
  ok "every control of the window has an accessible name ($(head -1 "$WORK/names.txt"))"
else
  not_ok "controls without a proper accessible name"; diag "$WORK/names.txt"
fi

# 1. A text offer is accepted at once and shown.
TEXT='Grüße aus dem Wurmloch — the door code is 4711'
new_code
py_wormhole send --code "$code" --text "$TEXT" >"$WORK/text.out" 2>&1 &
spid=$!
sleep 1
open_link "$code"
shown=$(atspi wait-text "The text that was received")
wait $spid; src=$?
# The other side's text comes in a first-strong isolate (U+2068 … U+2069).
if [ "$shown" = $'\xe2\x81\xa8'"$TEXT"$'\xe2\x81\xa9' ] && [ $src -eq 0 ]; then
  ok "text sent by wormhole send --text is shown in the window"
  shot text
else
  not_ok "text offer: shown '$shown', sender rc=$src"; diag "$WORK/text.out" "$APP_LOG"
fi
dunstctl close-all

# 2. A file offer: dunst shows the notification, its Accept action (picked
#    by dunst's own action menu) starts the download, the file is intact.
head -c $((5 * 1024 * 1024 + 17)) /dev/urandom >"$WORK/photo.bin"
new_code
(cd "$WORK" && py_wormhole send --code "$code" photo.bin) >"$WORK/file.out" 2>&1 &
spid=$!
sleep 1
if open_offer "$code"; then
  ok "the file offer raised a desktop notification in dunst"
  shot offer
else
  not_ok "no notification for the file offer"; diag "$WORK/dunst.log" "$APP_LOG"
fi
dunstctl context
wait $spid; src=$?
until_true 30 test -f "$DOWNLOADS/photo.bin"
if [ $src -eq 0 ] && cmp -s "$WORK/photo.bin" "$DOWNLOADS/photo.bin"; then
  ok "accepted through dunst: the file arrived byte for byte in the download folder"
else
  not_ok "file after dunst accept: sender rc=$src"; diag "$WORK/file.out" "$APP_LOG"
fi
if atspi wait "Show in Folder" && atspi wait "Open"; then
  ok "the done page offers Open and Show in Folder"
else
  not_ok "no done page after the download"
  atspi names | sed 's/^/# /'
fi
shot done
dunstctl close-all

# 3. A click on the notification itself (its default action) shows the
#    window and answers nothing (#15 item 11); Accept there takes it.
head -c $((1024 * 1024)) /dev/urandom >"$WORK/notes.bin"
new_code
(cd "$WORK" && py_wormhole send --code "$code" notes.bin) >"$WORK/click.out" 2>&1 &
spid=$!
sleep 1
open_offer "$code"
answered=$(count_log "offer answered from the notification")
click_popup() {
  local X Y W H
  read -r X Y W H < <(xdotool search --onlyvisible --class dunst getwindowgeometry --shell 2>/dev/null |
    awk -F= '/^X=/{x=$2}/^Y=/{y=$2}/^WIDTH=/{w=$2}/^HEIGHT=/{h=$2}END{print x,y,w,h}')
  [ -n "$W" ] && [ "$W" -gt 1 ] && xdotool mousemove $((X + W / 2)) $((Y + H / 2)) click 1
}
shown=$(count_log "notify: a notification shows the window")
# dunst maps and places its popup a moment after it counts it as displayed.
for _ in 1 2 3; do
  sleep 0.5
  click_popup && echo "# clicked dunst's popup" >>"$APP_LOG"
  until_true 3 eval '[ "$(count_log "notify: a notification shows the window")" -gt "$shown" ]' && break
done
sleep 1
if [ "$(count_log "notify: a notification shows the window")" -gt "$shown" ] &&
   [ "$(count_log "offer answered from the notification")" -eq "$answered" ] && atspi wait "Accept"; then
  ok "a click on the dunst popup shows the window and accepts nothing"
else
  not_ok "a click on the popup: shown $(count_log "notify: a notification shows the window"), answered $(count_log "offer answered from the notification")"
fi
atspi click "Accept"
wait $spid; src=$?
until_true 30 test -f "$DOWNLOADS/notes.bin"
if [ $src -eq 0 ] && cmp -s "$WORK/notes.bin" "$DOWNLOADS/notes.bin"; then
  ok "Accept in the window after the click took the offer; the file is intact"
else
  not_ok "click on the notification: sender rc=$src"; diag "$WORK/click.out" "$APP_LOG" "$WORK/dunst.log"
  echo "# dunst displayed: $(dunstctl count displayed), popups: $(xdotool search --onlyvisible --class dunst 2>/dev/null | wc -l)"
  grep -c '"isError": 1' "$WORK/mailbox.log" | sed 's/^/# mailbox server errors: /'
fi
dunstctl close-all

# 4. A name with markup characters shows as it is in dunst, which reads
#    bodies as markup. Then Decline in the window: the sender is told and
#    gives up.
MARKUP_NAME='a<b>c&d.txt'
cp "$WORK/notes.bin" "$WORK/$MARKUP_NAME"
new_code
(cd "$WORK" && py_wormhole send --code "$code" "$MARKUP_NAME") >"$WORK/decline.out" 2>&1 &
spid=$!
sleep 1
open_offer "$code"
dunstctl close-all
check_offered_name_shown "$MARKUP_NAME"
atspi click "Decline"
wait $spid; src=$?
if [ $src -ne 0 ] && grep -qi "reject" "$WORK/decline.out"; then
  ok "Decline in the window rejects the transfer at the sender"
else
  not_ok "decline: sender rc=$src"; diag "$WORK/decline.out"
fi
dunstctl close-all

# 5. A folder offer, accepted from the notification, arrives whole.
mkdir -p "$WORK/Holiday/day 1"
head -c 200000 /dev/urandom >"$WORK/Holiday/day 1/beach.jpg"
head -c 300000 /dev/urandom >"$WORK/Holiday/notes.txt"
new_code
(cd "$WORK" && py_wormhole send --code "$code" Holiday) >"$WORK/folder.out" 2>&1 &
spid=$!
sleep 1
open_offer "$code"
dunstctl context
wait $spid; src=$?
until_true 30 test -f "$DOWNLOADS/Holiday/notes.txt"
if [ $src -eq 0 ] && diff -r "$WORK/Holiday" "$DOWNLOADS/Holiday" >/dev/null; then
  ok "a folder sent by wormhole send arrived whole after Accept in dunst"
else
  not_ok "folder offer: sender rc=$src"; diag "$WORK/folder.out" "$APP_LOG"
fi
dunstctl close-all

# 6. A mistyped code: the error page says what happened.
new_code
py_wormhole send --code "$code" --text "never read" >"$WORK/wrong.out" 2>&1 &
spid=$!
sleep 1
open_link "${code%-*}-revenue"
until_true 30 sh -c "! kill -0 $spid 2>/dev/null"
if atspi wait "The other side used a different code, so the connection was closed. Check the code for typos and try again." &&
   atspi click "Details" &&
   atspi wait-text "What went wrong, for a bug report" >"$WORK/details.txt" &&
   grep -q "gofer-error-quark" "$WORK/details.txt"; then
  ok "a wrong code ends on the error page: a sentence, and details to copy"
  shot error
else
  not_ok "wrong code: no error page"; atspi names | sed 's/^/# /'; diag "$APP_LOG"
fi
if atspi check-names >"$WORK/names.txt" 2>&1; then
  ok "every control of the error page has an accessible name"
else
  not_ok "error page: controls without a proper accessible name"; diag "$WORK/names.txt"
fi
wait $spid 2>/dev/null

# 7. Files dropped on the window by a real drag are sent to wormhole receive.
head -c $((3 * 1024 * 1024 + 5)) /dev/urandom >"$WORK/dragged.bin"
$PY "$SRCDIR/dnd-source.py" "$WORK/dragged.bin" >"$WORK/dnd.log" 2>&1 &
PIDS+=($!)
until_true 20 sh -c 'xdotool search --name "^DND Source$" >/dev/null 2>&1'
S=$(xdotool search --name '^DND Source$' | head -1)
app_window
xdotool windowmove "$S" 900 600
xdotool windowmove "$APP_WIN" 0 0
sleep 0.5
xdotool mousemove 1000 660 sleep 0.2 mousedown 1 sleep 0.2
for i in $(seq 1 20); do xdotool mousemove $((1000 - i * 35)) $((660 - i * 20)) sleep 0.03; done
xdotool mousemove 250 250 sleep 0.3 mouseup 1
code=$(atspi wait-text "The code the receiver types in" 2>/dev/null)
if [[ "$code" =~ ^[0-9]+-[a-z]+-[a-z]+$ ]]; then
  ok "the drop started a send: the window shows a code"
  shot code
else
  not_ok "no code after the drop: '$code'"; diag "$WORK/dnd.log" "$APP_LOG"
fi
(cd "$WORK" && py_wormhole receive --accept-file -o received.bin "$code") >"$WORK/recv.out" 2>&1
rrc=$?
if [ $rrc -eq 0 ] && cmp -s "$WORK/dragged.bin" "$WORK/received.bin"; then
  ok "wormhole receive got the dropped file intact"
else
  not_ok "wormhole receive of the dropped file: rc=$rrc"; diag "$WORK/recv.out" "$APP_LOG"
fi

# 8. Several files and a folder dropped at once go as one folder.
mkdir -p "$WORK/drop/album"
head -c 100000 /dev/urandom >"$WORK/drop/album/one.jpg"
head -c 70000 /dev/urandom >"$WORK/drop/letter.txt"
$PY "$SRCDIR/dnd-source.py" "$WORK/drop/album" "$WORK/drop/letter.txt" >"$WORK/dnd2.log" 2>&1 &
PIDS+=($!)
sleep 1
S=$(xdotool search --name '^DND Source$' | tail -1)
xdotool windowmove "$S" 900 600
sleep 0.5
xdotool mousemove 1000 660 sleep 0.2 mousedown 1 sleep 0.2
for i in $(seq 1 20); do xdotool mousemove $((1000 - i * 35)) $((660 - i * 20)) sleep 0.03; done
xdotool mousemove 250 250 sleep 0.3 mouseup 1
sleep 1
code=$(atspi wait-text "The code the receiver types in" 2>/dev/null)
rm -rf "$WORK/got"; mkdir -p "$WORK/got"
(cd "$WORK/got" && py_wormhole receive --accept-file "$code") >"$WORK/recv2.out" 2>&1
rrc=$?
got=$(find "$WORK/got" -mindepth 1 -maxdepth 1 -type d | head -1)
if [ $rrc -eq 0 ] && [ -n "$got" ] && cmp -s "$WORK/drop/letter.txt" "$got/letter.txt" &&
   cmp -s "$WORK/drop/album/one.jpg" "$got/album/one.jpg"; then
  ok "a file and a folder dropped together arrived as one folder"
else
  not_ok "multi-drop: rc=$rrc, got '$got'"; diag "$WORK/recv2.out" "$WORK/dnd2.log"; ls -R "$WORK/got" | sed 's/^/# /'
fi

# 9. Only the keyboard (#15 items 1, 2, 12): Escape back to the first
#    page, Ctrl+T, the text, Ctrl+Enter sends it; wormhole receive gets it.
#    Then Tab to the code box, a code, Enter receives a text.
app_window
xdotool windowfocus --sync "$APP_WIN" 2>/dev/null
keys() { xdotool key --clearmodifiers --delay 60 "$@"; sleep 0.5; }
KEY_TEXT='Typed on the keyboard only, 4711'
keys Escape
keys ctrl+t
xdotool type --delay 20 "$KEY_TEXT"; sleep 0.3
keys ctrl+Return
code=$(atspi wait-text "The code the receiver types in" 2>/dev/null)
got=$( (cd "$WORK" && py_wormhole receive --hide-progress "$code") 2>"$WORK/keys-recv.err")
if [[ "$code" =~ ^[0-9]+-[a-z]+-[a-z]+$ ]] && [ "$got" = "$KEY_TEXT" ]; then
  ok "keyboard only: Ctrl+T, typing and Ctrl+Enter sent a text to wormhole receive"
  shot keyboard-sent
else
  not_ok "keyboard-only send: code '$code', received '$got'"; diag "$WORK/keys-recv.err" "$APP_LOG"
fi
sleep 1
new_code
py_wormhole send --code "$code" --text "$KEY_TEXT back" >"$WORK/keys-send.out" 2>&1 &
spid=$!
sleep 1
keys Escape
# Send Files…, Send a Folder…, Send Text…, Start a Conversation, the box.
keys Tab Tab Tab Tab
xdotool type --delay 20 "$code"; sleep 0.3
keys Return
shown=$(atspi wait-text "The text that was received")
wait $spid; src=$?
if [ "$shown" = $'\xe2\x81\xa8'"$KEY_TEXT back"$'\xe2\x81\xa9' ] && [ $src -eq 0 ]; then
  ok "keyboard only: Tab to the code box, a code and Enter received a text"
  shot keyboard-received
else
  not_ok "keyboard-only receive: shown '$shown', sender rc=$src"; diag "$WORK/keys-send.out" "$APP_LOG"
  atspi names | sed 's/^/# /'
fi

# 10. The whole round with the keyboard only (#15 Proof): send a file
#     (Ctrl+O, the chooser's location field, Enter), receive one (Tab to the
#     box, the code, Enter, Enter on Accept), start a conversation (Tab to
#     Start a Conversation, Enter) that `gofer chat` joins, send a file in it
#     (Ctrl+O again), and leave it (Alt+L, then Tab to Leave in the dialog).
head -c 300007 /dev/urandom >"$WORK/keyboard-out.bin"
keys Escape
keys ctrl+o
sleep 1
keys ctrl+l
xdotool type --delay 10 "$WORK/keyboard-out.bin"; sleep 0.5
keys Return
code=$(atspi wait-text "The code the receiver types in" 2>/dev/null)
rm -rf "$WORK/kgot"; mkdir -p "$WORK/kgot"
(cd "$WORK/kgot" && py_wormhole receive --accept-file --hide-progress "$code") >"$WORK/kgot.out" 2>&1
if [ $? -eq 0 ] && cmp -s "$WORK/keyboard-out.bin" "$WORK/kgot/keyboard-out.bin"; then
  ok "keyboard only: Ctrl+O, a path in the chooser and Enter sent a file to wormhole receive"
  shot keyboard-file-sent
else
  not_ok "keyboard-only file send: code '$code'"; diag "$WORK/kgot.out" "$APP_LOG"
fi

head -c 200003 /dev/urandom >"$WORK/keyboard-in.bin"
new_code
(cd "$WORK" && py_wormhole send --hide-progress --code "$code" keyboard-in.bin) >"$WORK/kin.out" 2>&1 &
spid=$!
sleep 1
keys Escape
keys Tab Tab Tab Tab
xdotool type --delay 20 "$code"; sleep 0.3
keys Return
atspi wait "Receive “keyboard-in.bin”?" >/dev/null 2>&1
sleep 0.6
keys Return
wait $spid; src=$?
until_true 30 test -f "$DOWNLOADS/keyboard-in.bin"
if [ $src -eq 0 ] && cmp -s "$WORK/keyboard-in.bin" "$DOWNLOADS/keyboard-in.bin"; then
  ok "keyboard only: Tab to the box, the code, Enter and Enter on Accept received a file"
  shot keyboard-file-received
else
  not_ok "keyboard-only file receive: sender rc=$src"; diag "$WORK/kin.out" "$APP_LOG"
fi

keys Escape
keys Tab Tab Tab Return
code=$(atspi wait-text "The code the receiver types in" 2>/dev/null)
mkdir -p "$WORK/chat-in"
(sleep 120) | timeout 120 "$GOFER_CLI" --relay-url "$MAILBOX_URL" --transit-helper "$TRANSIT_HELPER" \
  --accept-file --download-folder "$WORK/chat-in" chat "$code" >"$WORK/chat.out" 2>&1 &
cpid=$!
PIDS+=($cpid)
# The check is found by its description: a label's name is its text.
check=$(atspi wait-text "Both screens should show the same check" 2>/dev/null)
if [[ "$code" =~ ^[0-9]+-[a-z]+-[a-z]+$ ]] && [[ "$check" =~ [0-9a-f]{4}-[0-9a-f]{4} ]]; then
  ok "keyboard only: Tab to Start a Conversation and Enter opened a conversation gofer chat joined"
  shot keyboard-chat
else
  not_ok "keyboard-only conversation: code '$code', check '$check'"; diag "$WORK/chat.out" "$APP_LOG"
fi

head -c 100003 /dev/urandom >"$WORK/keyboard-chat.bin"
keys ctrl+o
sleep 1
keys ctrl+l
xdotool type --delay 10 "$WORK/keyboard-chat.bin"; sleep 0.5
keys Return
if until_true 30 cmp -s "$WORK/keyboard-chat.bin" "$WORK/chat-in/keyboard-chat.bin"; then
  ok "keyboard only: Ctrl+O in the conversation sent a file that gofer chat saved"
  shot keyboard-chat-file
else
  not_ok "keyboard-only file in the conversation"; diag "$WORK/chat.out" "$APP_LOG"; ls "$WORK/chat-in" | sed 's/^/# /'
fi

keys alt+l
sleep 0.5
keys Tab Return
atspi wait "You left the conversation." >/dev/null 2>&1; left=$?
for _ in $(seq 1 100); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
if [ $left -eq 0 ] && ! kill -0 "$cpid" 2>/dev/null; then
  ok "keyboard only: Alt+L and Leave in the dialog left; gofer chat saw the end"
  shot keyboard-chat-left
else
  not_ok "keyboard-only leave: notice shown=$left, gofer chat still running: $(kill -0 "$cpid" 2>/dev/null && echo yes || echo no)"
  diag "$WORK/chat.out" "$APP_LOG"; atspi names | sed 's/^/# /'
fi
keys Escape

# 11. The transfer history lists what went and came, newest first, with
#     names a screen reader can say; Escape closes it.
gapplication action "$APP_ID" history
if atspi wait "keyboard-in.bin" >/dev/null 2>&1 && atspi wait "keyboard-out.bin" >/dev/null 2>&1 &&
   atspi wait "keyboard-chat.bin" >/dev/null 2>&1; then
  ok "Transfer History lists the files sent and received, in the conversation too"
  sleep 0.6
  H=$(xdotool search --name '^Transfer History$' 2>/dev/null | head -1)
  [ -n "$H" ] && import -window "$H" "$SHOTS/e2e-history.png" 2>/dev/null
else
  not_ok "Transfer History does not list the keyboard round's files"; atspi names | sed 's/^/# /'
fi
if atspi check-names >"$WORK/names.txt" 2>&1; then
  ok "every control of the window and the history has an accessible name"
else
  not_ok "history: controls without a proper accessible name"; diag "$WORK/names.txt"
fi
keys Escape

# The preferences too (last: the window is modal).
gapplication action "$APP_ID" preferences
sleep 1
if atspi check-names >"$WORK/names.txt" 2>&1; then
  ok "every control of the window and the preferences has an accessible name"
else
  not_ok "preferences: controls without a proper accessible name"; diag "$WORK/names.txt"
fi

stop_app
check "the app quit cleanly" true
finish
