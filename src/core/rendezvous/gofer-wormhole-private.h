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

/* --- meetings of paired computers (src/core/pairing) --- */

/* Checks the peer's whole version message before the key counts as
 * confirmed; FALSE with @error fails the wormhole (mood "scary") with it,
 * so nothing the peer sent is delivered. */
typedef gboolean (*GoferWormholeVersionCheck) (GoferWormhole  *wormhole,
                                               JsonObject     *peer_version,
                                               gpointer        user_data,
                                               GError        **error);
void     _gofer_wormhole_set_version_check (GoferWormhole             *self,
                                            GoferWormholeVersionCheck  check,
                                            gpointer                   user_data);
/* Adds a member next to "app_versions" in our version message; set it
 * before the key is known, or from a "notify::verifier" handler, which
 * runs just before the version is sent. */
void     _gofer_wormhole_set_version_member (GoferWormhole *self,
                                             const char    *name,
                                             JsonObject    *value);
/* Like gofer_wormhole_set_code_async(), without a code: opens @mailbox_id
 * at once and runs SPAKE2 with @password (a secret text). With
 * @by_nameplate, it claims @mailbox_id as a nameplate instead (so that the
 * server lists it, as a Gofer's own mailbox on the local network must) and
 * runs SPAKE2 with "MAILBOX_ID-PASSWORD". Either way the wormhole hands out
 * no code. */
void     _gofer_wormhole_meet_async        (GoferWormhole       *self,
                                            const char          *mailbox_id,
                                            const char          *password,
                                            gboolean             by_nameplate,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean _gofer_wormhole_meet_finish       (GoferWormhole  *self,
                                            GAsyncResult   *result,
                                            GError        **error);
/* The two SPAKE2 messages (GOFER_SPAKE2_MESSAGE_SIZE bytes each) once both
 * are known; FALSE before. */
gboolean _gofer_wormhole_get_pake_messages (GoferWormhole *self,
                                            guint8        *ours,
                                            guint8        *theirs);

G_END_DECLS
