/* gofer-mailbox.h: client side of the Magic Wormhole mailbox protocol
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(GOFER_COMPILATION)
# error "This header is internal to the core; include \"gofer.h\"."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOFER_TYPE_MAILBOX (gofer_mailbox_get_type ())

G_DECLARE_FINAL_TYPE (GoferMailbox, gofer_mailbox, GOFER, MAILBOX, GObject)

GoferMailbox *gofer_mailbox_new                    (const char          *url,
                                                    const char          *appid,
                                                    const char          *side);
const char   *gofer_mailbox_get_side               (GoferMailbox        *self);
gboolean      gofer_mailbox_get_connected          (GoferMailbox        *self);
void          gofer_mailbox_set_connect_timeout    (GoferMailbox        *self,
                                                    guint                seconds);

/* Connects, binds, and completes when the server's welcome arrived. */
void          gofer_mailbox_connect_async          (GoferMailbox        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      gofer_mailbox_connect_finish         (GoferMailbox        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void          gofer_mailbox_list_async             (GoferMailbox        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char        **gofer_mailbox_list_finish            (GoferMailbox        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void          gofer_mailbox_allocate_async         (GoferMailbox        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char         *gofer_mailbox_allocate_finish        (GoferMailbox        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Claims the nameplate; completes with the mailbox id. */
void          gofer_mailbox_claim_async            (GoferMailbox        *self,
                                                    const char          *nameplate,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char         *gofer_mailbox_claim_finish           (GoferMailbox        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* These are remembered and replayed after a reconnection. */
void          gofer_mailbox_release                (GoferMailbox        *self);
void          gofer_mailbox_open                   (GoferMailbox        *self,
                                                    const char          *mailbox);
void          gofer_mailbox_add                    (GoferMailbox        *self,
                                                    const char          *phase,
                                                    const char          *body_hex);

/* Closes the mailbox with a mood and then the connection. */
void          gofer_mailbox_close_async            (GoferMailbox        *self,
                                                    const char          *mood,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      gofer_mailbox_close_finish           (GoferMailbox        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Moving a long conversation to a fresh mailbox, so that no server's limit
 * on one mailbox ends it (docs/protocol-extensions.md, section 7). From
 * hold_for() on, added messages wait for @mailbox instead of going to the
 * open one, which still delivers. move() closes the open mailbox ("happy")
 * and, once the server confirms, reconnects into @mailbox: the reference
 * server allows one close per connection. The held messages then go out,
 * with any earlier one the server had not echoed (the peer drops copies). */
void          gofer_mailbox_hold_for               (GoferMailbox        *self,
                                                    const char          *mailbox);
void          gofer_mailbox_move                   (GoferMailbox        *self);
/* From hold_for() until the next mailbox is open. */
gboolean      gofer_mailbox_is_moving              (GoferMailbox        *self);
/* A new random mailbox id, like the ones servers hand out. */
char         *gofer_mailbox_new_id                 (void);

G_END_DECLS
