/* gofer-cli-chat.c: `gofer chat`, a conversation in a terminal
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli.h"
#include "gofer-conversation.h"
#include "gofer-app-message.h"
#include "gofer-error.h"
#include "gofer-receiver.h"

/* A standard sender makes its offer right after the key exchange. */
#define STANDARD_OFFER_WAIT_S 5

typedef struct _ChatRun ChatRun;

typedef struct
{
  ChatRun       *run;
  GoferReceiver *receiver;
  GoferOffer    *offer;
  guint          timeout_id;
  gboolean       done;
} Fallback;

struct _ChatRun
{
  GoferCli          *cli;
  GoferConversation *conversation;
  GMainContext      *context;
  gboolean           leaving;
  Fallback          *fallback;
};

typedef struct
{
  ChatRun *run;
  char    *line;    /* NULL at the end of input */
} InputLine;

static void
left_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ChatRun *run = user_data;

  gofer_conversation_leave_finish (GOFER_CONVERSATION (source), result);
  g_printerr (_("Conversation closed; %" G_GUINT64_FORMAT " of your %" G_GUINT64_FORMAT
                " messages were delivered.\n"),
              gofer_conversation_get_delivered (run->conversation),
              gofer_conversation_get_sent (run->conversation));
  gofer_cli_quit (run->cli, GOFER_EXIT_OK);
}

static void
leave (ChatRun *run)
{
  if (run->leaving)
    return;
  run->leaving = TRUE;
  gofer_conversation_leave_async (run->conversation, left_cb, run);
}

static void
message_cb (GoferConversation *conversation,
            guint64            seq,
            const char        *text,
            gint64             sent_ms,
            gpointer           user_data)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* Text from the network reaches a terminal: no escape sequences. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *shown = gofer_app_message_printable (lines[i], G_MAXUINT);
      g_print ("%s\n", shown);
    }
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
  ChatRun *run = user_data;

  gofer_cli_fail (run->cli, error);
}

static gboolean
handle_line_cb (gpointer user_data)
{
  InputLine *input = user_data;
  ChatRun *run = input->run;

  if (run->leaving)
    return G_SOURCE_REMOVE;
  if (input->line == NULL || g_str_equal (input->line, "/quit"))
    leave (run);
  else if (g_str_has_prefix (input->line, "/send "))
    g_printerr ("%s\n", _("Sending files inside a conversation is not available yet; "
                          "use “gofer send” meanwhile."));
  else if (*input->line != '\0' && gofer_conversation_send_text (run->conversation, input->line) == 0)
    g_printerr ("%s\n", _("That message could not be sent: it is too long or not valid text."));
  return G_SOURCE_REMOVE;
}

static void
input_line_free (gpointer data)
{
  InputLine *input = data;

  g_free (input->line);
  g_free (input);
}

/* Blocking reads in their own thread work the same on every platform. */
static gpointer
read_input_thread (gpointer user_data)
{
  ChatRun *run = user_data;
  char buffer[GOFER_CONVERSATION_MAX_TEXT + 2];

  for (;;)
    {
      InputLine *input = g_new0 (InputLine, 1);
      gboolean eof = fgets (buffer, sizeof buffer, stdin) == NULL;

      input->run = run;
      if (!eof)
        input->line = g_strdup (g_strchomp (buffer));
      g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, handle_line_cb, input,
                                  input_line_free);
      if (eof)
        return NULL;
    }
}

/* --- a standard client on the other side: one standard transfer --- */

static void
fallback_finish (Fallback *fallback,
                 int       exit_code)
{
  fallback->done = TRUE;
  g_clear_handle_id (&fallback->timeout_id, g_source_remove);
  gofer_cli_quit (fallback->run->cli, exit_code);
}

static void
fallback_closed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Fallback *fallback = user_data;
  int exit_code = GOFER_EXIT_PEER;

  if (G_IS_TASK (result) && g_task_get_source_tag (G_TASK (result)) == gofer_receiver_accept_async)
    exit_code = gofer_receiver_accept_finish (GOFER_RECEIVER (source), result, NULL)
                ? GOFER_EXIT_OK : GOFER_EXIT_FAILED;
  else if (GOFER_IS_RECEIVER (source))
    gofer_receiver_decline_finish (GOFER_RECEIVER (source), result, NULL);
  else
    gofer_wormhole_close_finish (GOFER_WORMHOLE (source), result);

  if (exit_code == GOFER_EXIT_OK)
    g_print ("%s\n", gofer_offer_get_text (fallback->offer));
  fallback_finish (fallback, exit_code);
}

static void
fallback_offer_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Fallback *fallback = user_data;
  g_autoptr(GError) error = NULL;

  fallback->offer = gofer_receiver_wait_for_offer_finish (fallback->receiver, result, &error);
  if (fallback->done)
    return;
  g_clear_handle_id (&fallback->timeout_id, g_source_remove);
  if (fallback->offer == NULL)
    {
      gofer_cli_fail (fallback->run->cli, error);
      fallback->done = TRUE;
      return;
    }
  if (gofer_offer_get_kind (fallback->offer) == GOFER_OFFER_TEXT)
    {
      gofer_receiver_accept_async (fallback->receiver, NULL, fallback_closed_cb, fallback);
      return;
    }
  g_printerr ("%s\n", _("The other side sends a file, which a conversation cannot take. "
                        "Ask them to send it again and use “gofer receive”."));
  gofer_receiver_decline_async (fallback->receiver, NULL, fallback_closed_cb, fallback);
}

/* No offer came: the other side waits for one. Say why nothing will come,
 * or it would wait forever. */
static gboolean
fallback_timeout_cb (gpointer user_data)
{
  Fallback *fallback = user_data;
  GoferWormhole *wormhole = fallback->run->cli->wormhole;
  g_autoptr(JsonNode) message = NULL;

  fallback->timeout_id = 0;
  message = gofer_app_message_new_error ("this Gofer wants a conversation; use gofer send");
  gofer_wormhole_send_json (wormhole, message);
  g_printerr ("%s\n", _("The other side is not a Gofer conversation. Use “gofer send” to send "
                        "it files or text."));
  fallback->done = TRUE;
  gofer_wormhole_close_async (wormhole, NULL, NULL, fallback_closed_cb, fallback);
  return G_SOURCE_REMOVE;
}

static void
start_fallback (ChatRun  *run,
                Fallback *fallback)
{
  fallback->run = run;
  fallback->receiver = gofer_receiver_new (run->cli->wormhole);
  fallback->timeout_id = g_timeout_add_seconds (STANDARD_OFFER_WAIT_S, fallback_timeout_cb,
                                                fallback);
  gofer_receiver_wait_for_offer_async (fallback->receiver, NULL, fallback_offer_cb, fallback);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ChatRun *run = user_data;
  g_autoptr(GError) error = NULL;
  const char *verifier;

  if (!gofer_conversation_start_finish (GOFER_CONVERSATION (source), result, &error))
    {
      if (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED))
        start_fallback (run, run->fallback);
      else
        gofer_cli_fail (run->cli, error);
      return;
    }
  verifier = gofer_wormhole_get_verifier (run->cli->wormhole);
  g_printerr (_("Connected. Both sides should see the same check: %.4s-%.4s. "
                "Type a line to send it; /quit leaves.\n"), verifier, verifier + 4);
  g_thread_unref (g_thread_new ("gofer-chat-input", read_input_thread, run));
}

static void
code_ready (ChatRun *run)
{
  const char *code = gofer_wormhole_get_code (run->cli->wormhole);

  g_printerr (_("Wormhole code is: %s\n"), code);
  g_printerr ("%s\n\n    gofer chat %s\n\n", _("On the other computer, run:"), code);
}

static void
allocate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree char *code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (source), result,
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

int
gofer_cli_chat (GoferCli   *cli,
                const char *given_code)
{
  Fallback fallback = { 0 };
  ChatRun run = { cli, NULL, g_main_context_default (), FALSE, &fallback };
  g_autofree char *code = NULL;

  if (given_code != NULL && (code = gofer_cli_read_code (cli, given_code)) == NULL)
    return GOFER_EXIT_USAGE;

  cli->wormhole = gofer_cli_new_wormhole (cli);
  run.conversation = gofer_conversation_new (cli->wormhole);
  g_signal_connect (run.conversation, "message", G_CALLBACK (message_cb), &run);
  g_signal_connect (run.conversation, "peer-left", G_CALLBACK (peer_left_cb), &run);
  g_signal_connect (run.conversation, "failed", G_CALLBACK (failed_cb), &run);
  if (code != NULL)
    gofer_wormhole_set_code_async (cli->wormhole, code, NULL, set_code_cb, &run);
  else
    gofer_wormhole_allocate_code_async (cli->wormhole, cli->code_length, NULL, allocate_cb, &run);
  gofer_conversation_start_async (run.conversation, NULL, started_cb, &run);

  g_main_loop_run (cli->loop);
  g_signal_handlers_disconnect_by_data (run.conversation, &run);
  g_clear_object (&run.conversation);
  g_clear_handle_id (&fallback.timeout_id, g_source_remove);
  g_clear_object (&fallback.receiver);
  g_clear_object (&fallback.offer);
  return cli->exit_code;
}
