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
# include "gofer-local-host.h"
#endif

struct _GoferCliLocal
{
  GObject      *host;   /* GoferLocalHost */
  GCancellable *cancellable;
  GSourceFunc   announced;
  gpointer      announced_data;
  GSourceFunc   lingered;
  gpointer      lingered_data;
};

void
gofer_cli_local_free (GoferCliLocal *local)
{
  if (local == NULL)
    return;
  g_cancellable_cancel (local->cancellable);
  g_clear_object (&local->cancellable);
  g_clear_object (&local->host);
  g_free (local);
}

#ifdef HAVE_LOCAL_SERVER
GoferCliLocal *
gofer_cli_local_start (GoferCli  *cli,
                       GError   **error)
{
  GoferLocalHost *host = gofer_local_host_new (error);
  GoferCliLocal *local;

  if (host == NULL)
    return NULL;
  local = g_new0 (GoferCliLocal, 1);
  local->host = G_OBJECT (host);
  local->cancellable = g_cancellable_new ();
  g_free (cli->relay_url);
  cli->relay_url = g_strdup (gofer_local_host_get_mailbox_url (host));
  g_free (cli->transit_helper);
  cli->transit_helper = g_strdup (gofer_local_host_get_transit_helper (host));
  return local;
}

static void
announced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GoferCliLocal *local = user_data;
  g_autoptr(GError) error = NULL;

  if (!gofer_local_host_announce_finish (GOFER_LOCAL_HOST (source), result, &error))
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
  GoferLocalHost *host = GOFER_LOCAL_HOST (local->host);
  g_autofree char *command = gofer_local_host_dup_wormhole_command (host, code);

  g_printerr ("%s\n", _("This transfer stays on this network: no server outside it is used."));
  g_printerr ("%s\n\n    %s\n\n", _("Another Magic Wormhole app on this network receives with:"),
              command);
  local->announced = done;
  local->announced_data = user_data;
  gofer_local_host_announce_async (host, code, local->cancellable, announced_cb, local);
}

void
gofer_cli_local_announce_nameplate (GoferCliLocal *local,
                                    const char    *nameplate,
                                    GSourceFunc    done,
                                    gpointer       user_data)
{
  g_printerr ("%s\n", _("This transfer stays on this network: no server outside it is used."));
  local->announced = done;
  local->announced_data = user_data;
  gofer_local_host_announce_async (GOFER_LOCAL_HOST (local->host), nameplate, local->cancellable,
                                   announced_cb, local);
}

static void
lingered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GoferCliLocal *local = user_data;

  gofer_local_host_linger_finish (GOFER_LOCAL_HOST (source), result);
  if (!g_cancellable_is_cancelled (local->cancellable))
    local->lingered (local->lingered_data);
}

void
gofer_cli_local_linger (GoferCliLocal *local,
                        GSourceFunc    done,
                        gpointer       user_data)
{
  local->lingered = done;
  local->lingered_data = user_data;
  gofer_local_host_linger_async (GOFER_LOCAL_HOST (local->host), local->cancellable,
                                 lingered_cb, local);
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

void
gofer_cli_local_announce (GoferCliLocal *local,
                          const char    *code,
                          GSourceFunc    done,
                          gpointer       user_data)
{
  g_return_if_reached ();
}

void
gofer_cli_local_linger (GoferCliLocal *local,
                        GSourceFunc    done,
                        gpointer       user_data)
{
  g_return_if_reached ();
}

void
gofer_cli_local_announce_nameplate (GoferCliLocal *local,
                                    const char    *nameplate,
                                    GSourceFunc    done,
                                    gpointer       user_data)
{
  g_return_if_reached ();
}
#endif

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
