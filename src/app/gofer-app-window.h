/* gofer-app-window.h: the main window, a stack of pages the transfer drives
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gofer-app-chat-view.h"
#include "gofer.h"

G_BEGIN_DECLS

#define GOFER_APP_TYPE_WINDOW (gofer_app_window_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppWindow, gofer_app_window, GOFER_APP, WINDOW, AdwApplicationWindow)

/* Page names of the "page" property. */
#define GOFER_APP_PAGE_EMPTY    "empty"
#define GOFER_APP_PAGE_TEXT     "text"
#define GOFER_APP_PAGE_CODE     "code"
#define GOFER_APP_PAGE_PROGRESS "progress"
#define GOFER_APP_PAGE_OFFER    "offer"
#define GOFER_APP_PAGE_DONE     "done"
#define GOFER_APP_PAGE_CHAT     "chat"
#define GOFER_APP_PAGE_ERROR    "error"

/* Signals (connect these to the core):
 *   "send-requested"    (GListModel *files)  files chosen, dropped or pasted; a
 *                       GListModel of GFile
 *   "send-text-requested" (const char *text) Send Text on the "text" page;
 *                       the text as written, not blank
 *   "receive-requested" (const char *code)   the typed or opened code, trimmed,
 *                       link scheme removed; not yet checked
 *   "offer-response"    (gboolean accept)    the person accepted or declined
 *                       the offer on the "offer" page or in its notification
 *   "offer-save-as"     (GFile *target)      the person chose where to save
 *                       the offer ("Save As…"): accept it into target
 *   "cancel-requested"  ()                   Cancel on the "code" or "progress"
 *                       page; the window then shows the "empty" page itself
 *   "conversation-requested" ()              Start a Conversation on the
 *                       "empty" page
 *   "retry-requested"   ()                   Try Again or Send Again on the
 *                       "error" page: the same transfer once more
 *   "meet-requested"    (const char *name, GListModel *files)  a remembered
 *                       computer's row on the "empty" page, clicked (files
 *                       NULL) or with files dropped on it: a conversation
 *                       with it, without a code, that sends them */

/* What the "error" page offers besides Back. */
typedef enum
{
  GOFER_APP_FAILURE_ACTION_NONE        = 0,
  GOFER_APP_FAILURE_ACTION_RETRY       = 1 << 0,  /* Try Again: the same, as it was */
  GOFER_APP_FAILURE_ACTION_SEND_AGAIN  = 1 << 1,  /* Send Again: the same files, a new code */
  GOFER_APP_FAILURE_ACTION_PREFERENCES = 1 << 2,  /* the server is set there */
} GoferAppFailureActions;

GoferAppWindow *gofer_app_window_new            (GtkApplication *application);
const char     *gofer_app_window_get_page       (GoferAppWindow *self);
gboolean        gofer_app_window_is_busy        (GoferAppWindow *self);

void            gofer_app_window_show_empty     (GoferAppWindow *self);
/* The "text" page with text (NULL: the draft kept from before) to send. */
void            gofer_app_window_show_text_compose (GoferAppWindow *self,
                                                    const char     *text);
char           *gofer_app_window_dup_text_draft (GoferAppWindow *self);
/* The code page for a transfer on our own mailbox on the local network:
 * says so, shows @command for other wormhole programs, and the link and QR
 * code name @mailbox_url. */
/* problem: why the network may not find this computer, or NULL */
void            gofer_app_window_show_local_code (GoferAppWindow *self,
                                                  const char     *code,
                                                  const char     *mailbox_url,
                                                  const char     *command,
                                                  const char     *problem);
void            gofer_app_window_show_code      (GoferAppWindow *self,
                                                 const char     *code);
/* What the "code" page says is being sent ("“a.pdf” · 2.1 MB"); NULL for
 * nothing. Set before gofer_app_window_show_code(). */
void            gofer_app_window_set_code_payload (GoferAppWindow *self,
                                                   const char     *what);
/* Under the code: what the other side does now, in place of the note. */
void            gofer_app_window_set_code_status (GoferAppWindow *self,
                                                  const char     *status);
/* The "code" page, worded for a conversation instead of a transfer. */
void            gofer_app_window_show_conversation_code (GoferAppWindow *self,
                                                         const char     *code);
void            gofer_app_window_show_progress  (GoferAppWindow *self,
                                                 const char     *title,
                                                 guint64         bytes_done,
                                                 guint64         bytes_total,
                                                 double          bytes_per_second);
/* The "progress" page while nothing can be measured yet (reaching the
 * server, waiting for the other side): the bar pulses under title, and
 * late_description appears once this lasted too long. */
void            gofer_app_window_show_waiting   (GoferAppWindow *self,
                                                 const char     *title,
                                                 const char     *late_description);
void            gofer_app_window_show_offer     (GoferAppWindow *self,
                                                 const char     *name,
                                                 guint64         bytes_total,
                                                 guint           n_files,
                                                 gboolean        is_folder);
/* location: what was received, for Open and Show in Folder; NULL after a send. */
void            gofer_app_window_show_done      (GoferAppWindow *self,
                                                 const char     *title,
                                                 const char     *description,
                                                 GFile          *location);
void            gofer_app_window_show_text      (GoferAppWindow *self,
                                                 const char     *text);
/* On the done page: Unpack, for a folder that Warp or wormhole-rs packed
 * into the received file (NAME.zip, NAME.tar); @folder is NAME. */
void            gofer_app_window_offer_unpack   (GoferAppWindow *self,
                                                 const char     *folder);
/* The "chat" page; the flow fills its chat view. */
void            gofer_app_window_show_chat      (GoferAppWindow *self);
GoferAppChatView *gofer_app_window_get_chat_view (GoferAppWindow *self);
/* details: for a bug report or a helper; shown folded, with Copy Details. */
void            gofer_app_window_show_error     (GoferAppWindow *self,
                                                 const char     *sentence,
                                                 const char     *details);

/* The "error" page for one outcome: its own title and sentence, true for
 * the side that reads it, and the actions that help. is_error FALSE for an
 * outcome that is nobody's fault (a decline, a cancel on the other side). */
void            gofer_app_window_show_failure   (GoferAppWindow         *self,
                                                 const char             *title,
                                                 const char             *sentence,
                                                 const char             *details,
                                                 GoferAppFailureActions  actions,
                                                 gboolean                is_error);

/* The help topic the "error" page's Help opens ("problems#no-space"); set
 * after gofer_app_window_show_failure(), which goes back to "problems". */
void            gofer_app_window_set_failure_help (GoferAppWindow *self,
                                                   const char     *topic);

const char     *gofer_app_window_get_code_text  (GoferAppWindow *self);
void            gofer_app_window_set_code_text  (GoferAppWindow *self,
                                                 const char     *text);
void            gofer_app_window_request_send   (GoferAppWindow *self,
                                                 GListModel     *files);
void            gofer_app_window_add_toast      (GoferAppWindow *self,
                                                 const char     *title);
GFile          *gofer_app_window_dup_download_folder (GoferAppWindow *self);
/* Where this Gofer's identity and paired computers are kept; NULL (the
 * default) is the user's data folder. Two windows of one test process
 * each get their own, as two computers have. */
void            gofer_app_window_set_pairing_folder (GoferAppWindow *self,
                                                     const char     *folder);
/* Lists the remembered computers on the first page again (after a
 * pairing, or a Forget); the list is hidden while there are none. */
void            gofer_app_window_update_paired (GoferAppWindow *self);
/* This Gofer's identity and the computers paired with it, made on first
 * use; FALSE with a sentence when they cannot be read. */
gboolean        gofer_app_window_load_pairing (GoferAppWindow    *self,
                                               GoferIdentity    **identity,
                                               GoferPairedPeers **peers,
                                               GError           **error);
/* A desktop notification, unless the window is focused and the settings
 * say to notify only in the background. Clicking it shows the window. */
gboolean        gofer_app_window_notify         (GoferAppWindow *self,
                                                 const char     *title,
                                                 const char     *body);
/* The same for the offer on the "offer" page, with Accept and Decline; a
 * click on the notification shows the window. Closed once the offer is
 * answered. */
gboolean        gofer_app_window_notify_offer   (GoferAppWindow *self,
                                                 const char     *title,
                                                 const char     *body);

/* "Transfer Complete" for what was received at location, with Open. */
gboolean        gofer_app_window_notify_received (GoferAppWindow *self,
                                                  const char     *title,
                                                  const char     *body,
                                                  GFile          *location);
/* An offer in the conversation on the "chat" page, with Accept and Decline
 * that answer transfer as its row's buttons do; closed once it is answered
 * here or there, or is no longer offered. */
gboolean        gofer_app_window_notify_transfer_offer (GoferAppWindow            *self,
                                                        const char                *title,
                                                        const char                *body,
                                                        GoferConversationTransfer *transfer);

G_END_DECLS
