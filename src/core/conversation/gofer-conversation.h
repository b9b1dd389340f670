/* gofer-conversation.h: a lasting chat between two Gofers
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See docs/protocol-extensions.md.
 */

#pragma once

#if !defined(GOFER_INSIDE) && !defined(GOFER_COMPILATION)
# error "Only \"gofer.h\" can be included directly."
#endif

#include <gio/gio.h>

#include "gofer-conversation-transfer.h"
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

/* Cancels the transfers still running, waits until our messages are
 * delivered, says goodbye, waits for the peer's goodbye, and closes the
 * wormhole; it gives up after a minute without progress. */
void               gofer_conversation_leave_async  (GoferConversation    *self,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void               gofer_conversation_leave_finish (GoferConversation    *self,
                                                    GAsyncResult         *result);

/* A short string both sides show, "1a2b-3c4d", derived from the wormhole's
 * verifier: when the two differ, someone is in the middle. NULL until the
 * key is known. */
const char        *gofer_conversation_get_verification (GoferConversation *self);

/* --- transfers (docs/protocol-extensions.md, section 6) --- */

/* Transit settings for the transfers: our relay ("tcp:HOST:PORT", NULL for
 * none; default GOFER_DEFAULT_TRANSIT_HELPER) and whether to listen for
 * direct connections (default TRUE). */
void               gofer_conversation_set_transit_helper (GoferConversation *self,
                                                          const char        *hint);
void               gofer_conversation_set_listen   (GoferConversation    *self,
                                                    gboolean              listen);
/* Seconds without a byte moving before a transfer's connection counts as
 * broken (it then resumes); 0 waits forever. Default
 * GOFER_RECORD_DEFAULT_IDLE_TIMEOUT. */
void               gofer_conversation_set_idle_timeout (GoferConversation *self,
                                                        guint              seconds);
/* Whether the peer's Gofer takes transfers inside the conversation. */
gboolean           gofer_conversation_can_transfer (GoferConversation    *self);
/* Offers one file, or a folder or several paths as one zipped folder.
 * Returns the transfer (owned by the conversation), or NULL with an error
 * when the conversation is not running or the peer cannot take files. */
GoferConversationTransfer *
                   gofer_conversation_send_files   (GoferConversation    *self,
                                                    GFile               **files,
                                                    guint                 n_files,
                                                    GError              **error);
/* Every transfer so far, both directions (GoferConversationTransfer). */
GListModel        *gofer_conversation_get_transfers (GoferConversation   *self);
/* Files that appear in @folder (regular files at its top level, not hidden)
 * are sent once their size and modification time stayed the same for two
 * seconds; those already there are sent when the conversation starts. A
 * file is sent again only when it changes. NULL stops watching. */
gboolean           gofer_conversation_set_auto_send_folder (GoferConversation *self,
                                                            GFile             *folder,
                                                            GError           **error);
/* The same; with only_new, the files already in @folder stay where they
 * are (each goes once it changes): only files that appear are sent. */
gboolean           gofer_conversation_set_auto_send_folder_full (GoferConversation *self,
                                                                 GFile             *folder,
                                                                 gboolean           only_new,
                                                                 GError           **error);

/* --- extensions above the conversation (pairing, docs/protocol-extensions.md §9) --- */

/* Sends {@key: @body} as the conversation's next message (padded, held
 * during a move like the others); @key starts with "gofer-" and should be
 * sent only when both sides list the feature that defines it
 * (gofer_wormhole_shares_feature()). FALSE when the conversation has not
 * started, is leaving or is over. */
gboolean           gofer_conversation_send_extension (GoferConversation *self,
                                                      const char        *key,
                                                      JsonObject        *body);

/* Signals:
 *   "extension-message" (const char *key, JsonObject *body): a gofer-*
 *     message the conversation does not know itself, body an object
 *   "message" (guint64 seq, const char *text, gint64 sent_unix_ms)
 *   "delivered" (guint64 seq): every message up to seq was shown
 *   "peer-left" ()
 *   "failed" (GError *): the conversation ended abnormally
 *   "transfer-added" (GoferConversationTransfer *): a new transfer, either
 *     direction (ours from gofer_conversation_send_files() or the auto-send
 *     folder, or the peer's offer)
 *   "offer" (GoferConversationTransfer *): right after "transfer-added" for
 *     the peer's offers, which wait for gofer_conversation_transfer_accept()
 *     or _decline() */

G_END_DECLS
