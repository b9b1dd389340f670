#!/usr/bin/env bash
# check-potfiles.sh SOURCE_ROOT: TAP test that po/POTFILES.in lists every file
# with translatable strings (C files calling _(), N_(), C_(), NC_(),
# ngettext(); .ui files with translatable="yes"; data/*.desktop.in,
# *.metainfo.xml.in, *.gschema.xml) and nothing that does not exist.
set -euo pipefail

root=${1:?usage: check-potfiles.sh SOURCE_ROOT}
cd "$root"
potfiles=po/POTFILES.in

listed=$(grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles" | sort -u)

c_files=$(grep -rlE --include='*.c' --include='*.h' \
  '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|dngettext)[[:space:]]*\(' src || true)
ui_files=$(grep -rl --include='*.ui' 'translatable="yes"' src || true)
data_files=$(ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true)
# Headers only declare the gettext macros; config.h-style files have no strings.
wanted=$(printf '%s\n' $c_files $ui_files $data_files | grep -v -e '^$' -e '\.h$' | sort -u)

status=0
echo "1..2"

missing=$(comm -23 <(printf '%s\n' "$wanted") <(printf '%s\n' "$listed") | grep -v '^$' || true)
if [ -z "$missing" ]; then
  echo "ok 1 every file with translatable strings is in $potfiles"
else
  echo "not ok 1 files with translatable strings missing from $potfiles:"
  printf '#   %s\n' $missing
  status=1
fi

gone=$(for f in $listed; do [ -e "$f" ] || echo "$f"; done)
if [ -z "$gone" ]; then
  echo "ok 2 every file in $potfiles exists"
else
  echo "not ok 2 $potfiles lists files that do not exist:"
  printf '#   %s\n' $gone
  status=1
fi

exit $status
