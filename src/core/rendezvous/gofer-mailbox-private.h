/* gofer-mailbox-private.h: ways into the mailbox client without a socket
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

/* Every frame the client sends goes to @func instead of a WebSocket, the
 * connection counts as open, and connecting sends at once what a new
 * connection would send once welcomed (bind first); a welcome then comes
 * through _gofer_mailbox_dispatch_text(). (A real connection waits for the
 * welcome, which may ask for a proof of work; tests/core/test-hashcash.c
 * tests that over a socket.) Set it before connecting. For the tests
 * (tests/lib), which play the server and the peer. */
typedef void (*GoferMailboxSendFunc) (const char *text,
                                      gpointer    user_data);

void _gofer_mailbox_set_send_func (GoferMailbox         *self,
                                   GoferMailboxSendFunc  func,
                                   gpointer              user_data);

G_END_DECLS
