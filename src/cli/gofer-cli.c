/* gofer-cli.c: what the gofer commands share
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-cli.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#ifdef G_OS_UNIX
# include <unistd.h>
#endif
#ifdef G_OS_WIN32
# include <io.h>
#endif

static int
exit_code_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return GOFER_EXIT_INTERRUPTED;
  if (error->domain != GOFER_ERROR)
    return GOFER_EXIT_FAILED;

  switch ((GoferError)error->code)
    {
    case GOFER_ERROR_WRONG_CODE:
      return GOFER_EXIT_WRONG_CODE;
    case GOFER_ERROR_BAD_CODE:
      return GOFER_EXIT_USAGE;
    case GOFER_ERROR_RELAY_UNREACHABLE:
    case GOFER_ERROR_RELAY_ERROR:
    case GOFER_ERROR_RELAY_REFUSED:
    case GOFER_ERROR_CROWDED:
      return GOFER_EXIT_RELAY;
    case GOFER_ERROR_REJECTED:
    case GOFER_ERROR_PEER_ERROR:
    case GOFER_ERROR_PEER_GONE:
      return GOFER_EXIT_PEER;
    default:
      return GOFER_EXIT_FAILED;
    }
}

void
gofer_cli_quit (GoferCli *cli,
                int       exit_code)
{
  cli->exit_code = exit_code;
  g_main_loop_quit (cli->loop);
}

void
gofer_cli_fail (GoferCli     *cli,
                const GError *error)
{
  g_printerr ("gofer: %s\n", error->message);
  gofer_cli_quit (cli, exit_code_for (error));
}

GoferWormhole *
gofer_cli_new_wormhole (GoferCli *cli)
{
  return gofer_wormhole_new (cli->relay_url, cli->app_id);
}

void
gofer_cli_configure_transfer (GoferCli      *cli,
                              GoferTransfer *transfer)
{
  gofer_transfer_set_transit_helper (transfer, cli->transit_helper);
  gofer_transfer_set_listen (transfer, !cli->no_listen);
  gofer_transfer_set_idle_timeout (transfer, (guint)cli->transit_timeout);
}

void
gofer_cli_secret_free (GoferCliSecret *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

void
gofer_cli_explain_hidden_name (GoferOffer *offer)
{
  g_autofree char *safe = NULL;
  g_autofree char *saved = NULL;

  if (!gofer_offer_is_hidden_name (offer))
    return;
  safe = gofer_safe_name (gofer_offer_get_name (offer), "_");
  saved = gofer_offer_dup_save_name (offer);
  /* Translators: both %s are file names, e.g. “.ssh” and “_ssh” */
  g_printerr (_("A name that starts with a dot is hidden, so “%s” is saved as “%s”.\n"), safe, saved);
}

/* What is read here is the code: the buffer is wiped too. */
static char *
read_line (FILE *stream)
{
  char buffer[1024];
  char *line = NULL;

  if (fgets (buffer, sizeof buffer, stream) != NULL)
    line = g_strstrip (g_strdup (buffer));
  sodium_memzero (buffer, sizeof buffer);
  return line;
}

gboolean
gofer_cli_is_terminal (int fd)
{
#ifdef G_OS_WIN32
  return _isatty (fd);
#else
  return isatty (fd);
#endif
}

/* Reading from a prompt or stdin keeps the code out of argv, where every
 * local user can see it. */
static char *
prompt_for_code (void)
{
  if (gofer_cli_is_terminal (0))
    g_printerr ("%s", _("Enter the wormhole code: "));
  return read_line (stdin);
}

/* A wormhole-transfer: link may name a server or ask this side to send;
 * neither happens behind the person's back: they are told the command. */
static gboolean
link_fits (GoferCli   *cli,
           const char *typed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferCodeLink) link = gofer_code_link_parse (typed, &error);

  if (link == NULL)
    g_printerr ("gofer: %s\n", error->message);
  else if (link->rendezvous != NULL && g_strcmp0 (link->rendezvous, cli->relay_url) != 0)
    g_printerr ("gofer: %s\n", _("This link names another mailbox server. To use it, run the same "
                                 "command again with --relay-url and the server in the link."));
  else
    return TRUE;
  return FALSE;
}

char *
gofer_cli_read_code (GoferCli   *cli,
                     const char *given)
{
  g_autoptr(GoferCliSecret) typed = NULL;
  g_autoptr(GError) error = NULL;
  char *code;

  if (given != NULL && !g_str_equal (given, "-"))
    typed = g_strdup (given);
  else
    typed = prompt_for_code ();

  if (typed == NULL)
    {
      g_printerr ("gofer: %s\n", _("No wormhole code was given. Type the code the sender "
                                   "shows, or pass it on standard input."));
      return NULL;
    }

  if (gofer_code_is_link (typed) && !link_fits (cli, typed))
    return NULL;

  code = gofer_code_parse (typed, NULL, &error);
  if (code == NULL)
    g_printerr ("gofer: %s\n", error->message);
  return code;
}
