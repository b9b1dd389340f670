/* gofer-cli-chat-transfers.c: files and folders in `gofer chat`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several transfers may run at once and messages keep arriving, so there
 * is no redrawn progress bar: each transfer prints a line when it changes
 * state and at every quarter.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gofer-cli.h"
#include "gofer-cli-chat-transfers.h"

#define QUARTER_KEY "gofer-cli-quarter"

struct _GoferCliChatTransfers
{
  GoferConversation             *conversation;
  GFile                         *download_folder;
  gboolean                       accept_all;
  gboolean                       failed;
  /* Offers waiting for /accept or /decline, oldest first (without
   * --accept-file). */
  GQueue                         pending_offers;
  GoferCliChatTransfersFinished  finished;
  gpointer                       user_data;
};

static char *
transfer_name (GoferConversationTransfer *transfer)
{
  GoferOffer *offer = gofer_conversation_transfer_get_offer (transfer);
  g_autofree char *basename = NULL;

  if (offer != NULL)
    return gofer_offer_describe (offer);
  basename = g_file_get_basename (gofer_conversation_transfer_get_file (transfer));
  return g_filename_display_name (basename);
}

static gboolean
is_outgoing (GoferConversationTransfer *transfer)
{
  return gofer_conversation_transfer_get_direction (transfer) == GOFER_CONVERSATION_TRANSFER_OUTGOING;
}

/* Exact byte counts: scripts (and the tests) read them. */
static void
print_resumed (GoferConversationTransfer *transfer,
               const char                *what)
{
  guint64 offset = gofer_conversation_transfer_get_resume_offset (transfer);
  g_autofree char *from = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
  g_autofree char *left = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                           gofer_conversation_transfer_get_bytes_total (transfer) - offset);

  /* Translators: a file and its size; then byte counts */
  g_printerr (_("Resuming %s from byte %s: %s bytes to go.\n"), what, from, left);
}

static void
print_done (GoferConversationTransfer *transfer,
            const char                *what)
{
  g_autofree char *path = NULL;
  g_autofree char *moved = NULL;

  if (!is_outgoing (transfer))
    {
      path = g_file_get_path (gofer_conversation_transfer_get_file (transfer));
      /* Translators: a file and its size, then where it was saved */
      g_printerr (_("Received %s: %s\n"), what, path);
      return;
    }
  /* Translators: a file and its size */
  g_printerr (_("Sent %s; the other side confirmed every byte.\n"), what);
  if (gofer_conversation_transfer_get_resumes (transfer) == 0)
    return;
  moved = g_strdup_printf ("%" G_GUINT64_FORMAT, gofer_conversation_transfer_get_transmitted (transfer));
  g_printerr (ngettext ("It resumed %u time; %s bytes went over the network in all.\n",
                        "It resumed %u times; %s bytes went over the network in all.\n",
                        gofer_conversation_transfer_get_resumes (transfer)),
              gofer_conversation_transfer_get_resumes (transfer), moved);
}

static void
state_cb (GoferConversationTransfer *transfer,
          GParamSpec                *pspec,
          gpointer                   user_data)
{
  GoferCliChatTransfers *self = user_data;
  g_autofree char *what = transfer_name (transfer);
  const GError *error = gofer_conversation_transfer_get_error (transfer);

  switch (gofer_conversation_transfer_get_state (transfer))
    {
    case GOFER_CONVERSATION_TRANSFER_OFFERED:
      if (is_outgoing (transfer))
        /* Translators: a file and its size */
        g_printerr (_("Offering %s…\n"), what);
      break;

    case GOFER_CONVERSATION_TRANSFER_TRANSFERRING:
      if (gofer_conversation_transfer_get_resumes (transfer) > 0)
        print_resumed (transfer, what);
      else if (is_outgoing (transfer))
        g_printerr (_("Sending %s…\n"), what);
      else
        g_printerr (_("Receiving %s…\n"), what);
      break;

    case GOFER_CONVERSATION_TRANSFER_INTERRUPTED:
      /* Translators: a file and its size */
      g_printerr (_("The connection for %s broke; the transfer resumes by itself.\n"), what);
      break;

    case GOFER_CONVERSATION_TRANSFER_DONE:
      print_done (transfer, what);
      break;

    case GOFER_CONVERSATION_TRANSFER_FAILED:
      self->failed = TRUE;
      G_GNUC_FALLTHROUGH;
    case GOFER_CONVERSATION_TRANSFER_DECLINED:
    case GOFER_CONVERSATION_TRANSFER_CANCELLED:
      g_printerr ("gofer: %s\n", error->message);
      break;

    case GOFER_CONVERSATION_TRANSFER_PREPARING:
    case GOFER_CONVERSATION_TRANSFER_CONNECTING:
    case GOFER_CONVERSATION_TRANSFER_FINISHING:
    default:
      break;
    }
  if (gofer_conversation_transfer_is_finished (transfer))
    self->finished (self->user_data);
}

static void
progress_cb (GoferConversationTransfer *transfer,
             guint64                    done,
             guint64                    total,
             gpointer                   user_data)
{
  guint quarter = total > 0 ? (guint)(done * 4 / total) : 0;
  guint printed = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (transfer), QUARTER_KEY));
  g_autofree char *what = NULL;

  if (gofer_conversation_transfer_get_state (transfer) != GOFER_CONVERSATION_TRANSFER_TRANSFERRING ||
      quarter <= printed || quarter >= 4)
    return;
  g_object_set_data (G_OBJECT (transfer), QUARTER_KEY, GUINT_TO_POINTER (quarter));
  what = transfer_name (transfer);
  /* Translators: a file and its size, then a percentage */
  g_printerr (_("%s: %u%%\n"), what, quarter * 25);
}

static void
transfer_added_cb (GoferConversation         *conversation,
                   GoferConversationTransfer *transfer,
                   gpointer                   user_data)
{
  g_signal_connect (transfer, "notify::state", G_CALLBACK (state_cb), user_data);
  g_signal_connect (transfer, "progress", G_CALLBACK (progress_cb), user_data);
}

static void
accept_offer (GoferCliChatTransfers     *self,
              GoferConversationTransfer *transfer)
{
  g_autofree char *what = transfer_name (transfer);
  g_autofree char *where = g_file_get_parse_name (self->download_folder);

  /* Translators: a file and its size, then a folder */
  g_printerr (_("The other side sends %s; saving it in %s.\n"), what, where);
  gofer_conversation_transfer_accept (transfer, self->download_folder);
}

/* Like gofer receive: asked about, unless --accept-file says yes to all.
 * The free space is booked when an offer is accepted, together with the
 * transfers that still run, so accepting more than fits fails with a
 * sentence instead of filling the disk. */
static void
offer_cb (GoferConversation         *conversation,
          GoferConversationTransfer *transfer,
          gpointer                   user_data)
{
  GoferCliChatTransfers *self = user_data;
  g_autofree char *what = NULL;
  g_autofree char *where = NULL;

  gofer_cli_explain_hidden_name (gofer_conversation_transfer_get_offer (transfer));
  if (self->accept_all)
    {
      accept_offer (self, transfer);
      return;
    }
  what = transfer_name (transfer);
  where = g_file_get_parse_name (self->download_folder);
  g_queue_push_tail (&self->pending_offers, g_object_ref (transfer));
  /* Translators: a file and its size, then a folder */
  g_printerr (_("The other side offers %s. Type /accept to save it in %s, or /decline.\n"),
              what, where);
}

/* The oldest offer that still waits; the others went (cancelled, or the
 * conversation declined them). */
static GoferConversationTransfer *
next_pending (GoferCliChatTransfers *self)
{
  GoferConversationTransfer *transfer;

  while ((transfer = g_queue_pop_head (&self->pending_offers)) != NULL)
    {
      if (gofer_conversation_transfer_get_state (transfer) == GOFER_CONVERSATION_TRANSFER_OFFERED)
        return transfer;
      g_object_unref (transfer);
    }
  return NULL;
}

void
gofer_cli_chat_transfers_answer_offer (GoferCliChatTransfers *self,
                                       gboolean               accept)
{
  g_autoptr(GoferConversationTransfer) transfer = next_pending (self);

  if (transfer == NULL)
    g_printerr ("%s\n", _("No offer is waiting for an answer."));
  else if (accept)
    accept_offer (self, transfer);
  else
    /* Its state change says “You declined …”. */
    gofer_conversation_transfer_decline (transfer);
}

void
gofer_cli_chat_transfers_decline_pending (GoferCliChatTransfers *self)
{
  GoferConversationTransfer *transfer;

  while ((transfer = next_pending (self)) != NULL)
    {
      g_autofree char *what = transfer_name (transfer);

      g_printerr (_("No answer on standard input: declined %s. Use --accept-file to accept "
                    "without asking.\n"), what);
      gofer_conversation_transfer_decline (transfer);
      g_object_unref (transfer);
    }
}

void
gofer_cli_chat_transfers_send_path (GoferCliChatTransfers *self,
                                    const char            *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;

  if (gofer_conversation_send_files (self->conversation, &file, 1, &error) == NULL)
    g_printerr ("gofer: %s\n", error->message);
}

gboolean
gofer_cli_chat_transfers_active (GoferCliChatTransfers *self)
{
  GListModel *transfers = gofer_conversation_get_transfers (self->conversation);

  for (guint i = 0; i < g_list_model_get_n_items (transfers); i++)
    {
      g_autoptr(GoferConversationTransfer) transfer = g_list_model_get_item (transfers, i);

      if (!gofer_conversation_transfer_is_finished (transfer))
        return TRUE;
    }
  return FALSE;
}

gboolean
gofer_cli_chat_transfers_failed (GoferCliChatTransfers *self)
{
  return self->failed;
}

GoferCliChatTransfers *
gofer_cli_chat_transfers_new (GoferConversation             *conversation,
                              GFile                         *download_folder,
                              gboolean                       accept_all,
                              GoferCliChatTransfersFinished  finished,
                              gpointer                       user_data)
{
  GoferCliChatTransfers *self = g_new0 (GoferCliChatTransfers, 1);

  self->conversation = g_object_ref (conversation);
  self->download_folder = g_object_ref (download_folder);
  self->accept_all = accept_all;
  self->finished = finished;
  self->user_data = user_data;
  g_queue_init (&self->pending_offers);
  g_signal_connect (conversation, "transfer-added", G_CALLBACK (transfer_added_cb), self);
  g_signal_connect (conversation, "offer", G_CALLBACK (offer_cb), self);
  return self;
}

void
gofer_cli_chat_transfers_free (GoferCliChatTransfers *self)
{
  GListModel *transfers = gofer_conversation_get_transfers (self->conversation);

  /* Nothing calls back into a chat that has ended. */
  for (guint i = 0; i < g_list_model_get_n_items (transfers); i++)
    {
      g_autoptr(GoferConversationTransfer) transfer = g_list_model_get_item (transfers, i);

      g_signal_handlers_disconnect_by_data (transfer, self);
    }
  g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_queue_clear_full (&self->pending_offers, g_object_unref);
  g_clear_object (&self->conversation);
  g_clear_object (&self->download_folder);
  g_free (self);
}
