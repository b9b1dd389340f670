/* gofer-cli-send.c: `gofer send`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli.h"
#include "gofer-cli-progress.h"
#include "gofer.h"

typedef struct
{
  GoferCli         *cli;
  GoferSender      *sender;
  GoferCliProgress *progress;
} SendRun;

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
  gofer_cli_quit (run->cli, GOFER_EXIT_OK);
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

static void
start_sending (SendRun *run)
{
  print_code (gofer_wormhole_get_code (run->cli->wormhole), run->cli->text != NULL);
  g_signal_connect (run->sender, "progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (run->sender, "notify::stage", G_CALLBACK (stage_cb), run);
  gofer_sender_run_async (run->sender, run->cli->cancellable, run_cb, run);
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
new_text_sender (GoferCli *cli)
{
  g_autofree char *text = text_to_send (cli);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_printerr ("gofer: %s\n", _("The text is not valid UTF-8; send it as a file instead."));
      return NULL;
    }
  return gofer_sender_new_text (cli->wormhole, text);
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

int
gofer_cli_send (GoferCli *cli)
{
  SendRun run = { cli, NULL, NULL };
  guint n_paths = g_strv_length (cli->paths) - 1;
  g_autoptr(GoferCliSecret) code = NULL;

  if ((cli->text == NULL) == (n_paths == 0))
    {
      g_printerr ("gofer: %s\n", _("Say what to send: one or more files or folders, "
                                   "or --text TEXT."));
      return GOFER_EXIT_USAGE;
    }
  if (cli->code != NULL && (code = gofer_cli_read_code (cli, cli->code)) == NULL)
    return GOFER_EXIT_USAGE;

  cli->wormhole = gofer_cli_new_wormhole (cli);
  run.sender = cli->text != NULL ? new_text_sender (cli) : new_files_sender (cli);
  if (run.sender == NULL)
    return GOFER_EXIT_USAGE;
  run.progress = gofer_cli_progress_new (!cli->hide_progress);
  if (code != NULL)
    gofer_wormhole_set_code_async (cli->wormhole, code, NULL, set_code_cb, &run);
  else
    gofer_wormhole_allocate_code_async (cli->wormhole, cli->code_length, NULL, allocate_cb, &run);

  g_main_loop_run (cli->loop);
  g_clear_object (&run.sender);
  g_clear_pointer (&run.progress, gofer_cli_progress_free);
  return cli->exit_code;
}
