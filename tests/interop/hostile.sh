#!/usr/bin/env bash
# A malicious sender against `gofer receive --accept-file`: names that climb
# out of the folder or carry terminal escapes, folder zips with escaping
# entries, links and bombs, a name already taken, too much or too little
# data, and sizes that are not sizes. The sender is hostile-sender.py on the
# Debian wormhole library; gofer runs in an empty folder deep inside a
# sandbox, and after every case nothing outside that folder may have changed.
. "$(dirname "$0")/lib.sh"
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay || { echo "Bail out! transit relay did not start"; exit 1; }

HERE=$(cd "$(dirname "$0")" && pwd)
SANDBOX=$WORK/sandbox
TARGET=$SANDBOX/a/b/target
VICTIM=$SANDBOX/victim.txt        # an absolute name offered; must never appear
LOGS=$WORK/logs
mkdir -p "$TARGET" "$LOGS" "$WORK/zips"
printf 'keep me\n' >"$SANDBOX/a/keep.txt"
printf 'hello' >"$WORK/hello.bin"
head -c 100000 /dev/urandom >"$WORK/100k.bin"

# Everything in the sandbox except the target folder, with content hashes.
listing() {
  (cd "$SANDBOX" && find . -path ./a/b/target -prune -o -printf '%p %y %s %l\n' | LC_ALL=C sort
   find . -path ./a/b/target -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
BEFORE=$(listing)

# run_case NAME OFFER_JSON [PAYLOAD [MODE [N]]]: the hostile sender offers,
# gofer receives in $TARGET. Sets RC (gofer), SRC (sender), OUT (everything
# gofer printed), SOUT (what the sender saw).
run_case() {
  local name=$1 code
  shift
  code=$(next_code)
  OUT=$LOGS/$name.gofer
  SOUT=$LOGS/$name.sender
  local start=$SECONDS
  timeout 60 /usr/bin/python3 "$HERE/hostile-sender.py" "$MAILBOX_URL" "$code" "$@" >"$SOUT" 2>&1 &
  local spid=$!
  (cd "$TARGET" && timeout 60 "$GOFER" --relay-url "$MAILBOX_URL" \
     --transit-helper "$TRANSIT_HELPER" receive --accept-file --hide-progress "$code") >"$OUT" 2>&1
  RC=$?
  wait $spid
  SRC=$?
  echo "# $name: gofer rc=$RC, sender rc=$SRC, $((SECONDS - start)) s" >&2
}

# What must hold after every case.
common_checks() { # name
  local name=$1 bad
  check "$name: nothing changed outside the target folder" [ "$(listing)" = "$BEFORE" ]
  check "$name: no .part file left" [ -z "$(find "$TARGET" -name '*.part')" ]
  # Control characters (C0, DEL, C1 as UTF-8) or a backslash in any name.
  bad=$(cd "$TARGET" && find . -mindepth 1 -print | LC_ALL=C grep -P '[\x00-\x1f\x7f\\\\]|\xc2[\x80-\x9f]')
  check "$name: every name inside is safe" [ -z "$bad" ]
  check "$name: gofer printed no control characters" \
    bash -c '! LC_ALL=C grep -qP "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]" "$1"' _ "$OUT"
}

only_entry() { (cd "$TARGET" && ls -A); }
reset_target() { rm -rf "$TARGET" && mkdir -p "$TARGET"; }
show() { diag "$SOUT" "$OUT"; }

# A file offer gofer must accept under a safe name: expect_saved NAME WANTED OFFERED-NAME
expect_saved() {
  local name=$1 wanted=$2 offered=$3 json
  json=$(printf '{"file": {"filename": %s, "filesize": 5}}' "$offered")
  reset_target
  run_case "$name" "$json" "$WORK/hello.bin"
  if [ $RC -eq 0 ] && [ "$(only_entry)" = "$wanted" ] && cmp -s "$WORK/hello.bin" "$TARGET/$wanted"; then
    ok "$name: saved inside as “$wanted”"
  else
    not_ok "$name: rc=$RC, folder holds “$(only_entry)”, wanted “$wanted”"
    show
  fi
  check "$name: the sender got the final ack" grep -q '^ACK {"ack": "ok"' "$SOUT"
  common_checks "$name"
}

expect_saved "parent climb" "x" '"../../x"'
expect_saved "absolute name" "victim.txt" "\"$VICTIM\""
expect_saved "backslash climb" "evil.txt" '"..\\..\\evil.txt"'
expect_saved "dot-dot name" "Received file" '".."'
expect_saved "empty name" "Received file" '""'
expect_saved "device name" "_CON.txt" '"CON.txt"'
# A leading dot would hide it, or make it ~/.bashrc in the home folder.
expect_saved "hidden name" "_bashrc" '".bashrc"'
check "hidden name: gofer says under which name it is saved" grep -q "saved as “_bashrc”" "$OUT"

# Terminal escapes: clear screen, set the window title, CSI as C1, CR/LF, BEL.
reset_target
run_case "escape sequences" \
  '{"file": {"filename": "\u001b[2J\u001b]0;pwned\u0007evil\r\n\t\u007f\u009b31m.txt", "filesize": 5}}' \
  "$WORK/hello.bin"
check "escape sequences: accepted (rc=$RC)" [ $RC -eq 0 ]
check "escape sequences: one file, named without the escapes" \
  bash -c '[ "$(ls -A "$1" | wc -l)" -eq 1 ] && ls -A "$1" | grep -q "evil.*\.txt$"' _ "$TARGET"
check "escape sequences: gofer printed no ESC byte" bash -c '! grep -q $'"'"'\x1b'"'"' "$1"' _ "$OUT"
common_checks "escape sequences"
[ $RC -eq 0 ] || show

# A 300-byte name: cut to what file systems allow, extension kept.
long=$(printf 'n%.0s' $(seq 1 300))
reset_target
run_case "long name" "{\"file\": {\"filename\": \"$long.txt\", \"filesize\": 5}}" "$WORK/hello.bin"
saved=$(only_entry)
check "long name: saved with a name of at most 255 bytes ending in .txt (${#saved} bytes)" \
  bash -c '[ $1 -eq 0 ] && [ ${#2} -le 255 ] && [ ${#2} -gt 0 ] && [[ $2 == *.txt ]]' _ $RC "$saved"
common_checks "long name"

# A name already taken in the folder: the old file stays, the new one gets " (1)".
reset_target
printf 'original\n' >"$TARGET/existing.txt"
run_case "name taken" '{"file": {"filename": "existing.txt", "filesize": 5}}' "$WORK/hello.bin"
check "name taken: accepted (rc=$RC)" [ $RC -eq 0 ]
check "name taken: the existing file is untouched" grep -qx original "$TARGET/existing.txt"
check "name taken: the new file is “existing (1).txt”" cmp -s "$WORK/hello.bin" "$TARGET/existing (1).txt"
common_checks "name taken"

# Refused outright: expect_refused NAME PATTERN-IN-GOFER-OUTPUT PATTERN-IN-SENDER-OUTPUT ARGS...
expect_refused() {
  local name=$1 says=$2 sender_sees=$3
  shift 3
  reset_target
  run_case "$name" "$@"
  check "$name: gofer exits non-zero (rc=$RC)" [ $RC -ne 0 ]
  check "$name: nothing was saved" [ -z "$(only_entry)" ]
  if grep -qiE "$says" "$OUT"; then ok "$name: gofer says why"; else not_ok "$name: gofer says why"; show; fi
  if grep -qE "$sender_sees" "$SOUT"; then
    ok "$name: the sender sees $(grep -oE "$sender_sees" "$SOUT" | head -1)"
  else
    not_ok "$name: the sender sees /$sender_sees/"
    show
  fi
  common_checks "$name"
}

# Sizes that are not sizes are refused before anything is written; the
# sender is told with an {"error"} message.
for size in -1 1.5 '"5"' null 18446744073709551616 '[5]'; do
  expect_refused "filesize $size" "cannot read|incompatible" "^PEER-ERROR" \
    "{\"file\": {\"filename\": \"size.bin\", \"filesize\": $size}}" "$WORK/hello.bin"
done
expect_refused "no filesize" "cannot read|incompatible" "^PEER-ERROR" \
  '{"file": {"filename": "size.bin"}}'
expect_refused "directory numbytes -5" "cannot read|incompatible" "^PEER-ERROR" \
  '{"directory": {"mode": "zipfile/deflated", "dirname": "d", "zipsize": 10, "numbytes": -5, "numfiles": 1}}'
# 4 EiB cannot fit: refused for space, still before anything is written.
expect_refused "filesize 4 EiB" "space|room" "^PEER-ERROR" \
  '{"file": {"filename": "huge.bin", "filesize": 4611686018427387904}}' "$WORK/hello.bin"

# More data than offered, in the last record: refused, nothing kept.
expect_refused "more data than offered" "more data than" "^CLOSED" \
  '{"file": {"filename": "more.bin", "filesize": 5}}' "$WORK/hello.bin" straddle 100

# Exactly the offered bytes, then an extra record: only the offered bytes are kept.
reset_target
run_case "extra record after the end" '{"file": {"filename": "after.bin", "filesize": 5}}' \
  "$WORK/hello.bin" after 100
check "extra record after the end: accepted with exactly the offered 5 bytes (rc=$RC)" \
  bash -c '[ $1 -eq 0 ] && cmp -s "$2" "$3/after.bin" && [ "$(ls -A "$3")" = after.bin ]' \
  _ $RC "$WORK/hello.bin" "$TARGET"
common_checks "extra record after the end"

# Less data, then the sender hangs up.
expect_refused "less data then a close" "closed the connection|lost" "^CLOSED" \
  '{"file": {"filename": "short.bin", "filesize": 100000}}' "$WORK/100k.bin" short 50000

# Folders whose zips try to leave the folder, link out of it, or explode.
/usr/bin/python3 "$HERE/hostile-zips.py" "$WORK/zips" "$VICTIM" >"$WORK/zips.list" \
  || { echo "Bail out! could not write the hostile zips"; exit 1; }
while read -r zname zipsize numbytes numfiles; do
  case $zname in
    escape|deep-escape|backslash) says="outside" ;;
    absolute|root) says="absolute" ;;
    symlink|symlink-only) says="link" ;;
    bomb-*) says="zip bomb|far more data|damaged" ;;
  esac
  expect_refused "folder zip $zname" "$says" "^CLOSED|^PEER-ERROR" \
    "{\"directory\": {\"mode\": \"zipfile/deflated\", \"dirname\": \"$zname\", \"zipsize\": $zipsize, \"numbytes\": $numbytes, \"numfiles\": $numfiles}}" \
    "$WORK/zips/$zname.zip"
  rm -f "$WORK/zips/$zname.zip"
done <"$WORK/zips.list"

# A good zip under a climbing folder name lands inside, under the last component.
/usr/bin/python3 - "$WORK/good.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as zf:
    zf.writestr("ok.txt", b"fine\n")
    zf.writestr("sub/b.txt", b"bee\n")
PY
reset_target
run_case "folder name climb" \
  "{\"directory\": {\"mode\": \"zipfile/deflated\", \"dirname\": \"../../evil-dir\", \"zipsize\": $(stat -c %s "$WORK/good.zip"), \"numbytes\": 9, \"numfiles\": 2}}" \
  "$WORK/good.zip"
check "folder name climb: unpacked inside as evil-dir (rc=$RC)" \
  bash -c '[ $1 -eq 0 ] && [ "$(ls -A "$2")" = evil-dir ] && grep -qx bee "$2/evil-dir/sub/b.txt"' _ $RC "$TARGET"
common_checks "folder name climb"

# A folder named .ssh, received in the home folder, would be ~/.ssh: it
# lands visibly as _ssh, and gofer says so before accepting.
/usr/bin/python3 - "$WORK/ssh.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as zf:
    zf.writestr("authorized_keys", b"ssh-ed25519 AAAA attacker\n")
PY
reset_target
run_case "hidden folder name" \
  "{\"directory\": {\"mode\": \"zipfile/deflated\", \"dirname\": \".ssh\", \"zipsize\": $(stat -c %s "$WORK/ssh.zip"), \"numbytes\": 26, \"numfiles\": 1}}" \
  "$WORK/ssh.zip"
check "hidden folder name: unpacked as _ssh, nothing hidden (rc=$RC)" \
  bash -c '[ $1 -eq 0 ] && [ "$(ls -A "$2")" = _ssh ] && [ -f "$2/_ssh/authorized_keys" ]' _ $RC "$TARGET"
check "hidden folder name: gofer says so" grep -q "saved as “_ssh”" "$OUT"
common_checks "hidden folder name"

# The offer's numbytes and numfiles are the cap and must match the zip:
# numbytes 0 once switched the cap off.
good_zipsize=$(stat -c %s "$WORK/good.zip")
for lie in "0 2" "8 2" "10 2" "9 1" "9 3" "0 0"; do
  set -- $lie
  expect_refused "folder offer numbytes $1 numfiles $2 for 9 bytes in 2 files" \
    "does not match|zip bomb" "^CLOSED|^PEER-ERROR" \
    "{\"directory\": {\"mode\": \"zipfile/deflated\", \"dirname\": \"liar\", \"zipsize\": $good_zipsize, \"numbytes\": $1, \"numfiles\": $2}}" \
    "$WORK/good.zip"
done

finish
