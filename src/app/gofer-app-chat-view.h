/* gofer-app-chat-view.h: the messages of a conversation and a place to write
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_CHAT_VIEW (gofer_app_chat_view_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppChatView, gofer_app_chat_view, GOFER_APP, CHAT_VIEW, AdwBin)

/* Signals (the view knows nothing of the core):
 *   "send-requested" (const char *text) → gboolean   Enter or Send with text
 *                    written; a handler returns TRUE once it sent the text,
 *                    and the view then empties the draft
 *   "leave-requested" ()                             the Leave button
 *   "auto-send-requested" ()                         the Auto-Send Folder button
 *   "remember-requested" ()                          Remember This Computer… (action chat.remember)
 *   "files-dropped" (GdkFileList *files) → gboolean  files dropped on the
 *                    view while it accepts files; TRUE when they were taken
 * Property "active" (notified): FALSE once the conversation ended; the view
 * then shows a notice instead of the place to write. */

GtkWidget *gofer_app_chat_view_new            (void);
/* Empties the list, the draft and the notice for a new conversation. */
void       gofer_app_chat_view_reset          (GoferAppChatView *self);
/* The short string both sides compare, e.g. "1a2b-3c4d". */
void       gofer_app_chat_view_set_check      (GoferAppChatView *self,
                                               const char       *check);
/* own: written here. sent_unix_ms: the sender's clock; 0 for now. */
void       gofer_app_chat_view_add_message    (GoferAppChatView *self,
                                               gboolean          own,
                                               guint64           seq,
                                               const char       *text,
                                               gint64            sent_unix_ms);
/* A transfer's row (GoferAppTransferRow), after the messages so far. */
void       gofer_app_chat_view_add_transfer   (GoferAppChatView *self,
                                               GtkWidget        *row);
/* Whether dropped files are taken (the other side takes transfers). */
void       gofer_app_chat_view_set_accepts_files (GoferAppChatView *self,
                                                  gboolean          accepts);
/* The folder whose new files are sent by themselves (its name), or NULL. */
/* Whether Remember This Computer… is offered (both sides can pair, and
 * they are not paired yet). */
void       gofer_app_chat_view_set_can_remember (GoferAppChatView *self,
                                                 gboolean          can_remember);
/* Whether files can go now: the conversation is open and both sides take
 * them. Property "accepts-files", notified. */
gboolean   gofer_app_chat_view_get_accepts_files (GoferAppChatView *self);
/* Files chosen (Send Files…, Ctrl+O) as if dropped: "files-dropped". */
gboolean   gofer_app_chat_view_offer_files    (GoferAppChatView *self,
                                               GListModel       *files);
void              gofer_app_chat_view_set_auto_send_folder (GoferAppChatView *self,
                                                            const char       *name);
/* Marks our messages up to seq as shown on the other side. */
void       gofer_app_chat_view_set_delivered  (GoferAppChatView *self,
                                               guint64           seq);
/* The conversation is over: notice says why, in a sentence. */
void       gofer_app_chat_view_end            (GoferAppChatView *self,
                                               const char       *notice);
gboolean   gofer_app_chat_view_is_active      (GoferAppChatView *self);
guint      gofer_app_chat_view_get_n_messages (GoferAppChatView *self);

G_END_DECLS
