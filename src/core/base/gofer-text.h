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

G_END_DECLS
