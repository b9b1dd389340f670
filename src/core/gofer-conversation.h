/* gofer-conversation.h: a lasting chat between two Gofers
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See docs/protocol-extensions.md.
 */

#pragma once

#include <gio/gio.h>

#include "gofer-wormhole.h"

G_BEGIN_DECLS

#define GOFER_CONVERSATION_MAX_TEXT 65536

#define GOFER_TYPE_CONVERSATION (gofer_conversation_get_type ())

G_DECLARE_FINAL_TYPE (GoferConversation, gofer_conversation, GOFER, CONVERSATION, GObject)

/* Advertises the conversation feature in the wormhole's version message, so
 * create it before the wormhole gets its code. */
GoferConversation *gofer_conversation_new          (GoferWormhole        *wormhole);
GoferWormhole     *gofer_conversation_get_wormhole (GoferConversation    *self);

/* Completes once both sides confirmed the key. GOFER_ERROR_NOT_SUPPORTED
 * when the peer is not a Gofer that wants a conversation; the wormhole is
 * then still open for one standard transfer. */
void               gofer_conversation_start_async  (GoferConversation    *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean           gofer_conversation_start_finish (GoferConversation    *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Returns the message's sequence number (from 1); 0 when the text is empty,
 * too long or not UTF-8, or the conversation is over. */
guint64            gofer_conversation_send_text    (GoferConversation    *self,
                                                    const char           *text);
/* Our messages the peer has shown, counted from 1. */
guint64            gofer_conversation_get_delivered (GoferConversation   *self);
guint64            gofer_conversation_get_sent     (GoferConversation    *self);

/* Waits (a few seconds at most) until our messages are delivered, says
 * goodbye, waits for the peer's goodbye, and closes the wormhole. */
void               gofer_conversation_leave_async  (GoferConversation    *self,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void               gofer_conversation_leave_finish (GoferConversation    *self,
                                                    GAsyncResult         *result);

/* Signals:
 *   "message" (guint64 seq, const char *text, gint64 sent_unix_ms)
 *   "delivered" (guint64 seq): every message up to seq was shown
 *   "peer-left" ()
 *   "failed" (GError *): the conversation ended abnormally */

G_END_DECLS
