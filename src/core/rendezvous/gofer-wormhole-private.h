/* gofer-wormhole-private.h: helpers shared by the transfer classes
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include "gofer-mailbox.h"
#include "gofer-wormhole.h"

G_BEGIN_DECLS

/* Closes the wormhole (with "errory" when error is set and no other mood
 * was decided), then returns error, or TRUE, on task. Takes both. */
void _gofer_wormhole_close_and_return (GoferWormhole *self,
                                       GTask         *task,
                                       GError        *error);

/* Uses @mailbox instead of connecting one, before any code is set. For the
 * fuzz tests (tests/fuzz), which feed it through _gofer_mailbox_dispatch_text(). */
void _gofer_wormhole_set_mailbox      (GoferWormhole *self,
                                       GoferMailbox  *mailbox);

/* The peer's messages that arrived and nobody took yet, in phase order
 * (GBytes, owned by the wormhole): to look at them before deciding who
 * reads them. */
GList *_gofer_wormhole_peek_inbox     (GoferWormhole *self);

/* The peer's side id, once its key exchange message came; else NULL. */
const char   *_gofer_wormhole_get_peer_side (GoferWormhole *self);
/* The mailbox in use, for moving a long conversation to a fresh one
 * (gofer_mailbox_hold_for(), gofer_mailbox_move()). */
GoferMailbox *_gofer_wormhole_get_mailbox   (GoferWormhole *self);

G_END_DECLS
