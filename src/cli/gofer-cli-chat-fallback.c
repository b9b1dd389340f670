/* gofer-cli-chat-fallback.c: `gofer chat` with a standard wormhole program
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/protocol-extensions.md, section 1: one standard transfer. The core
 * finds out whether the other side sends (an offer came) or waits (nothing
 * came, or only a Rust receiver's transit). When it sends, a GoferReceiver
 * reads the offer. When it waits, the first line typed goes as a standard
 * offer ("/send PATH" as a file or folder, anything else as text), or,
 * with nothing typed, we say why nothing will come.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gofer-cli-chat.h"
#include "gofer.h"

struct _GoferCliChatFallback
{
  GoferCliChat  *chat;
  GoferReceiver *receiver;
  GoferSender   *sender;
  GoferOffer    *offer;
  gboolean       asking;     /* a file or folder offer waits for /accept or /decline */
};

static void
finish (GoferCliChatFallback *fallback,
        int                   exit_code)
{
  gofer_cli_quit (fallback->chat->cli, exit_code);
}

static void
finish_with_error (GoferCliChatFallback *fallback,
                   const GError         *error)
{
  gofer_cli_fail (fallback->chat->cli, error);
}

/* --- the other side sends --- */

static void
accepted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GoferCliChatFallback *fallback = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!gofer_receiver_accept_finish (GOFER_RECEIVER (source), result, &error))
    {
      finish_with_error (fallback, error);
      return;
    }
  if (gofer_offer_get_kind (fallback->offer) == GOFER_OFFER_TEXT)
    {
      /* Text from the network reaches a terminal: no escape sequences. */
      g_autofree char *shown = gofer_text_printable_lines (gofer_offer_get_text (fallback->offer));

      g_print ("%s\n", shown);
    }
  else
    {
      path = g_file_get_path (gofer_receiver_get_received_file (fallback->receiver));
      g_printerr (_("Received: %s\n"), path);
    }
  finish (fallback, GOFER_EXIT_OK);
}

static void
declined_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gofer_receiver_decline_finish (GOFER_RECEIVER (source), result, NULL);
  g_printerr ("%s\n", _("Declined; nothing was written."));
  finish (user_data, GOFER_EXIT_PEER);
}

static void
accept (GoferCliChatFallback *fallback)
{
  g_autofree char *what = NULL;
  g_autofree char *where = NULL;

  fallback->asking = FALSE;
  if (gofer_offer_get_kind (fallback->offer) != GOFER_OFFER_TEXT)
    {
      what = gofer_offer_describe (fallback->offer);
      where = g_file_get_parse_name (fallback->chat->download_folder);
      /* Translators: a file and its size, then a folder */
      g_printerr (_("The other side sends %s; saving it in %s.\n"), what, where);
    }
  gofer_receiver_accept_async (fallback->receiver, fallback->chat->cli->cancellable,
                               accepted_cb, fallback);
}

static void
decline (GoferCliChatFallback *fallback)
{
  fallback->asking = FALSE;
  gofer_receiver_decline_async (fallback->receiver, NULL, declined_cb, fallback);
}

gboolean
gofer_cli_chat_fallback_take_line (GoferCliChatFallback *fallback,
                                   const char           *line)
{
  if (!fallback->asking)
    return FALSE;

  if (line == NULL)
    {
      g_printerr ("%s\n", _("No answer on standard input; use --accept-file to accept "
                              "without asking."));
      decline (fallback);
    }
  else if (g_str_equal (line, "/accept"))
    accept (fallback);
  else if (g_str_equal (line, "/decline") || g_str_equal (line, "/quit"))
    decline (fallback);
  else
    g_printerr ("%s\n", _("Type /accept to save what the other side sends, or /decline."));
  return TRUE;
}

/* Like gofer receive: a file or folder is asked about, unless
 * --accept-file; lines typed before it came are the first answers. */
static void
offer_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GoferCliChatFallback *fallback = user_data;
  GoferCliChat *chat = fallback->chat;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  g_autofree char *where = NULL;

  fallback->offer = gofer_receiver_wait_for_offer_finish (fallback->receiver, result, &error);
  if (fallback->offer == NULL)
    {
      finish_with_error (fallback, error);
      return;
    }
  if (gofer_offer_get_kind (fallback->offer) == GOFER_OFFER_TEXT || chat->cli->accept_file)
    {
      gofer_cli_explain_hidden_name (fallback->offer);
      accept (fallback);
      return;
    }

  what = gofer_offer_describe (fallback->offer);
  where = g_file_get_parse_name (chat->download_folder);
  /* Translators: a file and its size, then a folder */
  g_printerr (_("The other side offers %s. Type /accept to save it in %s, or /decline.\n"),
              what, where);
  gofer_cli_explain_hidden_name (fallback->offer);
  fallback->asking = TRUE;
  while (fallback->asking && !g_queue_is_empty (&chat->early_lines))
    {
      g_autofree char *line = g_queue_pop_head (&chat->early_lines);

      gofer_cli_chat_fallback_take_line (fallback, line);
    }
}

static void
receive (GoferCliChatFallback *fallback)
{
  GoferCli *cli = fallback->chat->cli;

  fallback->receiver = gofer_receiver_new (cli->wormhole);
  gofer_receiver_set_download_folder (fallback->receiver, fallback->chat->download_folder);
  gofer_cli_configure_transfer (cli, GOFER_TRANSFER (fallback->receiver));
  gofer_receiver_wait_for_offer_async (fallback->receiver, cli->cancellable, offer_cb, fallback);
}

/* --- the other side waits --- */

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GoferCliChatFallback *fallback = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_sender_run_finish (GOFER_SENDER (source), result, &error))
    {
      finish_with_error (fallback, error);
      return;
    }
  g_printerr ("%s\n", _("Sent as a standard transfer; the other side confirmed it."));
  finish (fallback, GOFER_EXIT_OK);
}

/* The first line typed, as a standard sender would offer it. */
static GoferSender *
sender_for_first_line (GoferCliChatFallback *fallback)
{
  GoferCliChat *chat = fallback->chat;
  const char *line = g_queue_peek_head (&chat->early_lines);
  g_autoptr(GFile) file = NULL;

  if (line == NULL || *line == '\0' || g_str_equal (line, "/quit"))
    return NULL;
  if (!g_str_has_prefix (line, "/send "))
    return gofer_sender_new_text (chat->cli->wormhole, line);
  file = g_file_new_for_commandline_arg (line + strlen ("/send "));
  return gofer_sender_new_files (chat->cli->wormhole, &file, 1);
}

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gofer_wormhole_close_finish (GOFER_WORMHOLE (source), result);
  finish (user_data, GOFER_EXIT_PEER);
}

/* Nothing to send: say why nothing will come, or it would wait forever. */
static void
tell_to_use_send (GoferCliChatFallback *fallback)
{
  GoferWormhole *wormhole = fallback->chat->cli->wormhole;

  gofer_standard_peer_refuse (wormhole);
  g_printerr ("%s\n", _("The other side is not a Gofer conversation. Use “gofer send” to send "
                        "it files or text."));
  gofer_wormhole_close_async (wormhole, NULL, NULL, closed_cb, fallback);
}

static void
send_first_line (GoferCliChatFallback *fallback)
{
  GoferCli *cli = fallback->chat->cli;

  fallback->sender = sender_for_first_line (fallback);
  if (fallback->sender == NULL)
    {
      tell_to_use_send (fallback);
      return;
    }
  g_printerr ("%s\n", _("The other side is a standard wormhole program: sending your first "
                        "line as a standard transfer."));
  gofer_cli_configure_transfer (cli, GOFER_TRANSFER (fallback->sender));
  gofer_sender_run_async (fallback->sender, cli->cancellable, sent_cb, fallback);
}

static void
role_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GoferCliChatFallback *fallback = user_data;
  g_autoptr(GError) error = NULL;
  GoferStandardPeerRole role = gofer_standard_peer_guess_role_finish (GOFER_WORMHOLE (source), result, &error);

  if (error != NULL)
    finish_with_error (fallback, error);
  else if (role == GOFER_STANDARD_PEER_SENDS)
    receive (fallback);
  else
    send_first_line (fallback);
}

GoferCliChatFallback *
gofer_cli_chat_fallback_start (GoferCliChat *chat)
{
  GoferCliChatFallback *fallback = g_new0 (GoferCliChatFallback, 1);

  fallback->chat = chat;
  gofer_standard_peer_guess_role_async (chat->cli->wormhole, chat->cli->cancellable, role_cb, fallback);
  return fallback;
}

void
gofer_cli_chat_fallback_free (GoferCliChatFallback *fallback)
{
  g_clear_object (&fallback->receiver);
  g_clear_object (&fallback->sender);
  g_clear_object (&fallback->offer);
  g_free (fallback);
}
