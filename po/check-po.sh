#!/usr/bin/env bash
# check-po.sh MSGFMT FILE.po: TAP test that msgfmt accepts the catalog
# (msgfmt --check also checks printf formats against the msgid), and that
# every message of the app's own UI (src/app, data) is translated and not
# fuzzy. Messages of the core, CLI and relay may still be untranslated: they
# fall back to English and are reported as a comment.
set -euo pipefail

msgfmt=${1:?usage: check-po.sh MSGFMT FILE.po}
po=${2:?usage: check-po.sh MSGFMT FILE.po}
name=$(basename "$po")
msgattrib=$(dirname "$msgfmt")/msgattrib
[ -x "$msgattrib" ] || msgattrib=msgattrib

echo "1..2"
if stats=$(LC_ALL=C "$msgfmt" --check --statistics -o /dev/null "$po" 2>&1); then
  echo "ok 1 msgfmt --check accepts $name"
else
  echo "not ok 1 msgfmt --check rejects $name"
  printf '# %s\n' "$stats"
  exit 1
fi
echo "# $stats"

app_refs='^#:.*[[:space:]](src/app/|data/)'
missing=$({ "$msgattrib" --untranslated --no-obsolete "$po"
            "$msgattrib" --only-fuzzy --no-obsolete "$po"; } | grep -E "$app_refs" || true)
if [ -n "$missing" ]; then
  echo "not ok 2 $name leaves app messages untranslated or fuzzy:"
  printf '#   %s\n' "$missing"
  exit 1
fi
echo "ok 2 $name translates every message of src/app and data"
