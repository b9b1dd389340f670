/* gofer-cli-send.c: `gofer send`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gofer-cli.h"
#include "gofer-sender.h"

typedef struct
{
  GoferCli    *cli;
  GoferSender *sender;
} SendRun;

static void
print_code (const char *code)
{
  g_printerr (_("Wormhole code is: %s\n"), code);
  g_printerr ("%s\n\n    gofer receive %s\n\n%s\n",
              _("On the other computer, run:"), code,
              _("(or any Magic Wormhole app: wormhole receive, Warp, …)"));
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  SendRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_sender_run_finish (GOFER_SENDER (source), result, &error))
    {
      gofer_cli_fail (run->cli, error);
      return;
    }
  g_printerr ("%s\n", _("Text message sent."));
  gofer_cli_quit (run->cli, GOFER_EXIT_OK);
}

static void
start_sending (SendRun *run)
{
  print_code (gofer_wormhole_get_code (run->cli->wormhole));
  gofer_sender_run_async (run->sender, run->cli->cancellable, run_cb, run);
}

static void
allocate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (source), result,
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

int
gofer_cli_send (GoferCli *cli)
{
  SendRun run = { cli, NULL };
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;

  if (cli->text == NULL)
    {
      g_printerr ("gofer: %s\n", _("Say what to send: one or more files or folders, "
                                   "or --text TEXT."));
      return GOFER_EXIT_USAGE;
    }
  if (cli->code != NULL && (code = gofer_cli_read_code (cli, cli->code)) == NULL)
    return GOFER_EXIT_USAGE;

  text = text_to_send (cli);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_printerr ("gofer: %s\n", _("The text is not valid UTF-8; send it as a file instead."));
      return GOFER_EXIT_USAGE;
    }

  cli->wormhole = gofer_cli_new_wormhole (cli);
  run.sender = gofer_sender_new_text (cli->wormhole, text);
  if (code != NULL)
    gofer_wormhole_set_code_async (cli->wormhole, code, NULL, set_code_cb, &run);
  else
    gofer_wormhole_allocate_code_async (cli->wormhole, cli->code_length, NULL, allocate_cb, &run);

  g_main_loop_run (cli->loop);
  g_clear_object (&run.sender);
  return cli->exit_code;
}
