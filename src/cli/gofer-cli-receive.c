/* gofer-cli-receive.c: `gofer receive`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli.h"
#include "gofer-cli-local.h"
#include "gofer-cli-progress.h"
#include "gofer.h"

typedef struct
{
  GoferCli         *cli;
  GoferReceiver    *receiver;
  GoferOffer       *offer;
  GoferCliProgress *progress;
  char             *code;    /* wiped when freed */
} ReceiveRun;


static void
print_received (ReceiveRun *run)
{
  GFile *file = gofer_receiver_get_received_file (run->receiver);
  g_autofree char *path = NULL;

  if (gofer_offer_get_kind (run->offer) == GOFER_OFFER_TEXT)
    {
      /* Text from the network reaches a terminal, or a file that is later
       * shown in one: no escape sequences, no cursor movement. */
      g_autofree char *shown = gofer_text_printable_lines (gofer_offer_get_text (run->offer));

      g_print ("%s\n", shown);
      return;
    }
  path = g_file_get_path (file);
  g_printerr (_("Received: %s\n"), path);
}

static void
unpack_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ReceiveRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = gofer_unpack_finish (result, &error);
  g_autofree char *path = NULL;

  if (folder == NULL)
    {
      g_autofree char *name = g_file_get_basename (gofer_receiver_get_received_file (run->receiver));

      /* Translators: %s is a file name such as photos.zip */
      g_printerr (_("%s was received and kept, but could not be unpacked.\n"), name);
      gofer_cli_fail (run->cli, error);
      return;
    }
  path = g_file_get_path (folder);
  g_printerr (_("Unpacked into: %s\n"), path);
  gofer_cli_quit (run->cli, GOFER_EXIT_OK);
}

/* Warp and wormhole-rs send a folder as NAME.zip or NAME.tar, packed by
 * themselves: unpack it when asked to (--unpack) or when the person says
 * so. Returns FALSE when nothing is to be unpacked. */
static gboolean
maybe_unpack (ReceiveRun *run)
{
  g_autofree char *folder = gofer_receiver_dup_packed_folder (run->receiver);
  GFile *file = gofer_receiver_get_received_file (run->receiver);
  g_autofree char *name = NULL;
  char answer[64] = "";

  if (folder == NULL)
    return FALSE;
  name = g_file_get_basename (file);
  if (!run->cli->unpack)
    {
      /* Translators: the first %s is a file such as photos.zip, the second
       * the folder it would unpack into, such as photos */
      g_printerr (_("The sender’s app packed a folder into %s. Unpack it into %s/? [Y/n] "),
                  name, folder);
      if (fgets (answer, sizeof answer, stdin) == NULL)
        {
          g_printerr ("\n%s\n", _("No answer on standard input; kept as it is. Use --unpack to "
                                  "unpack without asking."));
          return FALSE;
        }
      g_strstrip (answer);
      if (answer[0] != '\0' && g_ascii_strcasecmp (answer, "y") != 0 &&
          g_ascii_strcasecmp (answer, "yes") != 0)
        return FALSE;
    }
  gofer_unpack_async (file, run->cli->cancellable, unpack_cb, run);
  return TRUE;
}

static void
accept_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ReceiveRun *run = user_data;
  g_autoptr(GError) error = NULL;

  gofer_cli_progress_end (run->progress);
  if (!gofer_receiver_accept_finish (GOFER_RECEIVER (source), result, &error))
    {
      gofer_cli_fail (run->cli, error);
      return;
    }
  print_received (run);
  if (!maybe_unpack (run))
    gofer_cli_quit (run->cli, GOFER_EXIT_OK);
}

static void
decline_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ReceiveRun *run = user_data;

  gofer_receiver_decline_finish (GOFER_RECEIVER (source), result, NULL);
  g_printerr ("%s\n", _("Declined; nothing was written."));
  gofer_cli_quit (run->cli, GOFER_EXIT_PEER);
}

static void
progress_cb (GoferReceiver *receiver,
             guint64        done,
             guint64        total,
             gpointer       user_data)
{
  ReceiveRun *run = user_data;

  if (gofer_transfer_get_stage (GOFER_TRANSFER (receiver)) == GOFER_TRANSFER_STAGE_TRANSFERRING)
    gofer_cli_progress_update (run->progress, done, total);
}

static void
stage_cb (GoferReceiver *receiver,
          GParamSpec    *pspec,
          gpointer       user_data)
{
  if (gofer_transfer_get_stage (GOFER_TRANSFER (receiver)) == GOFER_TRANSFER_STAGE_TRANSFERRING)
    /* Translators: "direct HOST:PORT" or "relay HOST:PORT" */
    g_printerr (_("Receiving (%s)…\n"), gofer_transfer_get_route (GOFER_TRANSFER (receiver)));
}

/* Like the other wormhole clients: ask unless told to accept. */
static gboolean
confirm_offer (ReceiveRun *run)
{
  g_autofree char *what = gofer_offer_describe (run->offer);
  char answer[64] = "";

  g_printerr (_("The sender offers %s.\n"), what);
  if (run->cli->output_file == NULL)
    gofer_cli_explain_hidden_name (run->offer);
  if (run->cli->accept_file)
    return TRUE;
  g_printerr ("%s", _("Accept? [Y/n] "));
  if (fgets (answer, sizeof answer, stdin) == NULL)
    {
      g_printerr ("\n%s\n", _("No answer on standard input; use --accept-file to accept "
                              "without asking."));
      return FALSE;
    }
  g_strstrip (answer);
  return answer[0] == '\0' || g_ascii_strcasecmp (answer, "y") == 0 ||
         g_ascii_strcasecmp (answer, "yes") == 0;
}

static void
configure_receiver (ReceiveRun *run)
{
  GoferCli *cli = run->cli;
  g_autoptr(GFile) here = g_file_new_for_path (".");

  gofer_receiver_set_download_folder (run->receiver, here);
  if (cli->output_file != NULL)
    {
      g_autoptr(GFile) target = g_file_new_for_commandline_arg (cli->output_file);
      gofer_receiver_set_target (run->receiver, target);
    }
  gofer_cli_configure_transfer (cli, GOFER_TRANSFER (run->receiver));
  g_signal_connect (run->receiver, "progress", G_CALLBACK (progress_cb), run);
}

static void
offer_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ReceiveRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->offer = gofer_receiver_wait_for_offer_finish (GOFER_RECEIVER (source), result, &error);
  if (run->offer == NULL)
    {
      gofer_cli_fail (run->cli, error);
      return;
    }
  if (gofer_offer_get_kind (run->offer) != GOFER_OFFER_TEXT && !confirm_offer (run))
    {
      gofer_receiver_decline_async (run->receiver, NULL, decline_cb, run);
      return;
    }
  configure_receiver (run);
  g_signal_connect (run->receiver, "notify::stage", G_CALLBACK (stage_cb), run);
  gofer_receiver_accept_async (run->receiver, run->cli->cancellable, accept_cb, run);
}

static void
set_code_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  /* A failure here also ends the wait for the offer, which reports it. */
  gofer_wormhole_set_code_finish (GOFER_WORMHOLE (source), result, NULL);
}

static gboolean
begin_receive (gpointer user_data)
{
  ReceiveRun *run = user_data;
  GoferCli *cli = run->cli;

  cli->wormhole = gofer_cli_new_wormhole (cli);
  run->receiver = gofer_receiver_new (cli->wormhole);
  gofer_cli_configure_transfer (cli, GOFER_TRANSFER (run->receiver));
  gofer_wormhole_set_code_async (cli->wormhole, run->code, NULL, set_code_cb, run);
  gofer_receiver_wait_for_offer_async (run->receiver, cli->cancellable, offer_cb, run);
  return G_SOURCE_REMOVE;
}

int
gofer_cli_receive (GoferCli   *cli,
                   const char *given_code)
{
  ReceiveRun run = { cli, NULL, NULL, NULL, NULL };

  if ((run.code = gofer_cli_read_code (cli, given_code)) == NULL)
    return GOFER_EXIT_USAGE;

  run.progress = gofer_cli_progress_new (!cli->hide_progress);
  gofer_cli_local_find_sender (cli, run.code, begin_receive, &run);
  g_main_loop_run (cli->loop);
  g_clear_object (&run.offer);
  g_clear_object (&run.receiver);
  g_clear_pointer (&run.progress, gofer_cli_progress_free);
  g_clear_pointer (&run.code, gofer_cli_secret_free);
  return cli->exit_code;
}
