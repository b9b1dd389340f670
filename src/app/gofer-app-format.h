/* gofer-app-format.h: the texts the window builds from numbers and codes
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "About 3 minutes left"; rounds up so the estimate never promises too much. */
char *gofer_app_format_time_left (guint64     seconds);
/* "1.2 MB of 4.5 MB · 300.0 kB/s · About 11 seconds left". The speed and the
 * estimate are left out when bytes_per_second is not positive. */
char *gofer_app_format_progress  (guint64     bytes_done,
                                  guint64     bytes_total,
                                  double      bytes_per_second);
/* What a person pasted or a wormhole-transfer: link, as a code: trims, drops
 * the scheme and any ?query, percent-decodes. NULL when nothing is left. It
 * does not check the code: the core does that. */
char *gofer_app_code_from_text   (const char *text);
/* Whether text (as gofer_app_code_from_text() gives it) can be used as a
 * code; anything else pasted is a text to send. */
gboolean gofer_app_text_is_code  (const char *text);
/* What to tell a person about a code while they type it: NULL when it
 * looks right so far; else a sentence, and *is_error TRUE when it cannot
 * be a code (it must start with a number), FALSE for a word that is not
 * in the word list (a sender may have chosen the code: only a warning).
 * The last word may be still half typed. */
char *gofer_app_check_typed_code (const char *typed,
                                  gboolean   *is_error);
/* "wormhole-transfer:CODE", the link Warp and magic-wormhole understand,
 * with the server when @mailbox_url is not the public one. */
char *gofer_app_link_for_code    (const char *code,
                                  const char *mailbox_url);
/* text as Pango markup, escaped, with its http://, https:// and mailto:
 * addresses as links (<a href>) a label opens when clicked. */
char *gofer_app_format_linkify   (const char *text);
/* "14:05": a chat message's time, local. unix_ms 0 means now. */
char *gofer_app_format_message_time (gint64   unix_ms);
/* Text from the other side, made safe to put in a label (never markup):
 * valid UTF-8, control characters other than line feed and tab shown as
 * U+FFFD, and each line wrapped in a first-strong isolate (U+2068 … U+2069)
 * so that a bidi override it carries cannot reorder anything after it. */
char *gofer_app_format_peer_text    (const char *text);

G_END_DECLS
