/* gofer-cli-send.c: `gofer send`
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
  GoferSender      *sender;
  GoferCliProgress *progress;
  GoferCliLocal    *local;   /* our own mailbox, when the transfer stays on this network */
  char             *code;    /* --code, wiped when freed */
  char             *text;    /* --text, read once */
} SendRun;

static gboolean begin_send (SendRun *run);

static void
print_code (const char *code,
            gboolean    is_text)
{
  g_printerr (_("Wormhole code is: %s\n"), code);
  g_printerr ("%s\n\n    gofer receive %s\n\n%s\n",
              _("On the other computer, run:"), code,
              /* Warp and wormhole-rs take no text offers: they get a file. */
              is_text ? _("(or any Magic Wormhole app: wormhole receive, wormhole-william; Warp saves the text "
                          "as message.txt)")
                      : _("(or any Magic Wormhole app: wormhole receive, wormhole-william, Warp, …)"));
}

static gboolean
quit_ok (gpointer user_data)
{
  SendRun *run = user_data;

  gofer_cli_quit (run->cli, GOFER_EXIT_OK);
  return G_SOURCE_REMOVE;
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  SendRun *run = user_data;
  g_autoptr(GError) error = NULL;

  gofer_cli_progress_end (run->progress);
  if (!gofer_sender_run_finish (GOFER_SENDER (source), result, &error))
    {
      gofer_cli_fail (run->cli, error);
      return;
    }
  if (gofer_offer_get_kind (gofer_sender_get_offer (run->sender)) == GOFER_OFFER_TEXT)
    g_printerr ("%s\n", _("Text message sent."));
  else
    g_printerr ("%s\n", _("Transfer complete: the receiver confirmed every byte."));
  if (run->local != NULL)
    gofer_cli_local_linger (run->local, quit_ok, run);
  else
    quit_ok (run);
}

static void
progress_cb (GoferSender *sender,
             guint64      done,
             guint64      total,
             gpointer     user_data)
{
  SendRun *run = user_data;

  if (gofer_transfer_get_stage (GOFER_TRANSFER (sender)) == GOFER_TRANSFER_STAGE_TRANSFERRING)
    gofer_cli_progress_update (run->progress, done, total);
}

static void
stage_cb (GoferSender *sender,
          GParamSpec  *pspec,
          gpointer     user_data)
{
  g_autofree char *what = NULL;

  if (gofer_transfer_get_stage (GOFER_TRANSFER (sender)) != GOFER_TRANSFER_STAGE_TRANSFERRING)
    return;
  what = gofer_offer_describe (gofer_sender_get_offer (sender));
  /* Translators: what is sent, then "direct HOST:PORT" or "relay HOST:PORT" */
  g_printerr (_("Sending %s (%s)…\n"), what, gofer_transfer_get_route (GOFER_TRANSFER (sender)));
}

static gboolean
run_sender (gpointer user_data)
{
  SendRun *run = user_data;

  print_code (gofer_wormhole_get_code (run->cli->wormhole), run->cli->text != NULL);
  g_signal_connect (run->sender, "progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (run->sender, "notify::stage", G_CALLBACK (stage_cb), run);
  gofer_sender_run_async (run->sender, run->cli->cancellable, run_cb, run);
  return G_SOURCE_REMOVE;
}

/* On our own mailbox, the code is shown once the network knows where it
 * is, so that a receiver who types it at once finds it. */
static void
start_sending (SendRun *run)
{
  if (run->local != NULL)
    gofer_cli_local_announce (run->local, gofer_wormhole_get_code (run->cli->wormhole),
                              run_sender, run);
  else
    run_sender (run);
}

static gboolean
go_local (SendRun  *run,
          GError  **error)
{
  if ((run->local = gofer_cli_local_start (run->cli, error)) == NULL)
    return FALSE;
  g_clear_object (&run->sender);
  g_clear_object (&run->cli->wormhole);
  return begin_send (run);
}

/* The default server is out of reach (no Internet): the transfer can still
 * meet on this computer's own mailbox, for a receiver on the same network.
 * A server the person named is not replaced behind their back. */
static gboolean
stay_on_local_network (SendRun      *run,
                       const GError *error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_error_matches (error, GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE) ||
      run->local != NULL || run->cli->relay_url_given)
    return FALSE;
  g_printerr (_("The server %s cannot be reached, so Gofer serves this transfer itself, for "
                "the local network.\n"), run->cli->relay_url);
  if (go_local (run, &local_error))
    return TRUE;
  gofer_cli_fail (run->cli, local_error);
  return TRUE;
}

static void
allocate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferCliSecret) code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (source), result,
                                                                        &error);

  if (code == NULL)
    {
      if (!stay_on_local_network (run, error))
        gofer_cli_fail (run->cli, error);
      return;
    }
  start_sending (run);
}

static void
set_code_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_wormhole_set_code_finish (GOFER_WORMHOLE (source), result, &error))
    {
      if (!stay_on_local_network (run, error))
        gofer_cli_fail (run->cli, error);
      return;
    }
  start_sending (run);
}

static char *
read_all_stdin (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, n);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
text_to_send (GoferCli *cli)
{
  if (g_str_equal (cli->text, "-"))
    return read_all_stdin ();
  return g_strdup (cli->text);
}

static GoferSender *
new_text_sender (SendRun *run)
{
  if (run->text == NULL)
    run->text = text_to_send (run->cli);
  if (!g_utf8_validate (run->text, -1, NULL))
    {
      g_printerr ("gofer: %s\n", _("The text is not valid UTF-8; send it as a file instead."));
      return NULL;
    }
  return gofer_sender_new_text (run->cli->wormhole, run->text);
}

/* Every path must exist now: better to say so before a code is handed out. */
static GoferSender *
new_files_sender (GoferCli *cli)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GoferSender *sender;

  for (guint i = 1; cli->paths[i] != NULL; i++)
    {
      GFile *file = g_file_new_for_commandline_arg (cli->paths[i]);

      g_ptr_array_add (files, file);
      if (!g_file_query_exists (file, NULL))
        {
          g_printerr ("gofer: ");
          g_printerr (_("“%s” does not exist. Check the name and try again.\n"), cli->paths[i]);
          return NULL;
        }
    }
  sender = gofer_sender_new_files (cli->wormhole, (GFile **)files->pdata, files->len);
  gofer_cli_configure_transfer (cli, GOFER_TRANSFER (sender));
  return sender;
}

/* A wormhole and a sender on cli->relay_url, and the code asked for. */
static gboolean
begin_send (SendRun *run)
{
  GoferCli *cli = run->cli;

  cli->wormhole = gofer_cli_new_wormhole (cli);
  run->sender = cli->text != NULL ? new_text_sender (run) : new_files_sender (cli);
  if (run->sender == NULL)
    return FALSE;
  if (run->code != NULL)
    gofer_wormhole_set_code_async (cli->wormhole, run->code, NULL, set_code_cb, run);
  else
    gofer_wormhole_allocate_code_async (cli->wormhole, cli->code_length, NULL, allocate_cb, run);
  return TRUE;
}

int
gofer_cli_send (GoferCli *cli)
{
  SendRun run = { cli, NULL, NULL, NULL, NULL, NULL };
  guint n_paths = g_strv_length (cli->paths) - 1;
  g_autoptr(GError) error = NULL;

  if ((cli->text == NULL) == (n_paths == 0))
    {
      g_printerr ("gofer: %s\n", _("Say what to send: one or more files or folders, "
                                   "or --text TEXT."));
      return GOFER_EXIT_USAGE;
    }
  if (cli->code != NULL && (run.code = gofer_cli_read_code (cli, cli->code)) == NULL)
    return GOFER_EXIT_USAGE;

  run.progress = gofer_cli_progress_new (!cli->hide_progress);
  if (cli->local && (run.local = gofer_cli_local_start (cli, &error)) == NULL)
    gofer_cli_fail (cli, error);
  else if (begin_send (&run))
    g_main_loop_run (cli->loop);
  else
    cli->exit_code = GOFER_EXIT_USAGE;

  g_clear_object (&run.sender);
  g_clear_pointer (&run.progress, gofer_cli_progress_free);
  g_clear_pointer (&run.local, gofer_cli_local_free);
  g_clear_pointer (&run.code, gofer_cli_secret_free);
  g_free (run.text);
  return cli->exit_code;
}
