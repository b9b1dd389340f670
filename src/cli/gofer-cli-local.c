/* gofer-cli-local.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `gofer send --local`, and `gofer send` when the server cannot be reached:
 * the transfer meets on a mailbox this process serves, announced on the
 * local network through mDNS so that `gofer receive CODE` there finds it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gofer-cli-local.h"
#ifdef HAVE_LOCAL_SERVER
# include "gofer-relay-local.h"
#endif

struct _GoferCliLocal
{
  GObject           *server;     /* GoferRelayLocal */
  GoferLanAnnouncer *announcer;
  char              *relay_url;  /* on the first local-network address */
  char              *transit_helper;
  guint16            mailbox_port;
  GCancellable      *cancellable;
  GSourceFunc        announced;
  gpointer           announced_data;
  GSourceFunc        lingered;
  gpointer           lingered_data;
  guint              linger_id;
  gint64             linger_until;
};

/* How long the mailbox waits for the other side to close, at most. */
#define LINGER_SECONDS 10

void
gofer_cli_local_free (GoferCliLocal *local)
{
  if (local == NULL)
    return;
  g_clear_handle_id (&local->linger_id, g_source_remove);
  g_cancellable_cancel (local->cancellable);
  g_clear_object (&local->cancellable);
  g_clear_object (&local->announcer);
  g_clear_object (&local->server);
  g_free (local->relay_url);
  g_free (local->transit_helper);
  g_free (local);
}

#ifdef HAVE_LOCAL_SERVER
static char *
url_host (const char *address)
{
  return strchr (address, ':') ? g_strdup_printf ("[%s]", address) : g_strdup (address);
}

GoferCliLocal *
gofer_cli_local_start (GoferCli  *cli,
                       GError   **error)
{
  g_autoptr(GoferCliLocal) local = g_new0 (GoferCliLocal, 1);
  g_autoptr(GPtrArray) addresses = gofer_lan_addresses ();
  g_autoptr(GoferRelayLocal) server = gofer_relay_local_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;

  if (addresses->len == 0)
    {
      g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                           _("This computer is not on a local network (it has no private "
                             "network address), so nobody nearby can receive. Connect to a "
                             "network and try again."));
      return NULL;
    }
  g_ptr_array_add (addresses, NULL);
  if (!gofer_relay_local_start (server, (const char *const *)addresses->pdata, &local_error))
    {
      g_set_error (error, GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                   _("Gofer could not serve the transfer on this network: %s"), local_error->message);
      return NULL;
    }

  host = url_host (g_ptr_array_index (addresses, 0));
  local->mailbox_port = gofer_relay_local_get_mailbox_port (server);
  local->relay_url = g_strdup_printf ("ws://%s:%u/v1", host, local->mailbox_port);
  local->transit_helper = g_strdup_printf ("tcp:%s:%u", host,
                                           gofer_relay_local_get_transit_port (server));
  local->server = G_OBJECT (g_steal_pointer (&server));
  local->cancellable = g_cancellable_new ();

  g_free (cli->relay_url);
  cli->relay_url = g_strdup (local->relay_url);
  g_free (cli->transit_helper);
  cli->transit_helper = g_strdup (local->transit_helper);
  g_debug ("local mailbox at %s, transit relay at %s", cli->relay_url, cli->transit_helper);
  return g_steal_pointer (&local);
}
#else
GoferCliLocal *
gofer_cli_local_start (GoferCli  *cli,
                       GError   **error)
{
  g_set_error_literal (error, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED,
                       _("This build of Gofer cannot serve a transfer on the local network "
                         "itself. Use a mailbox server with --relay-url."));
  return NULL;
}
#endif

static gboolean
linger_cb (gpointer user_data)
{
  GoferCliLocal *local = user_data;
  guint clients = 0;

#ifdef HAVE_LOCAL_SERVER
  clients = gofer_relay_local_get_n_clients (GOFER_RELAY_LOCAL (local->server));
#endif
  if (clients > 0 && g_get_monotonic_time () < local->linger_until)
    return G_SOURCE_CONTINUE;
  local->linger_id = 0;
  local->lingered (local->lingered_data);
  return G_SOURCE_REMOVE;
}

void
gofer_cli_local_linger (GoferCliLocal *local,
                        GSourceFunc    done,
                        gpointer       user_data)
{
  g_return_if_fail (local->linger_id == 0);

  local->lingered = done;
  local->lingered_data = user_data;
  local->linger_until = g_get_monotonic_time () + LINGER_SECONDS * G_USEC_PER_SEC;
  local->linger_id = g_timeout_add (100, linger_cb, local);
}

static void
announced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GoferCliLocal *local = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_lan_announcer_publish_finish (GOFER_LAN_ANNOUNCER (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_printerr ("gofer: %s\n", error->message);
    }
  local->announced (local->announced_data);
}

void
gofer_cli_local_announce (GoferCliLocal *local,
                          const char    *code,
                          GSourceFunc    done,
                          gpointer       user_data)
{
  g_autofree char *nameplate = g_strndup (code, strcspn (code, "-"));

  g_return_if_fail (local->announcer == NULL);

  g_printerr ("%s\n", _("This transfer stays on this network: no server outside it is used."));
  g_printerr ("%s\n\n    wormhole --relay-url %s --transit-helper %s receive %s\n\n",
              _("Another Magic Wormhole app on this network receives with:"),
              local->relay_url, local->transit_helper, code);
  local->announced = done;
  local->announced_data = user_data;
  local->announcer = gofer_lan_announcer_new ();
  gofer_lan_announcer_publish_async (local->announcer, local->mailbox_port, nameplate,
                                     local->cancellable, announced_cb, local);
}

/* How long `--local` looks for the sender on the network. */
#define LOCAL_SEARCH_MS 10000

typedef struct
{
  GoferCli       *cli;
  GoferLanFinder *finder;
  GSourceFunc     ready;
  gpointer        user_data;
} SenderSearch;

static void
meet_at (SenderSearch *search,
         char         *url)
{
  g_debug ("meeting the other side at %s", url);
  g_free (search->cli->relay_url);
  search->cli->relay_url = url;
  search->ready (search->user_data);
}

static void
search_free (SenderSearch *search)
{
  g_clear_object (&search->finder);
  g_free (search);
}

static void
chosen_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SenderSearch *search = user_data;
  g_autoptr(GError) error = NULL;
  char *url = gofer_lan_choose_server_finish (result, &error);

  if (url == NULL)
    gofer_cli_fail (search->cli, error);
  else
    meet_at (search, url);
  search_free (search);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SenderSearch *search = user_data;
  g_autoptr(GError) error = NULL;
  char *url = gofer_lan_finder_find_finish (GOFER_LAN_FINDER (source), result, &error);

  if (url != NULL)
    meet_at (search, url);
  else if (error != NULL)
    gofer_cli_fail (search->cli, error);
  else
    {
      g_autoptr(GError) none = g_error_new_literal (GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                                                    _("No computer on this network is sending with "
                                                      "that code. Check the code, and that the sender "
                                                      "is on the same network and still waiting."));
      gofer_cli_fail (search->cli, none);
    }
  search_free (search);
}

void
gofer_cli_local_find_sender (GoferCli    *cli,
                             const char  *code,
                             GSourceFunc  ready,
                             gpointer     user_data)
{
  g_autofree char *nameplate = g_strndup (code, strcspn (code, "-"));
  SenderSearch *search;

  if (!cli->local && cli->relay_url_given)
    {
      ready (user_data);
      return;
    }
  search = g_new0 (SenderSearch, 1);
  search->cli = cli;
  search->ready = ready;
  search->user_data = user_data;
  if (cli->local)
    {
      search->finder = gofer_lan_finder_new ();
      gofer_lan_finder_find_async (search->finder, nameplate, LOCAL_SEARCH_MS, cli->cancellable,
                                   found_cb, search);
    }
  else
    gofer_lan_choose_server_async (cli->relay_url, cli->app_id, nameplate, GOFER_LAN_SEARCH_MS,
                                   cli->cancellable, chosen_cb, search);
}
