/* gofer-app-conversation-flow.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-conversation-flow.h"
#ifdef HAVE_LOCAL_SERVER
# include "gofer-local-host.h"
#endif

#include <glib/gi18n.h>

#include "gofer-app-chat-view.h"
#include "gofer.h"
#include "gofer-app-format.h"
#include "gofer-app-receive-flow.h"
#include "gofer-app-secret.h"
#include "gofer-app-transfer-row.h"

struct _GoferAppConversationFlow
{
  GoferAppFlow       parent_instance;

  /* Secrets: shown, never logged. */
  char              *typed;
  char              *code;
  GoferWormhole     *wormhole;
  GoferConversation *conversation;
  /* Remember This Computer: NULL when this Gofer's identity could not be read. */
  GoferPairing      *pairing;
  /* Meeting a remembered computer: its name, then the meeting. */
  char              *peer_name;
  GoferMeeting      *meeting;
  GListModel        *files_to_send;   /* dropped on its row, sent once met */
  AdwMessageDialog  *remember_dialog;   /* weak */
  GoferAppFlow      *fallback;
  GtkFileChooserNative *auto_send_chooser;
  /* The auto-send folder's name while one is watched. */
  char              *auto_send_name;
  /* Why the local network was not told of this conversation, or NULL. */
  char              *not_announced;
  gboolean           starting;
  gboolean           chatting;
  gboolean           leaving;
};

G_DEFINE_FINAL_TYPE (GoferAppConversationFlow, gofer_app_conversation_flow, GOFER_APP_TYPE_FLOW)

#define FLOW(self) GOFER_APP_FLOW (self)

static void
fail (GoferAppConversationFlow *self,
      GError                   *error)
{
  _gofer_app_flow_fail (FLOW (self), error, GOFER_TRANSFER_STAGE_WAITING);
}

/* NULL once the window is gone. */
static GoferAppChatView *
chat_view (GoferAppConversationFlow *self)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));

  return window != NULL ? gofer_app_window_get_chat_view (window) : NULL;
}

/* Once leaving, the chat page may already show the next conversation. */
static gboolean
is_chatting (GoferAppConversationFlow *self)
{
  return self->chatting && !self->leaving && !gofer_app_flow_is_finished (FLOW (self)) &&
         chat_view (self) != NULL;
}

static void
left_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferAppConversationFlow) self = user_data;

  gofer_conversation_leave_finish (self->conversation, result);
  g_debug ("conversation: left; %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " delivered",
           gofer_conversation_get_delivered (self->conversation),
           gofer_conversation_get_sent (self->conversation));
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_DONE);
}

/* Says goodbye once our messages are delivered, and closes the wormhole. */
static void
leave (GoferAppConversationFlow *self)
{
  if (self->leaving)
    return;
  self->leaving = TRUE;
  gofer_conversation_leave_async (self->conversation, left_cb, g_object_ref (self));
}

static gboolean
send_requested_cb (GoferAppConversationFlow *self,
                   const char               *text,
                   GoferAppChatView         *view)
{
  guint64 seq;

  if (!is_chatting (self))
    return FALSE;

  if ((seq = gofer_conversation_send_text (self->conversation, text)) == 0)
    {
      gofer_app_window_add_toast (gofer_app_flow_get_window (FLOW (self)),
                                  _("This message is too long to send. "
                                    "Split it into shorter ones."));
      return FALSE;
    }
  gofer_app_chat_view_add_message (view, TRUE, seq, text, 0);
  return TRUE;
}

static void
leave_requested_cb (GoferAppConversationFlow *self)
{
  if (!is_chatting (self))
    return;

  g_debug ("conversation: leaving");
  /* What was said stays readable; Back goes on from there. */
  gofer_app_chat_view_end (chat_view (self), _("You left the conversation."));
  leave (self);
}

/* A message on the screen needs no notification; one in the background does. */
static void
notify_unseen (GoferAppConversationFlow *self,
               const char               *title,
               const char               *body)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));

  if (window != NULL && !gtk_window_is_active (GTK_WINDOW (window)))
    gofer_app_window_notify (window, title, body);
}

static void
message_cb (GoferAppConversationFlow *self,
            guint64                   seq,
            const char               *text,
            gint64                    sent_ms)
{
  g_autofree char *shown = NULL;

  if (!is_chatting (self))
    return;

  /* The other side's words go into a label: no markup, and no bidi override
   * that reorders what follows. */
  shown = gofer_app_format_peer_text (text);
  gofer_app_chat_view_add_message (chat_view (self), FALSE, seq, shown, sent_ms);
  notify_unseen (self, _("New Message"), text);
}

static void
delivered_cb (GoferAppConversationFlow *self,
              guint64                   seq)
{
  if (is_chatting (self))
    gofer_app_chat_view_set_delivered (chat_view (self), seq);
}

static void
peer_left_cb (GoferAppConversationFlow *self)
{
  const char *notice = _("The other side left the conversation.");

  if (!is_chatting (self))
    return;

  g_debug ("conversation: the other side left");
  gofer_app_chat_view_end (chat_view (self), notice);
  notify_unseen (self, _("Conversation Ended"), notice);
  leave (self);
}

static void
failed_cb (GoferAppConversationFlow *self,
           const GError             *error)
{
  if (!is_chatting (self))
    return;

  g_debug ("conversation: failed: %s", error->message);
  gofer_app_chat_view_end (chat_view (self), error->message);
  _gofer_app_flow_end_failed (FLOW (self), g_error_copy (error));
  /* An ended conversation leaves at once: this closes the wormhole. */
  leave (self);
}

/* --- files and folders inside the conversation --- */

static void
add_transfer_row (GoferAppConversationFlow  *self,
                  GoferConversationTransfer *transfer)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  g_autoptr(GFile) folder = gofer_app_window_dup_download_folder (window);
  GtkWidget *row = gofer_app_transfer_row_new (transfer, folder);

  gofer_app_chat_view_add_transfer (chat_view (self), row);
}

static gboolean
files_dropped_cb (GoferAppConversationFlow *self,
                  GdkFileList              *files)
{
  g_autoptr(GSList) list = gdk_file_list_get_files (files);
  guint n_sent = 0;

  if (!is_chatting (self))
    return FALSE;

  g_debug ("conversation: sending %u dropped item(s)", g_slist_length (list));
  /* Each file or folder goes on its own, under its own name, with its own
   * row and Accept: a conversation takes several transfers at once, so
   * nothing needs a bundle named after whatever folder held them (#15
   * item 10). Their rows come from "transfer-added", like the auto-send
   * folder's. */
  for (GSList *l = list; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autoptr(GError) error = NULL;

      if (gofer_conversation_send_files (self->conversation, &file, 1, &error) != NULL)
        n_sent++;
      else
        {
          gofer_app_window_add_toast (gofer_app_flow_get_window (FLOW (self)), error->message);
          break;
        }
    }
  return n_sent > 0;
}

/* The code both sides typed or were shown: who the conversation is with. */
static const char *
peer_code (GoferAppConversationFlow *self)
{
  return self->code != NULL ? self->code : self->typed;
}

/* A transfer in the conversation that went or came whole: the history
 * keeps it, and one that came says so, with Open, as a transfer of its own
 * does (by default only while the window is in the background). */
static void
transfer_state_cb (GoferAppConversationFlow  *self,
                   GParamSpec                *pspec,
                   GoferConversationTransfer *transfer)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GoferOffer *offer = gofer_conversation_transfer_get_offer (transfer);
  GFile *file = gofer_conversation_transfer_get_file (transfer);
  gboolean incoming = gofer_conversation_transfer_get_direction (transfer) ==
                      GOFER_CONVERSATION_TRANSFER_INCOMING;
  g_autoptr(GoferAppHistoryEntry) entry = NULL;
  g_autofree char *name = NULL;
  gboolean folder;

  /* Suspend waits while a file goes or comes. */
  _gofer_app_flow_update_running (FLOW (self));
  if (gofer_conversation_transfer_get_state (transfer) != GOFER_CONVERSATION_TRANSFER_DONE)
    return;
  g_signal_handlers_disconnect_by_func (transfer, transfer_state_cb, self);

  folder = offer != NULL && gofer_offer_get_kind (offer) == GOFER_OFFER_DIRECTORY;
  if (incoming && file != NULL)
    name = g_file_get_basename (file);
  else if (offer != NULL)
    name = g_strdup (gofer_offer_get_name (offer));
  else if (file != NULL)
    name = g_file_get_basename (file);
  entry = gofer_app_history_entry_new (incoming ? GOFER_APP_HISTORY_RECEIVED : GOFER_APP_HISTORY_SENT,
                                       folder ? GOFER_APP_HISTORY_FOLDER : GOFER_APP_HISTORY_FILE,
                                       name, gofer_conversation_transfer_get_bytes_total (transfer),
                                       file);
  gofer_app_history_entry_set_peer (entry, peer_code (self), TRUE);
  _gofer_app_flow_record (FLOW (self), entry);

  if (incoming && file != NULL && window != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *folder_name = g_file_get_parse_name (parent != NULL ? parent : file);
      /* Translators: the first %s is a folder, the second a file or folder name */
      g_autofree char *body = g_strdup_printf (_("Saved in %s as “%s”."), folder_name, name);

      gofer_app_window_notify_received (window, _("Transfer Complete"), body, file);
    }
}

/* Every transfer gets its row: offers from the other side, files dropped
 * here, and files the auto-send folder sends. */
static void
transfer_added_cb (GoferAppConversationFlow  *self,
                   GoferConversationTransfer *transfer)
{
  if (!is_chatting (self))
    return;
  add_transfer_row (self, transfer);
  g_signal_connect_object (transfer, "notify::state", G_CALLBACK (transfer_state_cb), self,
                           G_CONNECT_SWAPPED);
  _gofer_app_flow_update_running (FLOW (self));
}

/* Connecting, or a file moving: not a conversation that only chats, nor an
 * offer that waits for the person on either side. */
static gboolean
transfer_runs (GoferConversationTransfer *transfer)
{
  switch (gofer_conversation_transfer_get_state (transfer))
    {
    case GOFER_CONVERSATION_TRANSFER_PREPARING:
    case GOFER_CONVERSATION_TRANSFER_CONNECTING:
    case GOFER_CONVERSATION_TRANSFER_TRANSFERRING:
    case GOFER_CONVERSATION_TRANSFER_INTERRUPTED:
    case GOFER_CONVERSATION_TRANSFER_FINISHING:
      return TRUE;
    case GOFER_CONVERSATION_TRANSFER_OFFERED:
    case GOFER_CONVERSATION_TRANSFER_DONE:
    case GOFER_CONVERSATION_TRANSFER_DECLINED:
    case GOFER_CONVERSATION_TRANSFER_CANCELLED:
    case GOFER_CONVERSATION_TRANSFER_FAILED:
    default:
      return FALSE;
    }
}

/* Reaching the server and waiting for the other side, as any flow; then,
 * in the conversation, only while a transfer runs; a standard sender's
 * transfer as a transfer of its own. */
static gboolean
gofer_app_conversation_flow_is_running (GoferAppFlow *flow)
{
  GoferAppConversationFlow *self = GOFER_APP_CONVERSATION_FLOW (flow);
  GoferAppFlowState state = gofer_app_flow_get_state (flow);
  GListModel *transfers;

  if (self->fallback != NULL)
    return gofer_app_flow_is_running (self->fallback);
  if (state == GOFER_APP_FLOW_STATE_STARTING || state == GOFER_APP_FLOW_STATE_CODE)
    return TRUE;
  if (state != GOFER_APP_FLOW_STATE_CONVERSING || self->conversation == NULL)
    return FALSE;
  transfers = gofer_conversation_get_transfers (self->conversation);
  for (guint i = 0; i < g_list_model_get_n_items (transfers); i++)
    {
      g_autoptr(GoferConversationTransfer) transfer = g_list_model_get_item (transfers, i);

      if (transfer_runs (transfer))
        return TRUE;
    }
  return FALSE;
}

/* The other side sees ordinary offers (protocol-extensions.md 6.4): a
 * message in the conversation tells it that files will come by themselves,
 * and when they no longer will (#15 item 6). It shows on both sides, as
 * any message does. */
static void
announce_auto_send (GoferAppConversationFlow *self,
                    const char               *name)
{
  g_autofree char *text = NULL;
  guint64 seq;

  if (name != NULL)
    /* Translators: sent to the other side of a conversation when Auto-Send
     * starts; %s is a folder name, e.g. Outgoing */
    text = g_strdup_printf (_("Auto-Send is on: new files I put in “%s” come to you by themselves."),
                            name);
  else if (self->auto_send_name != NULL)
    /* Translators: sent to the other side of a conversation when Auto-Send
     * stops; %s is a folder name, e.g. Outgoing */
    text = g_strdup_printf (_("Auto-Send is off: files I put in “%s” no longer come to you by themselves."),
                            self->auto_send_name);
  g_free (self->auto_send_name);
  self->auto_send_name = g_strdup (name);
  if (text == NULL || !is_chatting (self))
    return;
  if ((seq = gofer_conversation_send_text (self->conversation, text)) != 0)
    gofer_app_chat_view_add_message (chat_view (self), TRUE, seq, text, 0);
}

gboolean
gofer_app_conversation_flow_set_auto_send_folder (GoferAppConversationFlow  *self,
                                                  GFile                     *folder,
                                                  GError                   **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (GOFER_APP_IS_CONVERSATION_FLOW (self), FALSE);

  if (!is_chatting (self))
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_FAILED,
                           _("The conversation is not open, so no folder can be sent. Start a new one."));
      return FALSE;
    }
  /* Only what appears from now on: files already there were not chosen. */
  if (!gofer_conversation_set_auto_send_folder_full (self->conversation, folder, TRUE, error))
    return FALSE;
  name = folder != NULL ? g_file_get_basename (folder) : NULL;
  gofer_app_chat_view_set_auto_send_folder (chat_view (self), name);
  announce_auto_send (self, name);
  return TRUE;
}

static void
auto_send_chosen_cb (GoferAppConversationFlow *self,
                     int                       response,
                     GtkFileChooserNative     *chooser)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->auto_send_chooser);
  if (folder != NULL && !gofer_app_conversation_flow_set_auto_send_folder (self, folder, &error))
    gofer_app_window_add_toast (gofer_app_flow_get_window (FLOW (self)), error->message);
}

static void
auto_send_stop_requested_cb (GoferAppConversationFlow *self)
{
  g_autoptr(GError) error = NULL;

  if (!gofer_app_conversation_flow_set_auto_send_folder (self, NULL, &error))
    g_debug ("conversation: auto-send: %s", error->message);
}

static void
auto_send_requested_cb (GoferAppConversationFlow *self)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));

  if (window == NULL || self->auto_send_chooser != NULL)
    return;
  self->auto_send_chooser = gtk_file_chooser_native_new (_("Auto-Send Folder"), GTK_WINDOW (window),
                                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->auto_send_chooser), TRUE);
  g_signal_connect_object (self->auto_send_chooser, "response", G_CALLBACK (auto_send_chosen_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->auto_send_chooser));
}

static void
offer_cb (GoferAppConversationFlow  *self,
          GoferConversationTransfer *transfer)
{
  GoferOffer *offer = gofer_conversation_transfer_get_offer (transfer);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *what = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *body = NULL;
  gboolean is_folder;

  if (!is_chatting (self))
    return;

  is_folder = gofer_offer_get_kind (offer) == GOFER_OFFER_DIRECTORY;
  folder = gofer_app_window_dup_download_folder (gofer_app_flow_get_window (FLOW (self)));
  folder_name = g_file_get_basename (folder);
  what = gofer_offer_describe (offer);
  /* Translators: the first %s describes the offer, e.g. “report.pdf (2.1 MB)”;
   * the second is a folder name, e.g. Downloads */
  body = g_strdup_printf (_("%s\nAccept saves it in %s."), what, folder_name);
  /* With Accept and Decline that answer this offer (#15 item 11). */
  gofer_app_window_notify_transfer_offer (gofer_app_flow_get_window (FLOW (self)),
                                          is_folder ? _("Incoming Folder") : _("Incoming File"),
                                          body, transfer);
}

/* --- remembering the other computer (pairing, #18) --- */

static char *
own_name (void)
{
  return g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
}

static void
toast (GoferAppConversationFlow *self,
       const char               *text)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));

  if (window != NULL)
    gofer_app_window_add_toast (window, text);
}

static void
set_can_remember (GoferAppConversationFlow *self,
                  gboolean                  can_remember)
{
  GoferAppChatView *view = chat_view (self);

  if (view != NULL)
    gofer_app_chat_view_set_can_remember (view, can_remember);
}

/* Our side says yes: the pairing completes once both sides have. */
static gboolean
ask_to_pair (GoferAppConversationFlow *self)
{
  g_autofree char *name = own_name ();
  g_autoptr(GError) error = NULL;

  set_can_remember (self, FALSE);
  if (gofer_pairing_ask (self->pairing, name, &error))
    return TRUE;
  toast (self, error->message);
  return FALSE;
}

static void
remember_requested_cb (GoferAppConversationFlow *self)
{
  if (self->pairing != NULL && ask_to_pair (self))
    toast (self, _("The other computer is asked to confirm."));
}

static void
close_remember_dialog (GoferAppConversationFlow *self)
{
  if (self->remember_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->remember_dialog),
                                    (gpointer *) &self->remember_dialog);
      gtk_window_destroy (GTK_WINDOW (self->remember_dialog));
    }
  self->remember_dialog = NULL;
}

static void
remember_response_cb (GoferAppConversationFlow *self,
                      const char               *response)
{
  g_autofree char *name = NULL;
  GtkWidget *entry;

  if (self->remember_dialog == NULL)
    return;
  /* The name entry is the dialog's extra child. */
  entry = adw_message_dialog_get_extra_child (self->remember_dialog);
  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  close_remember_dialog (self);
  if (self->pairing == NULL || !is_chatting (self))
    return;
  if (g_strcmp0 (response, "remember") != 0)
    {
      gofer_pairing_decline (self->pairing);
      return;
    }
  /* An emptied name keeps the one the other side gave. */
  g_strstrip (name);
  if (*name != '\0')
    gofer_pairing_set_peer_name (self->pairing, name);
  ask_to_pair (self);
}

/* The other side asked: the person confirms, and names it. */
static void
pairing_asked_cb (GoferAppConversationFlow *self,
                  const char               *suggested_name,
                  const char               *fingerprint)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  g_autofree char *heading = NULL;
  GtkWidget *entry;

  if (window == NULL || !is_chatting (self) || self->remember_dialog != NULL)
    return;
  set_can_remember (self, FALSE);
  /* Translators: %s is the other computer's name, e.g. “anna@laptop” */
  heading = g_strdup_printf (_("Remember “%s”?"), suggested_name);
  self->remember_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window), heading,
      _("The other computer asks to be remembered. Then each can send to the other from the "
        "first page without a code. Give it a name:")));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested_name);
  gtk_entry_set_max_length (GTK_ENTRY (entry), GOFER_PAIRED_PEER_MAX_NAME);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name of the other computer"), -1);
  adw_message_dialog_set_extra_child (self->remember_dialog, entry);
  adw_message_dialog_add_responses (self->remember_dialog,
                                    "not-now", _("_Not Now"),
                                    "remember", _("_Remember"),
                                    NULL);
  adw_message_dialog_set_response_appearance (self->remember_dialog, "remember",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (self->remember_dialog, "remember");
  adw_message_dialog_set_close_response (self->remember_dialog, "not-now");
  g_signal_connect_object (self->remember_dialog, "response", G_CALLBACK (remember_response_cb),
                           self, G_CONNECT_SWAPPED);
  /* The window may close first, and takes the question with it. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self->remember_dialog), TRUE);
  g_object_add_weak_pointer (G_OBJECT (self->remember_dialog), (gpointer *) &self->remember_dialog);
  gtk_window_present (GTK_WINDOW (self->remember_dialog));
}

static void
paired_cb (GoferAppConversationFlow *self,
           GoferPairedPeer          *peer)
{
  g_autofree char *text = NULL;

  set_can_remember (self, FALSE);
  /* Translators: %s is the other computer's name */
  text = g_strdup_printf (_("“%s” is remembered. Send to it from the first page without a code."),
                          gofer_paired_peer_get_name (peer));
  toast (self, text);
}

static void
pairing_declined_cb (GoferAppConversationFlow *self)
{
  toast (self, _("The other computer chose not to remember this one. Both can still talk and "
                 "send here."));
}

static void
pairing_failed_cb (GoferAppConversationFlow *self,
                   const GError             *error)
{
  toast (self, error->message);
}

/* Before the conversation starts, as the wormhole then says it can pair. */
static void
prepare_pairing (GoferAppConversationFlow *self)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  g_autoptr(GoferIdentity) identity = NULL;
  g_autoptr(GoferPairedPeers) peers = NULL;
  g_autoptr(GError) error = NULL;

  /* Without an identity the conversation still works, only not this. */
  if (window == NULL || !gofer_app_window_load_pairing (window, &identity, &peers, &error))
    {
      g_debug ("conversation: no pairing: %s", error != NULL ? error->message : "no window");
      return;
    }
  self->pairing = gofer_pairing_new (self->conversation, identity, peers);
  g_signal_connect_object (self->pairing, "asked", G_CALLBACK (pairing_asked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pairing, "paired", G_CALLBACK (paired_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pairing, "declined", G_CALLBACK (pairing_declined_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pairing, "failed", G_CALLBACK (pairing_failed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* A finished flow no longer listens to the chat page: the next one does. */
static void
finished_cb (GoferAppConversationFlow *self)
{
  GoferAppChatView *view = chat_view (self);

  if (view != NULL)
    g_signal_handlers_disconnect_by_data (view, self);
}

static void
open_chat (GoferAppConversationFlow *self,
           GoferAppWindow           *window)
{
  GoferAppChatView *view = gofer_app_window_get_chat_view (window);

  self->chatting = TRUE;
  gofer_app_chat_view_reset (view);
  gofer_app_chat_view_set_check (view, gofer_conversation_get_verification (self->conversation));
  gofer_app_chat_view_set_accepts_files (view,
                                         gofer_conversation_can_transfer (self->conversation));
  g_signal_connect_object (view, "send-requested", G_CALLBACK (send_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "leave-requested", G_CALLBACK (leave_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "files-dropped", G_CALLBACK (files_dropped_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "auto-send-stop-requested",
                           G_CALLBACK (auto_send_stop_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "auto-send-requested", G_CALLBACK (auto_send_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "remember-requested", G_CALLBACK (remember_requested_cb), self,
                           G_CONNECT_SWAPPED);
  gofer_app_chat_view_set_can_remember (view, self->pairing != NULL &&
                                              gofer_pairing_is_possible (self->pairing));
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_CONVERSING);
  gofer_app_window_show_chat (window);
  notify_unseen (self, _("Conversation Started"), _("The other side joined the conversation."));
}

/* --- a standard client on the other side --- */

/* What the standard sender sent goes into the history under the code
 * that was typed. */
static void
fallback_transferred_cb (GoferAppConversationFlow *self,
                         GoferAppHistoryEntry     *entry)
{
  if (gofer_app_history_entry_get_code (entry) == NULL)
    gofer_app_history_entry_set_peer (entry, self->typed, FALSE);
  _gofer_app_flow_record (FLOW (self), entry);
}

static void
fallback_state_cb (GoferAppConversationFlow *self)
{
  GoferAppFlowState state = gofer_app_flow_get_state (self->fallback);
  const GError *error = gofer_app_flow_get_error (self->fallback);

  /* The receive flow showed its pages itself; this flow follows it. */
  if (state == GOFER_APP_FLOW_STATE_FAILED && error != NULL)
    _gofer_app_flow_end_failed (FLOW (self), g_error_copy (error));
  else if (state != GOFER_APP_FLOW_STATE_STARTING)
    _gofer_app_flow_set_state (FLOW (self), state);
  _gofer_app_flow_update_running (FLOW (self));
}

/* The other side waits for an offer we do not have: tell it why, or it
 * waits forever, and tell the person what to do instead. */
static void
refuse_waiting_peer (GoferAppConversationFlow *self)
{
  g_debug ("conversation: the standard client waits for an offer; giving up");
  gofer_standard_peer_refuse (self->wormhole);
  _gofer_app_flow_close_wormhole (self->wormhole);
  fail (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED,
                                   _("The other side uses an app that cannot hold conversations. "
                                     "Go back and use Send Files… to send it files instead.")));
}

static void
receive_from_standard_sender (GoferAppConversationFlow *self,
                              GoferAppWindow           *window)
{
  GSettings *settings = gofer_app_flow_get_settings (FLOW (self));

  g_debug ("conversation: the other side is a standard sender");
  self->fallback = GOFER_APP_FLOW (gofer_app_receive_flow_new_for_wormhole (window, settings,
                                                                            self->wormhole));
  g_signal_connect_object (self->fallback, "notify::state", G_CALLBACK (fallback_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->fallback, "transferred", G_CALLBACK (fallback_transferred_cb), self,
                           G_CONNECT_SWAPPED);
  gofer_app_flow_start (self->fallback);
}

static void
role_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GoferAppConversationFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GError *error = NULL;
  GoferStandardPeerRole role = gofer_standard_peer_guess_role_finish (GOFER_WORMHOLE (source), result, &error);

  if (gofer_app_flow_is_finished (FLOW (self)) || window == NULL)
    g_clear_error (&error);
  else if (error != NULL)
    fail (self, error);
  else if (role == GOFER_STANDARD_PEER_SENDS)
    receive_from_standard_sender (self, window);
  else
    refuse_waiting_peer (self);
}

/* Whoever made the code is a sender (a receiver types codes, it never
 * makes them); for our own code, the core finds out whether the standard
 * client sends or waits. */
static void
fall_back (GoferAppConversationFlow *self)
{
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));

  g_debug ("conversation: the other side is a standard client");
  if (!self->starting && window != NULL)
    {
      receive_from_standard_sender (self, window);
      return;
    }
  gofer_standard_peer_guess_role_async (self->wormhole, _gofer_app_flow_get_cancellable (FLOW (self)),
                                        role_cb, g_object_ref (self));
}

/* --- connecting --- */

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GoferAppConversationFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GError *error = NULL;

  /* A conversation left behind for one on our own mailbox. */
  if (GOFER_CONVERSATION (object) != self->conversation)
    {
      gofer_conversation_start_finish (GOFER_CONVERSATION (object), result, NULL);
      return;
    }
  if (!gofer_conversation_start_finish (self->conversation, result, &error))
    {
      if (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED) &&
          !gofer_app_flow_is_finished (FLOW (self)))
        {
          g_error_free (error);
          fall_back (self);
          return;
        }
      fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)) || window == NULL)
    return;

  open_chat (self, window);
}

static void begin (GoferAppConversationFlow *self,
                   const char               *code);

static void
show_code (GoferAppConversationFlow *self,
           GoferAppWindow           *window)
{
  _gofer_app_flow_set_state (FLOW (self), GOFER_APP_FLOW_STATE_CODE);
  gofer_app_window_show_conversation_code (window, self->code);
#ifdef HAVE_LOCAL_SERVER
  GObject *host = _gofer_app_flow_get_local_host (FLOW (self));
  const char *status = _("No server could be reached, so this conversation stays on this "
                         "network: Gofer on the other computer finds it by the code.");
  g_autofree char *with_problem = NULL;

  if (host == NULL)
    return;
  /* Without mDNS the other Gofer finds nothing: the address is the way. */
  if (self->not_announced != NULL)
    status = with_problem = g_strdup_printf ("%s\n\n%s\n%s", status, self->not_announced,
                                             gofer_local_host_get_mailbox_url (GOFER_LOCAL_HOST (host)));
  gofer_app_window_set_code_status (window, status);
#endif
}

#ifdef HAVE_LOCAL_SERVER
static void
announced_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferAppConversationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  GoferAppWindow *window;

  if (!gofer_local_host_announce_finish (GOFER_LOCAL_HOST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->not_announced = g_strdup (error->message);
    }
  if (!gofer_app_flow_is_finished (FLOW (self)) &&
      (window = gofer_app_flow_get_window (FLOW (self))) != NULL)
    show_code (self, window);
}
#endif

/* The public server is out of reach (no Internet): the conversation meets
 * on our own mailbox, for the other computer on this network. */
static gboolean
stay_on_local_network (GoferAppConversationFlow *self,
                       const GError             *why)
{
  GError *error = NULL;

  if (!_gofer_app_flow_may_stay_local (FLOW (self), why))
    return FALSE;
  if (!_gofer_app_flow_host_locally (FLOW (self), &error))
    {
      fail (self, error);
      return TRUE;
    }
  g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_clear_object (&self->pairing);
  g_clear_object (&self->conversation);
  g_clear_object (&self->wormhole);
  begin (self, NULL);
  return TRUE;
}

static void
allocated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferAppConversationFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GError *error = NULL;
  g_autoptr(GoferAppSecret) code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (object), result, &error);

  if (GOFER_WORMHOLE (object) != self->wormhole)
    {
      g_clear_error (&error);
      return;
    }
  if (code == NULL)
    {
      if (stay_on_local_network (self, error))
        g_clear_error (&error);
      else
        fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)) || window == NULL)
    return;

  self->code = g_steal_pointer (&code);
#ifdef HAVE_LOCAL_SERVER
  if (_gofer_app_flow_get_local_host (FLOW (self)) != NULL)
    {
      gofer_local_host_announce_async (GOFER_LOCAL_HOST (_gofer_app_flow_get_local_host (FLOW (self))),
                                       self->code, _gofer_app_flow_get_cancellable (FLOW (self)),
                                       announced_cb, g_object_ref (self));
      return;
    }
#endif
  show_code (self, window);
}

static void
watch_conversation (GoferAppConversationFlow *self)
{
  g_autofree char *helper = _gofer_app_flow_dup_transit_helper (FLOW (self));

  gofer_conversation_set_transit_helper (self->conversation, helper);
  g_signal_connect_object (self->conversation, "message", G_CALLBACK (message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "delivered", G_CALLBACK (delivered_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "peer-left", G_CALLBACK (peer_left_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "failed", G_CALLBACK (failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "transfer-added", G_CALLBACK (transfer_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "offer", G_CALLBACK (offer_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
prepare_conversation (GoferAppConversationFlow *self)
{
  self->wormhole = _gofer_app_flow_new_wormhole (FLOW (self));
  self->conversation = gofer_conversation_new (self->wormhole);
  watch_conversation (self);
  prepare_pairing (self);
}

/* --- meeting a remembered computer --- */

static void
meeting_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GoferAppConversationFlow) self = user_data;
  GoferAppWindow *window = gofer_app_flow_get_window (FLOW (self));
  GError *error = NULL;

  if (!gofer_meeting_start_finish (GOFER_MEETING (object), result, &error))
    {
      fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)) || window == NULL)
    return;
  open_chat (self, window);
  if (self->files_to_send != NULL &&
      !gofer_app_chat_view_offer_files (gofer_app_window_get_chat_view (window),
                                        self->files_to_send))
    gofer_app_window_add_toast (window, _("The other computer takes no files in a conversation. "
                                          "Update Gofer there, then drop them again."));
  g_clear_object (&self->files_to_send);
}

static GoferPairedPeer *
find_peer (GoferAppConversationFlow  *self,
           GoferPairedPeers          *peers,
           GError                   **error)
{
  GoferPairedPeer *peer = gofer_paired_peers_lookup_name (peers, self->peer_name);

  if (peer == NULL)
    /* Translators: %s is a remembered computer's name */
    g_set_error (error, GOFER_ERROR, GOFER_ERROR_FAILED,
                 _("No computer called “%s” is remembered any more. Start a conversation "
                   "with it and choose Remember This Computer… again."), self->peer_name);
  return peer;
}

/* The day's mailbox of the pairing, where the other side looks too. */
static void
meet (GoferAppConversationFlow *self,
      GoferAppWindow           *window)
{
  g_autoptr(GoferIdentity) identity = NULL;
  g_autoptr(GoferPairedPeers) peers = NULL;
  g_autofree char *url = _gofer_app_flow_dup_mailbox_url (FLOW (self));
  g_autofree char *title = NULL;
  GoferPairedPeer *peer = NULL;
  GError *error = NULL;

  if (!gofer_app_window_load_pairing (window, &identity, &peers, &error) ||
      (peer = find_peer (self, peers, &error)) == NULL)
    {
      fail (self, error);
      return;
    }
  self->meeting = gofer_meeting_new (identity, peer, url, NULL, gofer_pairing_day_now ());
  self->conversation = g_object_ref (gofer_meeting_get_conversation (self->meeting));
  self->wormhole = g_object_ref (gofer_conversation_get_wormhole (self->conversation));
  watch_conversation (self);
  /* Translators: %s is a remembered computer's name */
  title = g_strdup_printf (_("Waiting for “%s”"), self->peer_name);
  gofer_app_window_show_waiting (window, title,
                                 _("Gofer must be open on the other computer, and this one "
                                   "chosen there among its remembered computers."));
  gofer_meeting_start_async (self->meeting, _gofer_app_flow_get_cancellable (FLOW (self)),
                             meeting_started_cb, g_object_ref (self));
}

/* The wormhole and the conversation on the flow's mailbox server, with
 * @code to join, or a new code to start. */
static void
begin (GoferAppConversationFlow *self,
       const char               *code)
{
  GoferAppFlow *flow = FLOW (self);
  GCancellable *cancellable = _gofer_app_flow_get_cancellable (flow);

  prepare_conversation (self);
  if (code == NULL)
    gofer_wormhole_allocate_code_async (self->wormhole, _gofer_app_flow_get_code_length (flow),
                                        cancellable, allocated_cb, g_object_ref (self));
  else
    _gofer_app_flow_set_code (flow, self->wormhole, code);
  gofer_conversation_start_async (self->conversation, cancellable, started_cb,
                                  g_object_ref (self));
}

static void
sender_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GoferAppConversationFlow) self = user_data;
  g_autoptr(GoferAppSecret) code = NULL;
  GError *error = NULL;

  if (!_gofer_app_flow_find_sender_finish (FLOW (self), result, &error))
    {
      fail (self, error);
      return;
    }
  if (gofer_app_flow_is_finished (FLOW (self)))
    return;
  code = gofer_code_parse (self->typed, NULL, NULL);
  begin (self, code);
}

static void
gofer_app_conversation_flow_start (GoferAppFlow *flow)
{
  GoferAppConversationFlow *self = GOFER_APP_CONVERSATION_FLOW (flow);
  g_autofree char *nameplate = NULL;
  g_autoptr(GoferAppSecret) code = NULL;
  GError *error = NULL;

  if (self->peer_name != NULL)
    {
      if (gofer_app_flow_get_window (flow) != NULL)
        meet (self, gofer_app_flow_get_window (flow));
      return;
    }
  if (!self->starting && !(code = gofer_code_parse (self->typed, &nameplate, &error)))
    {
      fail (self, error);
      return;
    }

  _gofer_app_flow_show_reaching_server (flow);
  if (!self->starting)
    {
      /* The other computer may be on this network, with no server at all. */
      _gofer_app_flow_find_sender_async (flow, nameplate, sender_found_cb, g_object_ref (self));
      return;
    }
  if (_gofer_app_flow_get_local_only (flow) && !_gofer_app_flow_host_locally (flow, &error))
    {
      fail (self, error);
      return;
    }
  begin (self, NULL);
}

/* An open conversation says goodbye; before that, the wormhole just closes,
 * which also ends every wait on it. */
static void
gofer_app_conversation_flow_cancel (GoferAppFlow *flow)
{
  GoferAppConversationFlow *self = GOFER_APP_CONVERSATION_FLOW (flow);

  if (self->fallback != NULL)
    gofer_app_flow_cancel (self->fallback);
  else if (self->chatting)
    leave (self);
  else if (self->wormhole != NULL)
    _gofer_app_flow_close_wormhole (self->wormhole);
}

static void
gofer_app_conversation_flow_dispose (GObject *object)
{
  GoferAppConversationFlow *self = (GoferAppConversationFlow *)object;

  g_clear_object (&self->fallback);
  if (self->auto_send_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->auto_send_chooser));
  g_clear_object (&self->auto_send_chooser);
  close_remember_dialog (self);
  g_clear_object (&self->pairing);
  g_clear_object (&self->conversation);
  g_clear_object (&self->meeting);
  g_clear_object (&self->files_to_send);
  g_clear_object (&self->wormhole);

  G_OBJECT_CLASS (gofer_app_conversation_flow_parent_class)->dispose (object);
}

static void
gofer_app_conversation_flow_finalize (GObject *object)
{
  GoferAppConversationFlow *self = (GoferAppConversationFlow *)object;

  g_clear_pointer (&self->typed, gofer_app_secret_free);
  g_clear_pointer (&self->code, gofer_app_secret_free);
  g_clear_pointer (&self->auto_send_name, g_free);
  g_clear_pointer (&self->not_announced, g_free);
  g_clear_pointer (&self->peer_name, g_free);

  G_OBJECT_CLASS (gofer_app_conversation_flow_parent_class)->finalize (object);
}

static void
gofer_app_conversation_flow_class_init (GoferAppConversationFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GoferAppFlowClass *flow_class = GOFER_APP_FLOW_CLASS (klass);

  object_class->dispose = gofer_app_conversation_flow_dispose;
  object_class->finalize = gofer_app_conversation_flow_finalize;

  flow_class->start = gofer_app_conversation_flow_start;
  flow_class->cancel = gofer_app_conversation_flow_cancel;
  flow_class->is_running = gofer_app_conversation_flow_is_running;
}

static void
gofer_app_conversation_flow_init (GoferAppConversationFlow *self)
{
  g_signal_connect (self, "finished", G_CALLBACK (finished_cb), NULL);
}

/* typed: NULL to start a conversation. */
static GoferAppConversationFlow *
new_flow (GoferAppWindow *window,
          GSettings      *settings,
          const char     *typed)
{
  GoferAppConversationFlow *self;

  g_return_val_if_fail (GOFER_APP_IS_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GOFER_APP_TYPE_CONVERSATION_FLOW,
                       "window", window,
                       "settings", settings,
                       NULL);
  self->starting = typed == NULL;
  self->typed = g_strdup (typed);
  return self;
}

GoferAppConversationFlow *
gofer_app_conversation_flow_new_start (GoferAppWindow *window,
                                       GSettings      *settings)
{
  return new_flow (window, settings, NULL);
}

GoferAppConversationFlow *
gofer_app_conversation_flow_new_join (GoferAppWindow *window,
                                      GSettings      *settings,
                                      const char     *typed)
{
  g_return_val_if_fail (typed != NULL, NULL);

  return new_flow (window, settings, typed);
}

GoferAppConversationFlow *
gofer_app_conversation_flow_new_meet (GoferAppWindow *window,
                                      GSettings      *settings,
                                      const char     *name,
                                      GListModel     *files)
{
  GoferAppConversationFlow *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (files == NULL || G_IS_LIST_MODEL (files), NULL);

  self = new_flow (window, settings, NULL);
  self->starting = FALSE;
  self->peer_name = g_strdup (name);
  self->files_to_send = files != NULL ? g_object_ref (files) : NULL;
  return self;
}

const char *
gofer_app_conversation_flow_get_code (GoferAppConversationFlow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_CONVERSATION_FLOW (self), NULL);

  return self->code;
}

GoferAppFlow *
gofer_app_conversation_flow_get_fallback (GoferAppConversationFlow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_CONVERSATION_FLOW (self), NULL);

  return self->fallback;
}
