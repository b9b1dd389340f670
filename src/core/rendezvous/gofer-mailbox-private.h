/* gofer-mailbox-private.h: a way into the mailbox client without a socket
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include "gofer-mailbox.h"

G_BEGIN_DECLS

/* Handles @data exactly as if the server had sent it as one WebSocket text
 * frame. For the fuzz tests (tests/fuzz), which play the server. */
void _gofer_mailbox_dispatch_text (GoferMailbox *self,
                                   const char   *data,
                                   gsize         len);

G_END_DECLS
