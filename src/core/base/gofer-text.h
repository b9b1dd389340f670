/* gofer-text.h: text from the network made fit to show
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Text from the network made fit to show, in a terminal too: valid UTF-8,
 * at most @max_chars characters, every control character (C0 including tab
 * and line breaks, DEL, C1 such as CSI), line separator and bidi override
 * replaced by '?'. */
char *gofer_text_printable (const char *text,
                            guint       max_chars);
/* Multi-line text from the network (a text offer, a chat message) made fit
 * to print in a terminal: valid UTF-8; line feeds and tabs kept, CR LF
 * becomes LF; every other character gofer_text_printable() replaces is
 * shown as a visible escape instead: "\x1B" for ESC, "\x9B" for CSI,
 * "\u202E" for a bidi override, so nothing moves the cursor, sets a title
 * or the clipboard, or reorders what follows. */
char *gofer_text_printable_lines (const char *text);

G_END_DECLS
