/* gofer-cli-meet.c: `gofer send --to NAME` and `gofer receive --from NAME`,
 * to and from a paired computer, with no code
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both sides meet in a day's mailbox of their pairing (GoferMeeting); the
 * meeting becomes a conversation. The sender opens its own day's mailbox;
 * the receiver waits in those of yesterday, today and tomorrow, so clocks
 * may differ by up to a day, and takes the first meeting that starts. The
 * sender offers each path as a transfer and its text as a message, and
 * leaves once they arrived; the receiver takes everything into the
 * download folder, prints the texts, and leaves when the sender does. A
 * peer this side forgot is only told so (gofer-forgotten), whichever
 * command named it; the side that hears it forgets the other too. With
 * --local the sender serves the mailbox itself and announces the day's
 * mailbox id as a nameplate (docs/protocol-extensions.md §8); the receiver
 * finds it on the network, today's only.
 *
 * Through a server, a day has GOFER_PAIRING_SLOTS mailboxes. The receiver
 * waits in a new slot each time it starts (a counter kept in the data
 * folder), so one killed while waiting, whose side stays in its mailbox
 * until the server expires it, does not crowd out the next meeting; the
 * sender knocks on every slot of its day at once and takes the first
 * meeting that starts, ignoring crowded slots and leftovers that never
 * answer.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli.h"
#include "gofer-cli-chat-transfers.h"
#include "gofer-cli-local.h"

typedef struct _MeetRun MeetRun;

/* One meeting in one day's mailbox. */
typedef struct
{
  MeetRun               *run;
  GoferMeeting          *meeting;
  GoferConversation     *conversation;
  GoferCliChatTransfers *transfers;
  GCancellable          *cancellable;
} Candidate;

struct _MeetRun
{
  GoferCli         *cli;
  gboolean          sending;
  GoferPairedPeers *peers;
  GoferPairedPeer  *peer;
  gboolean          forgotten;          /* we forgot the peer: only tell it */
  gboolean          forgotten_by_peer;
  GPtrArray        *candidates;         /* Candidate */
  Candidate        *winner;             /* the meeting that started */
  gboolean          over;               /* leaving, or failed */
  guint             closing;            /* mailboxes still closing */
  guint             pending;            /* candidates still starting */
  GError           *slot_error;         /* sending: the first slot that failed */
  gulong            cancelled_id;
  GoferCliLocal    *local;              /* --local: our own mailbox */
};

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_signal_handlers_disconnect_by_data (candidate->conversation, candidate);
  g_signal_handlers_disconnect_by_data (candidate->meeting, candidate);
  g_clear_pointer (&candidate->transfers, gofer_cli_chat_transfers_free);
  g_object_unref (candidate->conversation);
  g_object_unref (candidate->meeting);
  g_object_unref (candidate->cancellable);
  g_free (candidate);
}

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MeetRun *run = user_data;

  gofer_wormhole_close_finish (GOFER_WORMHOLE (source), result);
  run->closing--;
}

/* Every mailbox but the winner's is closed: the day's mailbox is the only
 * one the two have, and a side left in it would crowd out the next
 * meeting. */
static void
close_losers (MeetRun *run)
{
  for (guint i = 0; i < run->candidates->len; i++)
    {
      Candidate *candidate = run->candidates->pdata[i];

      if (candidate == run->winner)
        continue;
      g_cancellable_cancel (candidate->cancellable);
      run->closing++;
      gofer_wormhole_close_async (gofer_conversation_get_wormhole (candidate->conversation),
                                  NULL, NULL, closed_cb, run);
    }
}

static gboolean quit_after_leaving (gpointer user_data);

static void
left_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  MeetRun *run = user_data;

  gofer_conversation_leave_finish (GOFER_CONVERSATION (source), result);
  if (run->local != NULL)
    gofer_cli_local_linger (run->local, quit_after_leaving, run);
  else
    quit_after_leaving (run);
}

static gboolean
quit_after_leaving (gpointer user_data)
{
  MeetRun *run = user_data;

  if (run->forgotten_by_peer)
    gofer_cli_quit (run->cli, GOFER_EXIT_PEER);
  else
    gofer_cli_quit (run->cli, gofer_cli_chat_transfers_failed (run->winner->transfers)
                              ? GOFER_EXIT_FAILED : GOFER_EXIT_OK);
  return G_SOURCE_REMOVE;
}

static void
leave (MeetRun *run)
{
  if (run->over)
    return;
  run->over = TRUE;
  gofer_conversation_leave_async (run->winner->conversation, left_cb, run);
}

static void
fail (MeetRun      *run,
      const GError *error)
{
  if (run->over)
    return;
  run->over = TRUE;
  run->winner = NULL;
  gofer_cli_fail (run->cli, error);
  close_losers (run);
}

static void
transfer_finished_cb (gpointer user_data)
{
  Candidate *candidate = user_data;
  MeetRun *run = candidate->run;

  if (candidate == run->winner && run->sending
      && !gofer_cli_chat_transfers_active (candidate->transfers))
    leave (run);
}

static void
message_cb (GoferConversation *conversation,
            guint64            seq,
            const char        *text,
            gint64             sent_ms,
            gpointer           user_data)
{
  Candidate *candidate = user_data;
  g_autofree char *shown = NULL;

  if (candidate != candidate->run->winner || candidate->run->forgotten)
    return;
  shown = gofer_text_printable_lines (text);
  g_print ("%s\n", shown);
  fflush (stdout);
}

static void
peer_left_cb (GoferConversation *conversation,
              gpointer           user_data)
{
  Candidate *candidate = user_data;

  if (candidate == candidate->run->winner)
    leave (candidate->run);
}

static void
failed_cb (GoferConversation *conversation,
           const GError      *error,
           gpointer           user_data)
{
  Candidate *candidate = user_data;

  if (candidate == candidate->run->winner)
    fail (candidate->run, error);
}

static void
send_everything (MeetRun *run)
{
  GoferCli *cli = run->cli;

  if (cli->text != NULL)
    gofer_conversation_send_text (run->winner->conversation, cli->text);
  for (guint i = 1; cli->paths[i] != NULL; i++)
    gofer_cli_chat_transfers_send_path (run->winner->transfers, cli->paths[i]);
  if (!gofer_cli_chat_transfers_active (run->winner->transfers))
    leave (run);
}

/* This side forgot the peer: say so, drop the tombstone, and go. */
static void
tell_forgotten (MeetRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (gofer_paired_peer_get_name (run->peer));

  gofer_meeting_tell_forgotten (run->winner->meeting);
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
  Candidate *candidate = user_data;
  MeetRun *run = candidate->run;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (gofer_paired_peer_get_name (run->peer));

  if (candidate != run->winner)
    return;
  if (!gofer_paired_peers_remove (run->peers, run->peer, &error))
    g_printerr ("gofer: %s\n", error->message);
  g_printerr ("gofer: ");
  /* Translators: %s is a paired computer's name */
  g_printerr (_("“%s” forgot this computer, so this one forgot it too. Pair again with a code "
                "to send to it."), name);
  g_printerr ("\n");
  run->forgotten_by_peer = TRUE;
  leave (run);
}

static void
won (Candidate *candidate)
{
  MeetRun *run = candidate->run;

  run->winner = candidate;
  close_losers (run);
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
slot_was_no_meeting (Candidate    *candidate,
                     const GError *error)
{
  return g_error_matches (error, GOFER_ERROR, GOFER_ERROR_CROWDED)
         || (g_error_matches (error, GOFER_ERROR, GOFER_ERROR_WRONG_CODE)
             && !gofer_meeting_get_refused_answer (candidate->meeting));
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Candidate *candidate = user_data;
  MeetRun *run = candidate->run;
  g_autoptr(GError) error = NULL;

  run->pending--;
  if (gofer_meeting_start_finish (GOFER_MEETING (source), result, &error))
    {
      if (run->winner == NULL && !run->over)
        won (candidate);
      return;
    }
  /* The sender knocks on every slot: one crowded by sides that were
   * killed, or holding what is left of a meeting whose receiver was killed
   * (its key confirmation fails, as a stranger's would), is no meeting,
   * but another slot may still be one; nothing was sent in it. Only when
   * every slot failed does the first refusal (else the crowding) say why.
   * Anything else (a version that opened but does not verify: the peer
   * refused us or shows another identity key; the server is gone) ends the
   * run at once, as with one mailbox. */
  if (run->sending && run->winner == NULL && !run->over && slot_was_no_meeting (candidate, error))
    {
      if (run->slot_error == NULL
          || g_error_matches (run->slot_error, GOFER_ERROR, GOFER_ERROR_CROWDED))
        {
          g_clear_error (&run->slot_error);
          run->slot_error = g_steal_pointer (&error);
        }
      if (run->pending > 0)
        return;
      fail (run, run->slot_error);
      return;
    }
  /* A mailbox given up because another day's meeting started says nothing. */
  if (run->winner == NULL)
    fail (run, error);
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

static GFile *
download_folder (GoferCli *cli)
{
  g_autoptr(GFile) folder = g_file_new_for_commandline_arg (cli->download_folder != NULL
                                                           ? cli->download_folder : ".");

  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    return g_steal_pointer (&folder);
  g_printerr ("gofer: %s\n", _("The download folder does not exist. Create it, or give "
                               "another one with --download-folder."));
  return NULL;
}

static gboolean
announced_cb (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

/* Our own mailbox holds the day's nameplate now: tell the network. */
static void
opened_cb (GoferMeeting *meeting,
           gpointer      user_data)
{
  Candidate *candidate = user_data;

  gofer_cli_local_announce_nameplate (candidate->run->local,
                                      gofer_meeting_get_mailbox_id (meeting), announced_cb, NULL);
}

static void
add_candidate (MeetRun       *run,
               GoferIdentity *identity,
               GFile         *folder,
               guint64        day,
               guint          slot)
{
  GoferCli *cli = run->cli;
  Candidate *candidate = g_new0 (Candidate, 1);

  candidate->run = run;
  candidate->meeting = gofer_meeting_new (identity, run->peer, cli->relay_url, cli->app_id, day);
  gofer_meeting_set_by_nameplate (candidate->meeting, cli->local);
  gofer_meeting_set_slot (candidate->meeting, slot);
  if (run->local != NULL)
    g_signal_connect (candidate->meeting, "opened", G_CALLBACK (opened_cb), candidate);
  candidate->conversation = g_object_ref (gofer_meeting_get_conversation (candidate->meeting));
  candidate->cancellable = g_cancellable_new ();
  g_ptr_array_add (run->candidates, candidate);
  gofer_conversation_set_transit_helper (candidate->conversation, cli->transit_helper);
  gofer_conversation_set_listen (candidate->conversation, !cli->no_listen);
  gofer_conversation_set_idle_timeout (candidate->conversation, (guint)cli->transit_timeout);
  /* The sender takes nothing; the receiver asked for what its peer sends,
   * unless it forgot that peer. */
  candidate->transfers = gofer_cli_chat_transfers_new (candidate->conversation, folder,
                                                      !run->sending && !run->forgotten,
                                                      transfer_finished_cb, candidate);
  g_signal_connect (candidate->conversation, "message", G_CALLBACK (message_cb), candidate);
  g_signal_connect (candidate->conversation, "peer-left", G_CALLBACK (peer_left_cb), candidate);
  g_signal_connect (candidate->conversation, "failed", G_CALLBACK (failed_cb), candidate);
  g_signal_connect (candidate->meeting, "forgotten", G_CALLBACK (forgotten_cb), candidate);
}

/* The slot after the one the last waiting gofer took (docs/security.md,
 * "Paired devices"). The counter is not secret: the slot's mailbox id
 * needs the pairing secret too. A counter that cannot be kept costs only
 * a wait when a waiting gofer was killed. */
static guint
next_waiting_slot (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gofer", NULL);
  g_autofree char *path = g_build_filename (dir, "meeting-slot", NULL);
  g_autofree char *text = NULL;
  g_autofree char *next = NULL;
  guint slot = 0;

  if (g_file_get_contents (path, &text, NULL, NULL))
    slot = (guint)(g_ascii_strtoull (text, NULL, 10) + 1) % GOFER_PAIRING_SLOTS;
  next = g_strdup_printf ("%u\n", slot);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, next, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    g_printerr ("gofer: %s\n", _("Could not note which mailbox this computer waits in; "
                                  "if it is killed while waiting, the next meeting may have "
                                  "to wait for the server to forget it."));
  return slot;
}

/* Cancelling the command cancels every meeting still starting. */
static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  MeetRun *run = user_data;

  for (guint i = 0; i < run->candidates->len; i++)
    g_cancellable_cancel (((Candidate *)run->candidates->pdata[i])->cancellable);
}

static gboolean
start (MeetRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferIdentity) identity = gofer_identity_load_or_create (NULL, &error);
  g_autoptr(GFile) folder = download_folder (run->cli);
  guint64 today = gofer_pairing_day_now ();

  if (identity == NULL)
    g_printerr ("gofer: %s\n", error->message);
  if (identity == NULL || folder == NULL)
    return FALSE;
  /* A Gofer's own mailbox is found by one nameplate: today's, slot 0. */
  if (run->cli->local)
    add_candidate (run, identity, folder, today, 0);
  else if (run->sending)
    {
      for (guint slot = 0; slot < GOFER_PAIRING_SLOTS; slot++)
        add_candidate (run, identity, folder, today, slot);
    }
  else
    {
      guint slot = next_waiting_slot ();

      add_candidate (run, identity, folder, today, slot);
      add_candidate (run, identity, folder, today - 1, slot);
      add_candidate (run, identity, folder, today + 1, slot);
    }
  /* Translators: %s is a paired computer's name */
  g_printerr (_("Waiting for “%s”…\n"), gofer_paired_peer_get_name (run->peer));
  for (guint i = 0; i < run->candidates->len; i++)
    {
      Candidate *candidate = run->candidates->pdata[i];

      run->pending++;
      gofer_meeting_start_async (candidate->meeting, candidate->cancellable, started_cb,
                                 candidate);
    }
  run->cancelled_id = g_cancellable_connect (run->cli->cancellable, G_CALLBACK (cancelled_cb),
                                             run, NULL);
  return TRUE;
}

static gboolean
start_found (gpointer user_data)
{
  MeetRun *run = user_data;

  if (!start (run))
    gofer_cli_quit (run->cli, GOFER_EXIT_FAILED);
  return G_SOURCE_REMOVE;
}

/* Without --local, starts at once. With it, the sender serves the mailbox
 * and the receiver first looks for it on the network. */
static gboolean
prepare_network (MeetRun *run)
{
  GoferCli *cli = run->cli;
  g_autoptr(GError) error = NULL;
  g_autofree char *nameplate = NULL;

  if (!cli->local)
    return start (run);
  if (run->sending)
    {
      if ((run->local = gofer_cli_local_start (cli, &error)) != NULL)
        return start (run);
      g_printerr ("gofer: %s\n", error->message);
      return FALSE;
    }
  nameplate = gofer_pairing_derive_mailbox_id (gofer_paired_peer_get_secret (run->peer),
                                               gofer_pairing_day_now ());
  /* Translators: %s is a paired computer's name */
  g_printerr (_("Looking for “%s” on this network…\n"), gofer_paired_peer_get_name (run->peer));
  gofer_cli_local_find_sender (cli, nameplate, start_found, run);
  return TRUE;
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
  run.candidates = g_ptr_array_new_with_free_func (candidate_free);
  if (find_peer (&run, name) && prepare_network (&run))
    {
      g_main_loop_run (cli->loop);
      /* The closes are bounded by the wormhole's own timeouts. */
      while (run.closing > 0)
        g_main_context_iteration (NULL, TRUE);
    }
  else
    cli->exit_code = run.peer == NULL ? GOFER_EXIT_USAGE : GOFER_EXIT_FAILED;
  g_cancellable_disconnect (cli->cancellable, run.cancelled_id);
  g_ptr_array_unref (run.candidates);
  g_clear_pointer (&run.local, gofer_cli_local_free);
  g_clear_error (&run.slot_error);
  g_clear_object (&run.peer);
  g_clear_object (&run.peers);
  return cli->exit_code;
}
