/* gofer-cli-devices.c: `gofer devices` lists the paired computers;
 * `gofer devices forget NAME` forgets one
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gofer-cli.h"

static void
print_peer (GoferPairedPeer *peer)
{
  g_autofree char *fingerprint = gofer_paired_peer_get_fingerprint (peer);
  g_autoptr(GDateTime) paired = g_date_time_new_from_unix_local (gofer_paired_peer_get_paired_unix (peer));
  g_autofree char *date = paired != NULL ? g_date_time_format (paired, "%Y-%m-%d") : g_strdup ("?");

  /* NAME <tab> identity <tab> date: easy to read and to cut. */
  g_print ("%s\t%s\t%s\n", gofer_paired_peer_get_name (peer), fingerprint, date);
}

static int
list_devices (GoferPairedPeers *peers)
{
  g_autoptr(GPtrArray) list = gofer_paired_peers_list (peers);
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferIdentity) identity = gofer_identity_load_or_create (NULL, &error);
  g_autofree char *fingerprint = NULL;

  if (identity == NULL)
    {
      g_printerr ("gofer: %s\n", error->message);
      return GOFER_EXIT_FAILED;
    }
  fingerprint = gofer_identity_get_fingerprint (identity);
  /* Translators: %s is this computer's identity fingerprint */
  g_printerr (_("This computer's identity: %s\n"), fingerprint);
  if (list->len == 0)
    g_printerr ("%s\n", _("No paired computers yet. Pair with one with “gofer pair”."));
  for (guint i = 0; i < list->len; i++)
    print_peer (list->pdata[i]);
  return GOFER_EXIT_OK;
}

static int
forget_device (GoferPairedPeers *peers,
               const char       *name)
{
  GoferPairedPeer *peer = gofer_paired_peers_lookup_name (peers, name);
  g_autoptr(GError) error = NULL;

  if (peer == NULL)
    {
      g_printerr ("gofer: ");
      /* Translators: %s is the name the person typed */
      g_printerr (_("No paired computer is called “%s”. “gofer devices” lists them."), name);
      g_printerr ("\n");
      return GOFER_EXIT_USAGE;
    }
  if (!gofer_paired_peers_forget (peers, peer, &error))
    {
      g_printerr ("gofer: %s\n", error->message);
      return GOFER_EXIT_FAILED;
    }
  /* Translators: %s is a paired computer's name */
  g_printerr (_("Forgot “%s”. Pair again with a code to send to it.\n"), name);
  return GOFER_EXIT_OK;
}

int
gofer_cli_devices (GoferCli    *cli,
                   char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferPairedPeers) peers = gofer_paired_peers_load (NULL, &error);
  guint n_args = g_strv_length ((char **)args);

  if (peers == NULL)
    {
      g_printerr ("gofer: %s\n", error->message);
      return GOFER_EXIT_FAILED;
    }
  if (n_args == 0)
    return list_devices (peers);
  if (n_args == 2 && g_str_equal (args[0], "forget"))
    return forget_device (peers, args[1]);
  g_printerr ("gofer: %s\n", _("Use “gofer devices” to list the paired computers, or "
                               "“gofer devices forget NAME” to forget one."));
  return GOFER_EXIT_USAGE;
}
