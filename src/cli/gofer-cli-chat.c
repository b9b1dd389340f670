/* gofer-cli-chat.c: `gofer chat`, a conversation in a terminal
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Messages go to standard output, one line each, and nothing else does:
 * everything about the conversation and its transfers goes to standard
 * error.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli-chat.h"
#include "gofer-cli-local.h"
#include "gofer.h"

#define SEND_COMMAND "/send "
#define ACCEPT_COMMAND "/accept"
#define DECLINE_COMMAND "/decline"

/* What the input thread shares with the main thread. The chat lives on
 * gofer_cli_chat()'s stack and the thread may outlive it (blocked in a
 * read), so the thread holds this instead: the main thread clears @chat
 * when the conversation is over, and lines that come later are dropped. */
typedef struct
{
  gatomicrefcount  ref;
  GMainContext    *context;
  GoferCliChat    *chat;    /* main thread only; NULL once the chat ended */
} InputFeed;

typedef struct
{
  InputFeed *feed;
  char      *line;    /* NULL at the end of input */
} InputLine;

static InputFeed *
input_feed_ref (InputFeed *feed)
{
  g_atomic_ref_count_inc (&feed->ref);
  return feed;
}

static void
input_feed_unref (InputFeed *feed)
{
  if (!g_atomic_ref_count_dec (&feed->ref))
    return;
  g_main_context_unref (feed->context);
  g_free (feed);
}

static gboolean
quit_after_leaving (gpointer user_data)
{
  GoferCliChat *chat = user_data;

  gofer_cli_quit (chat->cli, gofer_cli_chat_transfers_failed (chat->transfers) ? GOFER_EXIT_FAILED : GOFER_EXIT_OK);
  return G_SOURCE_REMOVE;
}

static void
left_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GoferCliChat *chat = user_data;

  gofer_conversation_leave_finish (GOFER_CONVERSATION (source), result);
  g_printerr (_("Conversation closed; %" G_GUINT64_FORMAT " of your %" G_GUINT64_FORMAT
                " messages were delivered.\n"),
              gofer_conversation_get_delivered (chat->conversation),
              gofer_conversation_get_sent (chat->conversation));
  if (chat->local != NULL)
    gofer_cli_local_linger (chat->local, quit_after_leaving, chat);
  else
    quit_after_leaving (chat);
}

static void
leave (GoferCliChat *chat)
{
  if (chat->leaving)
    return;
  chat->leaving = TRUE;
  /* Still looking for the other side on the network: nothing to close. */
  if (chat->conversation == NULL)
    {
      gofer_cli_quit (chat->cli, GOFER_EXIT_OK);
      return;
    }
  gofer_conversation_leave_async (chat->conversation, left_cb, chat);
}

/* The end of the input is not "/quit": what is on its way still arrives. */
static void
maybe_leave (GoferCliChat *chat)
{
  if (chat->input_ended &&
      (chat->transfers == NULL || !gofer_cli_chat_transfers_active (chat->transfers)))
    leave (chat);
}

static void
transfer_finished_cb (gpointer user_data)
{
  maybe_leave (user_data);
}

static void
message_cb (GoferConversation *conversation,
            guint64            seq,
            const char        *text,
            gint64             sent_ms,
            gpointer           user_data)
{
  /* Text from the network reaches a terminal: no escape sequences. */
  g_autofree char *shown = gofer_text_printable_lines (text);

  g_print ("%s\n", shown);
  fflush (stdout);
}

static void
peer_left_cb (GoferConversation *conversation,
              gpointer           user_data)
{
  g_printerr ("%s\n", _("The other side left the conversation."));
  leave (user_data);
}

static void
failed_cb (GoferConversation *conversation,
           const GError      *error,
           gpointer           user_data)
{
  GoferCliChat *chat = user_data;

  gofer_cli_fail (chat->cli, error);
}

static void
handle_line (GoferCliChat *chat,
             const char   *line)
{
  if (line == NULL)
    {
      chat->input_ended = TRUE;
      gofer_cli_chat_transfers_decline_pending (chat->transfers);
      maybe_leave (chat);
    }
  else if (g_str_equal (line, "/quit"))
    leave (chat);
  else if (g_str_equal (line, ACCEPT_COMMAND) || g_str_equal (line, DECLINE_COMMAND))
    gofer_cli_chat_transfers_answer_offer (chat->transfers, g_str_equal (line, ACCEPT_COMMAND));
  else if (g_str_has_prefix (line, SEND_COMMAND))
    gofer_cli_chat_transfers_send_path (chat->transfers, line + strlen (SEND_COMMAND));
  else if (*line != '\0' && gofer_conversation_send_text (chat->conversation, line) == 0)
    g_printerr ("%s\n", _("That message could not be sent: it is too long or not valid text."));
}

static gboolean
input_line_cb (gpointer user_data)
{
  InputLine *input = user_data;
  GoferCliChat *chat = input->feed->chat;

  if (chat == NULL || chat->leaving)
    return G_SOURCE_REMOVE;
  if (chat->fallback != NULL && gofer_cli_chat_fallback_take_line (chat->fallback, input->line))
    return G_SOURCE_REMOVE;
  if (!chat->started || chat->fallback != NULL)
    g_queue_push_tail (&chat->early_lines, g_strdup (input->line));
  else
    handle_line (chat, input->line);
  return G_SOURCE_REMOVE;
}

static void
input_line_free (gpointer data)
{
  InputLine *input = data;

  input_feed_unref (input->feed);
  g_free (input->line);
  g_free (input);
}

/* Blocking reads in their own thread work the same on every platform.
 * Each line goes to the main thread as an idle source: never run here,
 * where g_main_context_invoke() would once the main loop has stopped. */
static gpointer
read_input_thread (gpointer user_data)
{
  InputFeed *feed = user_data;
  char buffer[GOFER_CONVERSATION_MAX_TEXT + 2];

  for (;;)
    {
      InputLine *input = g_new0 (InputLine, 1);
      gboolean eof = fgets (buffer, sizeof buffer, stdin) == NULL;
      g_autoptr(GSource) source = g_idle_source_new ();

      input->feed = input_feed_ref (feed);
      if (!eof)
        input->line = g_strdup (g_strchomp (buffer));
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, input_line_cb, input, input_line_free);
      g_source_attach (source, feed->context);
      if (eof)
        break;
    }
  input_feed_unref (feed);
  return NULL;
}

/* Lines typed while the other side was still unknown. */
static void
handle_early_lines (GoferCliChat *chat)
{
  while (!g_queue_is_empty (&chat->early_lines) && !chat->leaving)
    {
      g_autofree char *line = g_queue_pop_head (&chat->early_lines);

      handle_line (chat, line);
    }
}

static void
conversation_running (GoferCliChat *chat)
{
  g_printerr (_("Connected. Both sides should see the same check: %s. "
                "Type a line to send it; /send PATH sends a file or folder; /quit leaves.\n"),
              gofer_conversation_get_verification (chat->conversation));
  handle_early_lines (chat);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GoferCliChat *chat = user_data;
  g_autoptr(GError) error = NULL;

  chat->started = TRUE;
  if (!gofer_conversation_start_finish (GOFER_CONVERSATION (source), result, &error))
    {
      if (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED))
        chat->fallback = gofer_cli_chat_fallback_start (chat);
      else
        gofer_cli_fail (chat->cli, error);
      return;
    }
  conversation_running (chat);
}

static void
meeting_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GoferCliChat *chat = user_data;
  g_autoptr(GError) error = NULL;

  chat->started = TRUE;
  if (!gofer_meeting_start_finish (GOFER_MEETING (source), result, &error))
    gofer_cli_fail (chat->cli, error);
  else
    conversation_running (chat);
}

static gboolean
print_code (gpointer user_data)
{
  GoferCliChat *chat = user_data;
  const char *code = gofer_wormhole_get_code (chat->cli->wormhole);

  g_printerr (_("Wormhole code is: %s\n"), code);
  g_printerr ("%s\n\n    gofer chat %s\n\n", _("On the other computer, run:"), code);
  return G_SOURCE_REMOVE;
}

/* On our own mailbox, the code is shown once the network knows where it is. */
static void
code_ready (GoferCliChat *chat)
{
  if (chat->local != NULL)
    gofer_cli_local_announce (chat->local, gofer_wormhole_get_code (chat->cli->wormhole),
                              print_code, chat);
  else
    print_code (chat);
}

static void
allocate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferCliSecret) code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (source), result,
                                                                        NULL);

  /* A failure also ends the start, which reports it. */
  if (code != NULL)
    code_ready (user_data);
}

static void
set_code_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gofer_wormhole_set_code_finish (GOFER_WORMHOLE (source), result, NULL);
}

static gboolean
configure (GoferCliChat *chat)
{
  GoferCli *cli = chat->cli;
  g_autoptr(GError) error = NULL;

  chat->download_folder = g_file_new_for_commandline_arg (cli->download_folder != NULL
                                                          ? cli->download_folder : ".");
  if (g_file_query_file_type (chat->download_folder, G_FILE_QUERY_INFO_NONE, NULL)
      != G_FILE_TYPE_DIRECTORY)
    {
      g_printerr ("gofer: %s\n", _("The download folder does not exist. Create it, or give "
                                   "another one with --download-folder."));
      return FALSE;
    }
  gofer_conversation_set_transit_helper (chat->conversation, cli->transit_helper);
  gofer_conversation_set_listen (chat->conversation, !cli->no_listen);
  gofer_conversation_set_idle_timeout (chat->conversation, (guint)cli->transit_timeout);
  if (cli->auto_send != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_commandline_arg (cli->auto_send);

      if (!gofer_conversation_set_auto_send_folder (chat->conversation, folder, &error))
        {
          g_printerr ("gofer: %s\n", error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static void
gofer_cli_chat_clear (GoferCliChat *chat)
{
  if (chat->conversation != NULL)
    g_signal_handlers_disconnect_by_data (chat->conversation, chat);
  g_clear_pointer (&chat->fallback, gofer_cli_chat_fallback_free);
  g_clear_pointer (&chat->transfers, gofer_cli_chat_transfers_free);
  g_clear_object (&chat->conversation);
  g_clear_object (&chat->download_folder);
  g_queue_clear_full (&chat->early_lines, g_free);
  g_clear_pointer (&chat->local, gofer_cli_local_free);
  g_clear_pointer (&chat->code, gofer_cli_secret_free);
  g_clear_object (&chat->meeting);
}

/* Once chat->conversation exists: its settings, signals and transfers.
 * FALSE, with the reason printed, when the options do not fit. */
static gboolean
connect_conversation (GoferCliChat *chat)
{
  if (!configure (chat))
    return FALSE;
  g_signal_connect (chat->conversation, "message", G_CALLBACK (message_cb), chat);
  g_signal_connect (chat->conversation, "peer-left", G_CALLBACK (peer_left_cb), chat);
  g_signal_connect (chat->conversation, "failed", G_CALLBACK (failed_cb), chat);
  chat->transfers = gofer_cli_chat_transfers_new (chat->conversation, chat->download_folder,
                                                 chat->cli->accept_file, transfer_finished_cb,
                                                 chat);
  return TRUE;
}

/* --with NAME: a meeting with a paired computer instead of a code. */
static gboolean
start_meeting (GoferCliChat *chat)
{
  GoferCli *cli = chat->cli;
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferIdentity) identity = gofer_identity_load_or_create (NULL, &error);
  g_autoptr(GoferPairedPeers) peers = identity != NULL ? gofer_paired_peers_load (NULL, &error) : NULL;
  GoferPairedPeer *peer = peers != NULL ? gofer_paired_peers_lookup_name (peers, cli->with) : NULL;

  if (peers == NULL)
    g_printerr ("gofer: %s\n", error->message);
  else if (peer == NULL)
    {
      g_printerr ("gofer: ");
      /* Translators: %s is the name the person typed */
      g_printerr (_("No paired computer is called “%s”. “gofer devices” lists them; "
                    "“gofer pair” pairs with another one."), cli->with);
      g_printerr ("\n");
    }
  if (peer == NULL)
    return FALSE;
  chat->meeting = gofer_meeting_new (identity, peer, cli->relay_url, cli->app_id,
                                     gofer_pairing_day_now ());
  chat->conversation = g_object_ref (gofer_meeting_get_conversation (chat->meeting));
  cli->wormhole = g_object_ref (gofer_conversation_get_wormhole (chat->conversation));
  if (!connect_conversation (chat))
    return FALSE;
  /* Translators: %s is a paired computer's name */
  g_printerr (_("Waiting for “%s”…\n"), gofer_paired_peer_get_name (peer));
  gofer_meeting_start_async (chat->meeting, NULL, meeting_started_cb, chat);
  return TRUE;
}

/* The wormhole and the conversation on cli->relay_url, once it is known.
 * FALSE, with the reason printed, when the options do not fit. */
static gboolean
start_conversation_now (GoferCliChat *chat)
{
  GoferCli *cli = chat->cli;

  if (cli->with != NULL)
    return start_meeting (chat);
  cli->wormhole = gofer_cli_new_wormhole (cli);
  chat->conversation = gofer_conversation_new (cli->wormhole);
  if (!connect_conversation (chat))
    return FALSE;
  if (chat->code != NULL)
    gofer_wormhole_set_code_async (cli->wormhole, chat->code, NULL, set_code_cb, chat);
  else
    gofer_wormhole_allocate_code_async (cli->wormhole, cli->code_length, NULL, allocate_cb, chat);
  gofer_conversation_start_async (chat->conversation, NULL, started_cb, chat);
  return TRUE;
}

static gboolean
start_conversation (gpointer user_data)
{
  GoferCliChat *chat = user_data;

  if (!start_conversation_now (chat))
    gofer_cli_quit (chat->cli, GOFER_EXIT_USAGE);
  return G_SOURCE_REMOVE;
}

int
gofer_cli_chat (GoferCli   *cli,
                const char *given_code)
{
  GoferCliChat chat = { cli, NULL, g_main_context_default () };
  g_autoptr(GError) error = NULL;
  InputFeed *feed;

  if (cli->with != NULL && (given_code != NULL || cli->local))
    {
      g_printerr ("gofer: %s\n", _("chat --with NAME meets a paired computer: it takes no "
                                   "code, and does not work with --local yet."));
      return GOFER_EXIT_USAGE;
    }
  if (given_code != NULL && (chat.code = gofer_cli_read_code (cli, given_code)) == NULL)
    return GOFER_EXIT_USAGE;

  g_queue_init (&chat.early_lines);
  if (chat.code == NULL && cli->local && (chat.local = gofer_cli_local_start (cli, &error)) == NULL)
    {
      g_printerr ("gofer: %s\n", error->message);
      gofer_cli_chat_clear (&chat);
      return GOFER_EXIT_RELAY;
    }
  if (chat.code != NULL && (cli->local || !cli->relay_url_given))
    gofer_cli_local_find_sender (cli, chat.code, start_conversation, &chat);
  else if (!start_conversation_now (&chat))
    {
      gofer_cli_chat_clear (&chat);
      return GOFER_EXIT_USAGE;
    }
  feed = g_new0 (InputFeed, 1);
  g_atomic_ref_count_init (&feed->ref);
  feed->context = g_main_context_ref (chat.context);
  feed->chat = &chat;
  g_thread_unref (g_thread_new ("gofer-chat-input", read_input_thread, input_feed_ref (feed)));

  g_main_loop_run (cli->loop);
  feed->chat = NULL;
  input_feed_unref (feed);
  gofer_cli_chat_clear (&chat);
  return cli->exit_code;
}
