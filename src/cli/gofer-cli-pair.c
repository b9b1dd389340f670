/* gofer-cli-pair.c: `gofer pair [CODE]`, pairing with another computer
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a conversation with a code as `gofer chat` does, says that this
 * computer wants to pair, waits for the other side to say so too, then
 * leaves. Running `gofer pair` on both computers is each person's consent.
 * The code finds the other side as `gofer chat`'s does: with --local, or
 * without a server on the command line, on the local network too.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gofer-cli.h"
#include "gofer-cli-local.h"

typedef struct
{
  GoferCli          *cli;
  GoferIdentity     *identity;
  GoferPairedPeers  *peers;
  GoferConversation *conversation;
  GoferPairing      *pairing;
  GoferCliLocal     *local;       /* --local, showing the code: our own mailbox */
  char              *code;        /* the code given, wiped when freed */
  int                exit_code;
} PairRun;

static gboolean
quit_after_leaving (gpointer user_data)
{
  PairRun *run = user_data;

  gofer_cli_quit (run->cli, run->exit_code);
  return G_SOURCE_REMOVE;
}

static void
left_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  PairRun *run = user_data;

  gofer_conversation_leave_finish (GOFER_CONVERSATION (source), result);
  if (run->local != NULL)
    gofer_cli_local_linger (run->local, quit_after_leaving, run);
  else
    quit_after_leaving (run);
}

static void
leave (PairRun *run,
       int      exit_code)
{
  run->exit_code = exit_code;
  gofer_conversation_leave_async (run->conversation, left_cb, run);
}

static void
paired_cb (GoferPairing    *pairing,
           GoferPairedPeer *peer,
           gpointer         user_data)
{
  g_autofree char *fingerprint = gofer_paired_peer_get_fingerprint (peer);
  const char *name = gofer_paired_peer_get_name (peer);

  /* Translators: the first %s is the other computer's name, the second its fingerprint */
  g_printerr (_("Paired with “%s” (identity %s).\n"), name, fingerprint);
  g_print ("%s\n", name);
  leave (user_data, GOFER_EXIT_OK);
}

static void
declined_cb (GoferPairing *pairing,
             gpointer      user_data)
{
  g_printerr ("gofer: %s\n", _("The other side did not want to pair."));
  leave (user_data, GOFER_EXIT_PEER);
}

static void
pairing_failed_cb (GoferPairing *pairing,
                   const GError *error,
                   gpointer      user_data)
{
  PairRun *run = user_data;

  g_printerr ("gofer: %s\n", error->message);
  leave (run, GOFER_EXIT_FAILED);
}

static void
conversation_failed_cb (GoferConversation *conversation,
                        const GError      *error,
                        gpointer           user_data)
{
  PairRun *run = user_data;

  gofer_cli_fail (run->cli, error);
}

static char *
own_name (void)
{
  return g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PairRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = own_name ();

  if (!gofer_conversation_start_finish (GOFER_CONVERSATION (source), result, &error))
    {
      gofer_cli_fail (run->cli, error);
      return;
    }
  g_printerr (_("Connected. Both sides should see the same check: %s.\n"),
              gofer_conversation_get_verification (run->conversation));
  if (!gofer_pairing_ask (run->pairing, name, &error))
    {
      g_printerr ("gofer: %s\n", error->message);
      leave (run, GOFER_EXIT_PEER);
    }
}

static gboolean
print_code (gpointer user_data)
{
  PairRun *run = user_data;
  const char *code = gofer_wormhole_get_code (run->cli->wormhole);

  g_printerr (_("Wormhole code is: %s\n"), code);
  g_printerr ("%s\n\n    gofer pair%s %s\n\n", _("On the other computer, run:"),
              run->local != NULL ? " --local" : "", code);
  return G_SOURCE_REMOVE;
}

static void
allocate_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PairRun *run = user_data;
  g_autoptr(GoferCliSecret) code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (source),
                                                                        result, NULL);

  /* A failure also ends the start, which reports it. On our own mailbox,
   * the code is shown once the network knows where it is. */
  if (code == NULL)
    return;
  if (run->local != NULL)
    {
      /* A standard client cannot pair: no command for one is printed. */
      g_autofree char *nameplate = g_strndup (code, strcspn (code, "-"));

      gofer_cli_local_announce_nameplate (run->local, nameplate, print_code, run);
    }
  else
    print_code (run);
}

static void
set_code_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gofer_wormhole_set_code_finish (GOFER_WORMHOLE (source), result, NULL);
}

static gboolean
load_store (PairRun *run)
{
  g_autoptr(GError) error = NULL;

  run->identity = gofer_identity_load_or_create (NULL, &error);
  if (run->identity != NULL)
    run->peers = gofer_paired_peers_load (NULL, &error);
  if (run->peers != NULL)
    return TRUE;
  g_printerr ("gofer: %s\n", error->message);
  return FALSE;
}

static void
start (PairRun *run)
{
  GoferCli *cli = run->cli;
  const char *code = run->code;

  cli->wormhole = gofer_cli_new_wormhole (cli);
  run->conversation = gofer_conversation_new (cli->wormhole);
  run->pairing = gofer_pairing_new (run->conversation, run->identity, run->peers);
  gofer_pairing_set_peer_name (run->pairing, cli->name);
  g_signal_connect (run->conversation, "failed", G_CALLBACK (conversation_failed_cb), run);
  g_signal_connect (run->pairing, "paired", G_CALLBACK (paired_cb), run);
  g_signal_connect (run->pairing, "declined", G_CALLBACK (declined_cb), run);
  g_signal_connect (run->pairing, "failed", G_CALLBACK (pairing_failed_cb), run);
  if (code != NULL)
    gofer_wormhole_set_code_async (cli->wormhole, code, NULL, set_code_cb, run);
  else
    gofer_wormhole_allocate_code_async (cli->wormhole, cli->code_length, NULL, allocate_cb, run);
  gofer_conversation_start_async (run->conversation, cli->cancellable, started_cb, run);
}

static void
pair_run_clear (PairRun *run)
{
  if (run->conversation != NULL)
    g_signal_handlers_disconnect_by_data (run->conversation, run);
  if (run->pairing != NULL)
    g_signal_handlers_disconnect_by_data (run->pairing, run);
  g_clear_object (&run->pairing);
  g_clear_object (&run->conversation);
  g_clear_object (&run->peers);
  g_clear_object (&run->identity);
  g_clear_pointer (&run->local, gofer_cli_local_free);
  g_clear_pointer (&run->code, gofer_cli_secret_free);
}

static gboolean
start_found (gpointer user_data)
{
  start (user_data);
  return G_SOURCE_REMOVE;
}

/* Where the other side is: our own mailbox (--local, showing the code),
 * the local network or the server (typing it), as for gofer chat. */
static gboolean
prepare_network (PairRun *run)
{
  GoferCli *cli = run->cli;
  g_autoptr(GError) error = NULL;

  if (run->code == NULL && cli->local)
    {
      if ((run->local = gofer_cli_local_start (cli, &error)) == NULL)
        {
          g_printerr ("gofer: %s\n", error->message);
          return FALSE;
        }
      start (run);
    }
  else if (run->code != NULL && (cli->local || !cli->relay_url_given))
    gofer_cli_local_find_sender (cli, run->code, start_found, run);
  else
    start (run);
  return TRUE;
}

int
gofer_cli_pair (GoferCli   *cli,
                const char *given_code)
{
  PairRun run = { cli };

  if (given_code != NULL && (run.code = gofer_cli_read_code (cli, given_code)) == NULL)
    return GOFER_EXIT_USAGE;
  if (!load_store (&run) || !prepare_network (&run))
    {
      pair_run_clear (&run);
      return GOFER_EXIT_FAILED;
    }
  g_main_loop_run (cli->loop);
  pair_run_clear (&run);
  return cli->exit_code;
}
