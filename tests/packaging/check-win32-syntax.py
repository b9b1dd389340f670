#!/usr/bin/python3
# check-win32-syntax.py: the Windows branches of Gofer's C code compile.
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Debian has a mingw-w64 compiler but no GLib, GTK or libsoup built for
# Windows, so nothing can be linked for Windows here. What can be checked:
# each file's own code, with G_OS_WIN32 instead of G_OS_UNIX, against the
# mingw-w64 C library and Windows headers. The compiler runs with
# -fsyntax-only and this build's own flags (warnings as errors), seeing:
#   * a glibconfig.h made from this machine's by turning it into a 64-bit
#     Windows one (G_OS_WIN32, 32-bit long, void * GPid);
#   * the build's config.h as an MSYS2 build has it (no HAVE_LIBNOTIFY, no
#     HAVE_LOCAL_SERVER: the relay library is Linux-only);
#   * stand-ins for the few headers Debian has only in their Linux form
#     (STAND_INS below);
#   * Debian's GLib, GTK, libsoup... headers, which are the same on Windows
#     apart from glibconfig.h, and /usr/include only after mingw's own
#     headers, so a POSIX-only header or call is an error as on Windows.
# Types and calls are checked; sizes of Debian-configured libraries and
# anything at link time are not. See docs/packaging.md. TAP output.
#
# Usage: check-win32-syntax.py MINGW_GCC SOURCE_ROOT BUILD_ROOT WORK_DIR PATH...
# (a PATH that is a folder stands for every C file of it the build compiles)

import json
import os
import re
import shlex
import subprocess
import sys

from tap import check, finish

MINGW_GCC, SOURCE_ROOT, BUILD_ROOT, WORK_DIR = sys.argv[1:5]
PATHS = sys.argv[5:]

# glibconfig.h lines that differ between x86_64 Linux and 64-bit Windows (LLP64).
GLIBCONFIG_WIN64 = [
    (r'^#define G_OS_UNIX$', '#define G_OS_WIN32\n#define G_PLATFORM_WIN32'),
    (r'^typedef signed long gint64;$', 'typedef signed long long gint64;'),
    (r'^typedef unsigned long guint64;$', 'typedef unsigned long long guint64;'),
    (r'^#define G_GINT64_CONSTANT\(val\).*$', '#define G_GINT64_CONSTANT(val) (G_GNUC_EXTENSION (val##LL))'),
    (r'^#define G_GUINT64_CONSTANT\(val\).*$', '#define G_GUINT64_CONSTANT(val) (G_GNUC_EXTENSION (val##ULL))'),
    (r'^#define G_GINT64_MODIFIER "l"$', '#define G_GINT64_MODIFIER "ll"'),
    (r'^#define G_GINT64_FORMAT "li"$', '#define G_GINT64_FORMAT "lli"'),
    (r'^#define G_GUINT64_FORMAT "lu"$', '#define G_GUINT64_FORMAT "llu"'),
    (r'^#define GLIB_SIZEOF_LONG   8$', '#define GLIB_SIZEOF_LONG   4'),
    (r'^typedef signed long (gssize|gintptr);$', r'typedef signed long long \1;'),
    (r'^typedef unsigned long (gsize|guintptr);$', r'typedef unsigned long long \1;'),
    (r'^#define (G_GSIZE_MODIFIER|G_GSSIZE_MODIFIER|G_GINTPTR_MODIFIER) "l"$', r'#define \1 "ll"'),
    (r'^#define (G_GSIZE_FORMAT|G_GUINTPTR_FORMAT) "lu"$', r'#define \1 "llu"'),
    (r'^#define (G_GSSIZE_FORMAT|G_GINTPTR_FORMAT) "li"$', r'#define \1 "lli"'),
    (r'^#define G_POLLFD_FORMAT .*$', '#define G_POLLFD_FORMAT "%#" G_GINT64_MODIFIER "x"'),
    (r'\(glong\) \(p\)', '(gint64) (p)'),
    (r'\(gulong\) \(p\)', '(guint64) (p)'),
    (r'\(glong\) \(i\)', '(gint64) (i)'),
    (r'\(gulong\) \(u\)', '(guint64) (u)'),
    (r'^#define GLONG_TO_(LE|BE)\(val\).*$', r'#define GLONG_TO_\1(val) ((glong) GINT32_TO_\1 (val))'),
    (r'^#define GULONG_TO_(LE|BE)\(val\).*$', r'#define GULONG_TO_\1(val) ((gulong) GUINT32_TO_\1 (val))'),
    (r'^#define G_HAVE_GNUC_VISIBILITY 1$', ''),
    (r'^#define G_MODULE_SUFFIX "so"$', '#define G_MODULE_SUFFIX "dll"'),
    (r'^typedef int GPid;$', 'typedef void * GPid;'),
    (r'^#define G_PID_FORMAT "i"$', '#define G_PID_FORMAT "p"'),
]

# Headers that MSYS2 has and Debian has only as Linux ones, stood in for by
# what the Windows ones declare:
# * libintl.h is glibc's on Debian; MSYS2's comes from gettext-runtime and
#   also supplies LC_MESSAGES, which Windows' C library lacks;
# * GnuTLS's gnutls.h is made per platform: Debian's includes <sys/uio.h> for
#   struct iovec, MSYS2's defines the same two fields itself.
STAND_INS = {
    'libintl.h': """#pragma once
#include <locale.h>
#ifndef LC_MESSAGES
# define LC_MESSAGES 1729
#endif
char *gettext (const char *msgid);
char *dgettext (const char *domain, const char *msgid);
char *dcgettext (const char *domain, const char *msgid, int category);
char *ngettext (const char *msgid, const char *plural, unsigned long n);
char *dngettext (const char *domain, const char *msgid, const char *plural, unsigned long n);
char *textdomain (const char *domain);
char *bindtextdomain (const char *domain, const char *dirname);
char *bind_textdomain_codeset (const char *domain, const char *codeset);
""",
    os.path.join('sys', 'uio.h'): """#pragma once
#include <stddef.h>
struct iovec { void *iov_base; size_t iov_len; };
""",
}

def write_win64_headers(compile_args):
    """WORK_DIR/include: glibconfig.h for 64-bit Windows and an MSYS2 config.h."""
    linux_dir = next(a[2:] for a in compile_args
                     if a.startswith('-I') and os.path.isfile(os.path.join(a[2:], 'glibconfig.h')))
    text = open(os.path.join(linux_dir, 'glibconfig.h')).read()
    missing = []
    for pattern, replacement in GLIBCONFIG_WIN64:
        text, n = re.subn(pattern, replacement, text, flags=re.M)
        if n == 0:
            missing.append(pattern)
    include = os.path.join(WORK_DIR, 'include')
    os.makedirs(include, exist_ok=True)
    with open(os.path.join(include, 'glibconfig.h'), 'w') as f:
        f.write(text)
    # Windows builds have no libnotify (meson.build).
    with open(os.path.join(include, 'config.h'), 'w') as f:
        f.write('#include "%s"\n#undef HAVE_LIBNOTIFY\n#undef HAVE_LOCAL_SERVER\n'
                % os.path.join(BUILD_ROOT, 'config.h'))
    for name, text in STAND_INS.items():
        os.makedirs(os.path.dirname(os.path.join(include, name)), exist_ok=True)
        with open(os.path.join(include, name), 'w') as f:
            f.write(text)
    return include, missing


def wanted_include(path):
    """Not the build root (config.h comes from WORK_DIR/include), nor a
    directory of the C library (some pkg-config files name the multiarch one)."""
    return (path != os.path.normpath(BUILD_ROOT)
            and not os.path.isdir(os.path.join(path, 'bits')))


def mingw_command(entry, include):
    """The build's own command for one file (run in its directory), for
    mingw-w64 and without output."""
    out = [MINGW_GCC, '-fsyntax-only', '-I' + include]
    skip = False
    for arg in shlex.split(entry['command'])[1:]:
        if skip:
            skip = False
        elif arg in ('-o', '-MQ', '-MF'):
            skip = True
        elif arg in ('-MD', '-pthread', '-fdiagnostics-color=always') or \
                arg.startswith('-fsanitize'):
            pass
        elif arg.startswith('-I'):
            if wanted_include(os.path.normpath(os.path.join(entry['directory'], arg[2:]))):
                out.append(arg)
        else:
            out.append(arg)
    return out + ['-idirafter', '/usr/include']


def files_to_check(by_file):
    """PATHS, folders expanded to the C files in them that the build compiles."""
    files = []
    for path in PATHS:
        full = os.path.normpath(os.path.join(SOURCE_ROOT, path))
        if os.path.isdir(full):
            files += sorted(f for f in by_file if os.path.dirname(f) == full)
        else:
            files.append(full)
    return files


def main():
    entries = json.load(open(os.path.join(BUILD_ROOT, 'compile_commands.json')))
    by_file = {os.path.normpath(os.path.join(e['directory'], e['file'])): e for e in entries}
    files = files_to_check(by_file)
    found = [f for f in files if f in by_file]
    check(found == files, 'the build compiles every file to check',
          'not compiled: ' + ', '.join(sorted(set(files) - set(found))))
    if not found:
        return finish()

    include, missing = write_win64_headers(shlex.split(by_file[found[0]]['command']))
    check(not missing, "this machine's glibconfig.h turns into a 64-bit Windows one",
          'patterns not found: ' + ', '.join(missing))
    for path in found:
        entry = by_file[path]
        res = subprocess.run(mingw_command(entry, include), cwd=entry['directory'],
                             capture_output=True, text=True)
        check(res.returncode == 0 and not res.stderr.strip(),
              '%s compiles for Windows (mingw-w64, G_OS_WIN32), no warning'
              % os.path.relpath(path, SOURCE_ROOT), res.stderr)
    return finish()


if __name__ == '__main__':
    sys.exit(main())
