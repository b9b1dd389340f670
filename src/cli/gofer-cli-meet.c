/* gofer-cli-meet.c: `gofer send --to NAME` and `gofer receive --from NAME`,
 * to and from a paired computer, with no code
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both sides meet in the day's mailbox of their pairing (GoferMeeting);
 * the meeting becomes a conversation. The sender offers each path as a
 * transfer and its text as a message, and leaves once they arrived; the
 * receiver takes everything into the download folder, prints the texts,
 * and leaves when the sender does. A peer this side forgot is only told
 * so (gofer-forgotten), whichever command named it; the side that hears
 * it forgets the other too.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli.h"
#include "gofer-cli-chat-transfers.h"

typedef struct
{
  GoferCli              *cli;
  gboolean               sending;
  GoferPairedPeers      *peers;
  GoferPairedPeer       *peer;
  gboolean               forgotten;  /* we forgot the peer: only tell it */
  gboolean               forgotten_by_peer;
  GoferMeeting          *meeting;
  GoferConversation     *conversation;
  GoferCliChatTransfers *transfers;
  gboolean               leaving;
  gboolean               closing;  /* the mailbox, after a failure */
} MeetRun;

static void
left_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  MeetRun *run = user_data;

  gofer_conversation_leave_finish (GOFER_CONVERSATION (source), result);
  if (run->forgotten_by_peer)
    gofer_cli_quit (run->cli, GOFER_EXIT_PEER);
  else
    gofer_cli_quit (run->cli, gofer_cli_chat_transfers_failed (run->transfers)
                              ? GOFER_EXIT_FAILED : GOFER_EXIT_OK);
}

static void
leave (MeetRun *run)
{
  if (run->leaving)
    return;
  run->leaving = TRUE;
  gofer_conversation_leave_async (run->conversation, left_cb, run);
}

static void
transfer_finished_cb (gpointer user_data)
{
  MeetRun *run = user_data;

  if (run->sending && !gofer_cli_chat_transfers_active (run->transfers))
    leave (run);
}

static void
message_cb (GoferConversation *conversation,
            guint64            seq,
            const char        *text,
            gint64             sent_ms,
            gpointer           user_data)
{
  MeetRun *run = user_data;
  g_autofree char *shown = NULL;

  if (run->forgotten)
    return;
  shown = gofer_text_printable_lines (text);
  g_print ("%s\n", shown);
  fflush (stdout);
}

static void
peer_left_cb (GoferConversation *conversation,
              gpointer           user_data)
{
  leave (user_data);
}

static void
closed_after_failure_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  MeetRun *run = user_data;

  gofer_wormhole_close_finish (GOFER_WORMHOLE (source), result);
  run->closing = FALSE;
}

/* Closes the mailbox before quitting: the day's mailbox is the only one the
 * two have, and a side left in it would crowd out their next meeting. */
static void
fail (MeetRun      *run,
      const GError *error)
{
  if (run->leaving)
    return;
  run->leaving = TRUE;
  gofer_cli_fail (run->cli, error);
  run->closing = TRUE;
  gofer_wormhole_close_async (gofer_conversation_get_wormhole (run->conversation), NULL, NULL,
                              closed_after_failure_cb, run);
}

static void
failed_cb (GoferConversation *conversation,
           const GError      *error,
           gpointer           user_data)
{
  fail (user_data, error);
}

static void
send_everything (MeetRun *run)
{
  GoferCli *cli = run->cli;

  if (cli->text != NULL)
    gofer_conversation_send_text (run->conversation, cli->text);
  for (guint i = 1; cli->paths[i] != NULL; i++)
    gofer_cli_chat_transfers_send_path (run->transfers, cli->paths[i]);
  if (!gofer_cli_chat_transfers_active (run->transfers))
    leave (run);
}

/* This side forgot the peer: say so, drop the tombstone, and go. */
static void
tell_forgotten (MeetRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (gofer_paired_peer_get_name (run->peer));

  gofer_meeting_tell_forgotten (run->meeting);
  if (!gofer_paired_peers_remove (run->peers, run->peer, &error))
    g_printerr ("gofer: %s\n", error->message);
  /* Translators: %s is a computer's name */
  g_printerr (_("This computer forgot “%s”; it was told so now. Nothing was sent.\n"), name);
  leave (run);
}

/* The peer forgot this computer: forget it too, and say so. */
static void
forgotten_cb (GoferMeeting *meeting,
              gpointer      user_data)
{
  MeetRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (gofer_paired_peer_get_name (run->peer));

  if (!gofer_paired_peers_remove (run->peers, run->peer, &error))
    g_printerr ("gofer: %s\n", error->message);
  g_printerr ("gofer: ");
  /* Translators: %s is a paired computer's name */
  g_printerr (_("“%s” forgot this computer, so this one forgot it too. Pair again with a code "
                "to send to it."), name);
  g_printerr ("\n");
  run->cli->exit_code = GOFER_EXIT_PEER;
  run->forgotten_by_peer = TRUE;
  leave (run);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  MeetRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_meeting_start_finish (GOFER_MEETING (source), result, &error))
    {
      fail (run, error);
      return;
    }
  if (run->forgotten)
    {
      tell_forgotten (run);
      return;
    }
  /* Translators: %s is a paired computer's name */
  g_printerr (_("Connected to “%s”.\n"), gofer_paired_peer_get_name (run->peer));
  if (run->sending)
    send_everything (run);
}

static gboolean
find_peer (MeetRun    *run,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  GoferPairedPeer *peer;

  if ((run->peers = gofer_paired_peers_load (NULL, &error)) == NULL)
    {
      g_printerr ("gofer: %s\n", error->message);
      return FALSE;
    }
  peer = gofer_paired_peers_lookup_name (run->peers, name);
  if (peer == NULL && (peer = gofer_paired_peers_lookup_forgotten (run->peers, name)) != NULL)
    run->forgotten = TRUE;
  if (peer != NULL)
    {
      run->peer = g_object_ref (peer);
      return TRUE;
    }
  g_printerr ("gofer: ");
  /* Translators: %s is the name the person typed */
  g_printerr (_("No paired computer is called “%s”. “gofer devices” lists them; "
                "“gofer pair” pairs with another one."), name);
  g_printerr ("\n");
  return FALSE;
}

static gboolean
configure (MeetRun *run)
{
  GoferCli *cli = run->cli;
  g_autoptr(GFile) folder = g_file_new_for_commandline_arg (cli->download_folder != NULL
                                                           ? cli->download_folder : ".");

  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_printerr ("gofer: %s\n", _("The download folder does not exist. Create it, or give "
                                   "another one with --download-folder."));
      return FALSE;
    }
  gofer_conversation_set_transit_helper (run->conversation, cli->transit_helper);
  gofer_conversation_set_listen (run->conversation, !cli->no_listen);
  gofer_conversation_set_idle_timeout (run->conversation, (guint)cli->transit_timeout);
  /* The sender takes nothing; the receiver asked for what its peer sends,
   * unless it forgot that peer. */
  run->transfers = gofer_cli_chat_transfers_new (run->conversation, folder,
                                                !run->sending && !run->forgotten,
                                                transfer_finished_cb, run);
  return TRUE;
}

static gboolean
start (MeetRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferIdentity) identity = gofer_identity_load_or_create (NULL, &error);

  if (identity == NULL)
    {
      g_printerr ("gofer: %s\n", error->message);
      return FALSE;
    }
  run->meeting = gofer_meeting_new (identity, run->peer, run->cli->relay_url, run->cli->app_id,
                                    gofer_pairing_day_now ());
  run->conversation = g_object_ref (gofer_meeting_get_conversation (run->meeting));
  if (!configure (run))
    return FALSE;
  g_signal_connect (run->conversation, "message", G_CALLBACK (message_cb), run);
  g_signal_connect (run->conversation, "peer-left", G_CALLBACK (peer_left_cb), run);
  g_signal_connect (run->conversation, "failed", G_CALLBACK (failed_cb), run);
  g_signal_connect (run->meeting, "forgotten", G_CALLBACK (forgotten_cb), run);
  /* Translators: %s is a paired computer's name */
  g_printerr (_("Waiting for “%s”…\n"), gofer_paired_peer_get_name (run->peer));
  gofer_meeting_start_async (run->meeting, run->cli->cancellable, started_cb, run);
  return TRUE;
}

static void
meet_run_clear (MeetRun *run)
{
  if (run->conversation != NULL)
    g_signal_handlers_disconnect_by_data (run->conversation, run);
  if (run->meeting != NULL)
    g_signal_handlers_disconnect_by_data (run->meeting, run);
  g_clear_pointer (&run->transfers, gofer_cli_chat_transfers_free);
  g_clear_object (&run->conversation);
  g_clear_object (&run->meeting);
  g_clear_object (&run->peer);
  g_clear_object (&run->peers);
}

int
gofer_cli_meet (GoferCli   *cli,
                const char *name,
                gboolean    sending)
{
  MeetRun run = { cli, sending };

  if (sending && cli->text == NULL && g_strv_length (cli->paths) < 2)
    {
      g_printerr ("gofer: %s\n", _("Say what to send: files and folders, --text TEXT, or both."));
      return GOFER_EXIT_USAGE;
    }
  if (!find_peer (&run, name))
    {
      meet_run_clear (&run);
      return GOFER_EXIT_USAGE;
    }
  if (!start (&run))
    {
      meet_run_clear (&run);
      return GOFER_EXIT_FAILED;
    }
  g_main_loop_run (cli->loop);
  /* gofer_cli_fail() stopped the loop; the close is bounded by the
   * wormhole's own timeouts. */
  while (run.closing)
    g_main_context_iteration (NULL, TRUE);
  meet_run_clear (&run);
  return cli->exit_code;
}
