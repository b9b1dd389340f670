/* gofer-cli-receive.c: `gofer receive`
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gofer-cli.h"
#include "gofer-error.h"
#include "gofer-receiver.h"

typedef struct
{
  GoferCli      *cli;
  GoferReceiver *receiver;
  GoferOffer    *offer;
} ReceiveRun;

static void
accept_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ReceiveRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_receiver_accept_finish (GOFER_RECEIVER (source), result, &error))
    {
      gofer_cli_fail (run->cli, error);
      return;
    }
  if (gofer_offer_get_kind (run->offer) == GOFER_OFFER_TEXT)
    g_print ("%s\n", gofer_offer_get_text (run->offer));
  gofer_cli_quit (run->cli, GOFER_EXIT_OK);
}

static void
decline_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ReceiveRun *run = user_data;
  g_autoptr(GError) error = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_FAILED,
                                                 _("This version of gofer can only receive "
                                                   "text; the offer was declined."));

  gofer_receiver_decline_finish (GOFER_RECEIVER (source), result, NULL);
  gofer_cli_fail (run->cli, error);
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
  if (gofer_offer_get_kind (run->offer) == GOFER_OFFER_TEXT)
    gofer_receiver_accept_async (run->receiver, NULL, accept_cb, run);
  else
    gofer_receiver_decline_async (run->receiver, NULL, decline_cb, run);
}

static void
set_code_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  /* A failure here also ends the wait for the offer, which reports it. */
  gofer_wormhole_set_code_finish (GOFER_WORMHOLE (source), result, NULL);
}

int
gofer_cli_receive (GoferCli   *cli,
                   const char *given_code)
{
  ReceiveRun run = { cli, NULL, NULL };
  g_autofree char *code = gofer_cli_read_code (cli, given_code);

  if (code == NULL)
    return GOFER_EXIT_USAGE;

  cli->wormhole = gofer_cli_new_wormhole (cli);
  run.receiver = gofer_receiver_new (cli->wormhole);
  gofer_wormhole_set_code_async (cli->wormhole, code, NULL, set_code_cb, &run);
  gofer_receiver_wait_for_offer_async (run.receiver, cli->cancellable, offer_cb, &run);

  g_main_loop_run (cli->loop);
  g_clear_object (&run.offer);
  g_clear_object (&run.receiver);
  return cli->exit_code;
}
