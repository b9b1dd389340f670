#!/usr/bin/python3
# check-windows-resources.py: the icon and version information of
# gofer-gtk.exe (src/app/gofer-gtk.rc.in, data/icons/APP_ID.ico).
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The .ico parses and holds every size Windows asks for, 16 to 256 pixels,
# each a PNG or bitmap of the size its entry claims; every file the .rc
# names exists; the configured .rc carries the meson version; and, where
# mingw-w64's windres is installed, windres compiles the .rc with the icon
# into a resource with one icon image per size. TAP output.
#
# Usage: check-windows-resources.py SOURCE_ROOT CONFIGURED_RC BASE_ID VERSION [WINDRES]

import os
import re
import struct
import subprocess
import sys
import tempfile

from tap import check, finish

SOURCE_ROOT, CONFIGURED_RC, BASE_ID, VERSION = sys.argv[1:5]
WINDRES = sys.argv[5] if len(sys.argv) > 5 else None
ICONS_DIR = os.path.join(SOURCE_ROOT, 'data', 'icons')
RC_IN = os.path.join(SOURCE_ROOT, 'src', 'app', 'gofer-gtk.rc.in')
# The sizes Explorer and the taskbar use at 100 % scale, and the largest.
REQUIRED_SIZES = {16, 24, 32, 48, 256}
PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'

def image_size(data):
    """(width, height) of an icon image: a PNG, or a DIB whose height counts
    the AND mask too. None when it is neither."""
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b'IHDR':
        return struct.unpack('>II', data[16:24])
    if len(data) >= 12 and struct.unpack('<I', data[:4])[0] == 40:
        width, height = struct.unpack('<ii', data[4:12])
        return width, height // 2
    return None


def parse_ico(data):
    """[(size, problem or None)] of each image; raises ValueError on a bad header."""
    reserved, kind, count = struct.unpack('<HHH', data[:6])
    if reserved != 0 or kind != 1 or count == 0:
        raise ValueError('not an icon: reserved %d, type %d, %d images' % (reserved, kind, count))
    images = []
    for i in range(count):
        w, h, _, _, planes, bpp, length, offset = struct.unpack(
            '<BBBBHHII', data[6 + 16 * i:22 + 16 * i])
        size = (w or 256, h or 256)
        body = data[offset:offset + length]
        problem = None
        if offset + length > len(data):
            problem = 'image %d runs past the end of the file' % i
        elif image_size(body) != size:
            problem = 'image %d: the entry says %dx%d, the data is %s' % (
                i, size[0], size[1], image_size(body))
        elif bpp != 32:
            problem = 'image %d: %d bits per pixel, not 32 (alpha)' % (i, bpp)
        images.append((size, problem))
    return images


def check_ico(path):
    name = os.path.relpath(path, SOURCE_ROOT)
    try:
        images = parse_ico(open(path, 'rb').read())
    except (OSError, ValueError, struct.error) as e:
        check(False, '%s parses as an icon' % name, e)
        return []
    check(True, '%s parses as an icon (%d images)' % (name, len(images)))
    problems = [p for _, p in images if p]
    check(not problems, '%s: each image is a PNG or bitmap of its size, with alpha' % name,
          '\n'.join(problems))
    sizes = [s for s, _ in images]
    square = all(w == h for w, h in sizes)
    widths = {w for w, _ in sizes}
    check(square and len(widths) == len(sizes), '%s: square images, one per size' % name, sizes)
    check(REQUIRED_SIZES <= widths and min(widths) == 16 and max(widths) == 256,
          '%s: sizes 16 to 256, with %s' % (name, ', '.join(map(str, sorted(REQUIRED_SIZES)))),
          sorted(widths))
    return sorted(widths)


def check_rc_files():
    """Every file a resource statement of the .rc names is in data/icons."""
    text = open(RC_IN).read()
    named = re.findall(r'^\s*\w+\s+(?:ICON|BITMAP|CURSOR|RCDATA|HTML|24|RT_MANIFEST)\s+"([^"]+)"',
                       text, re.M)
    check(named == [BASE_ID + '.ico'], 'gofer-gtk.rc.in names the app icon, %s.ico' % BASE_ID,
          named)
    missing = [f for f in named if not os.path.isfile(os.path.join(ICONS_DIR, f))]
    check(not missing, 'every file gofer-gtk.rc.in names is in data/icons', missing)
    check(all(ord(c) < 128 for c in text), 'gofer-gtk.rc.in is ASCII (windres reads the ANSI code page)')


def check_configured_rc():
    text = open(CONFIGURED_RC).read()
    left = re.findall(r'@\w+@', text)
    check(not left, 'the configured gofer-gtk.rc has no @VARIABLE@ left', left)
    numbers = ','.join(VERSION.split('.') + ['0'])
    check(re.search(r'^\s*FILEVERSION\s+%s$' % re.escape(numbers), text, re.M) is not None and
          '"FileVersion", "%s"' % VERSION in text,
          'gofer-gtk.rc carries the meson version %s (%s)' % (VERSION, numbers))


def check_windres(sizes):
    if not check(bool(WINDRES), 'mingw-w64 windres is installed to compile the .rc',
                 'apt-get install binutils-mingw-w64-x86-64 (build-aux/dev test installs it)'):
        return
    with tempfile.TemporaryDirectory() as tmp:
        res = os.path.join(tmp, 'gofer-gtk.res')
        run = subprocess.run([WINDRES, '-I', ICONS_DIR, '-O', 'res', '-o', res, CONFIGURED_RC],
                             capture_output=True, text=True)
        if not check(run.returncode == 0 and not run.stderr.strip(),
                     'windres compiles gofer-gtk.rc with the icon', run.stderr):
            return
        dump = subprocess.run([WINDRES, '-J', 'res', '-O', 'rc', res],
                              capture_output=True, text=True).stdout
    icons = len(re.findall(r'/\* RT_ICON \*/', dump))
    groups = len(re.findall(r'/\* RT_GROUP_ICON \*/', dump))
    check(groups == 1 and icons == len(sizes),
          'the resource holds one icon group with %d images' % len(sizes),
          '%d groups, %d images' % (groups, icons))
    check('VALUE "ProductVersion", "%s"' % VERSION in dump and 'VALUE "OriginalFilename", "gofer-gtk.exe"' in dump,
          'the resource holds the version information of gofer-gtk.exe')


def main():
    sizes = check_ico(os.path.join(ICONS_DIR, BASE_ID + '.ico'))
    check_rc_files()
    check_configured_rc()
    check_windres(sizes)
    return finish()


if __name__ == '__main__':
    sys.exit(main())
