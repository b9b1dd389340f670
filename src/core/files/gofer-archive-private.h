/* gofer-archive-private.h: shared by the zip writer and the extractor
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <glib.h>

#ifdef G_OS_UNIX
# include <locale.h>
#endif

G_BEGIN_DECLS

#define GOFER_ARCHIVE_CHUNK (256 * 1024)

/* libarchive converts entry names to the locale's character set and gives up
 * on non-ASCII names in the "C" locale (a program that never called
 * setlocale(), or a minimal system). Names are UTF-8 on the wire, so this
 * thread's LC_CTYPE is switched to UTF-8 while libarchive runs. */
typedef struct
{
#ifdef G_OS_UNIX
  locale_t utf8;
  locale_t previous;
#else
  int      unused;
#endif
} GoferLocaleGuard;

void _gofer_locale_guard_enter (GoferLocaleGuard *guard);
void _gofer_locale_guard_leave (GoferLocaleGuard *guard);

G_END_DECLS
