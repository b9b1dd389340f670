/* gofer-local-host.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `gofer send --local`, `gofer chat --local` and the app's "this
 * network only" share: gofer-relay's servers in process
 * (gofer-relay-local.c) and the core's mDNS announcement
 * (gofer-lan-announcer.c). docs/protocol-extensions.md §8.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gofer-local-host.h"
#include "gofer-relay-local.h"
#include "gofer.h"

/* How long the host waits for the other side to hang up, at most. */
#define LINGER_SECONDS 10
#define LINGER_POLL_MS 100

struct _GoferLocalHost
{
  GObject            parent_instance;

  GoferRelayLocal   *server;
  GoferLanAnnouncer *announcer;
  char              *mailbox_url;
  char              *transit_helper;
};

G_DEFINE_FINAL_TYPE (GoferLocalHost, gofer_local_host, G_TYPE_OBJECT)

static char *
url_host (const char *address)
{
  return strchr (address, ':') ? g_strdup_printf ("[%s]", address) : g_strdup (address);
}

GoferLocalHost *
gofer_local_host_new (GError **error)
{
  g_autoptr(GoferLocalHost) self = g_object_new (GOFER_TYPE_LOCAL_HOST, NULL);
  g_autoptr(GPtrArray) addresses = gofer_lan_addresses ();
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
  self->server = gofer_relay_local_new ();
  if (!gofer_relay_local_start (self->server, (const char *const *)addresses->pdata, &local_error))
    {
      g_set_error (error, GOFER_ERROR, GOFER_ERROR_RELAY_UNREACHABLE,
                   _("Gofer could not serve the transfer on this network: %s"), local_error->message);
      return NULL;
    }

  host = url_host (g_ptr_array_index (addresses, 0));
  self->mailbox_url = g_strdup_printf ("ws://%s:%u/v1", host,
                                       gofer_relay_local_get_mailbox_port (self->server));
  self->transit_helper = g_strdup_printf ("tcp:%s:%u", host,
                                          gofer_relay_local_get_transit_port (self->server));
  g_debug ("local mailbox at %s, transit relay at %s", self->mailbox_url, self->transit_helper);
  return g_steal_pointer (&self);
}

const char *
gofer_local_host_get_mailbox_url (GoferLocalHost *self)
{
  g_return_val_if_fail (GOFER_IS_LOCAL_HOST (self), NULL);

  return self->mailbox_url;
}

const char *
gofer_local_host_get_transit_helper (GoferLocalHost *self)
{
  g_return_val_if_fail (GOFER_IS_LOCAL_HOST (self), NULL);

  return self->transit_helper;
}

char *
gofer_local_host_dup_wormhole_command (GoferLocalHost *self,
                                       const char     *code)
{
  g_return_val_if_fail (GOFER_IS_LOCAL_HOST (self), NULL);

  return g_strdup_printf ("wormhole --relay-url %s --transit-helper %s receive %s",
                          self->mailbox_url, self->transit_helper, code);
}

static void
published_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gofer_lan_announcer_publish_finish (GOFER_LAN_ANNOUNCER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gofer_local_host_announce_async (GoferLocalHost      *self,
                                 const char          *code,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *nameplate = NULL;
  GTask *task;

  g_return_if_fail (GOFER_IS_LOCAL_HOST (self));
  g_return_if_fail (code != NULL && self->announcer == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_local_host_announce_async);
  nameplate = g_strndup (code, strcspn (code, "-"));
  self->announcer = gofer_lan_announcer_new ();
  gofer_lan_announcer_publish_async (self->announcer,
                                     (guint16)gofer_relay_local_get_mailbox_port (self->server),
                                     nameplate, cancellable, published_cb, task);
}

gboolean
gofer_local_host_announce_finish (GoferLocalHost  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
linger_cb (gpointer user_data)
{
  GTask *task = user_data;
  GoferLocalHost *self = g_task_get_source_object (task);
  gint64 *until = g_task_get_task_data (task);

  if (!g_task_return_error_if_cancelled (task) &&
      gofer_relay_local_get_n_clients (self->server) > 0 && g_get_monotonic_time () < *until)
    return G_SOURCE_CONTINUE;
  if (!g_task_get_completed (task))
    g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

void
gofer_local_host_linger_async (GoferLocalHost      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  gint64 *until;
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (GOFER_IS_LOCAL_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gofer_local_host_linger_async);
  until = g_new (gint64, 1);
  *until = g_get_monotonic_time () + LINGER_SECONDS * G_USEC_PER_SEC;
  g_task_set_task_data (task, until, g_free);
  source = g_timeout_source_new (LINGER_POLL_MS);
  g_source_set_callback (source, linger_cb, task, g_object_unref);
  g_source_set_static_name (source, "[gofer] local host linger");
  g_source_attach (source, g_main_context_get_thread_default ());
}

void
gofer_local_host_linger_finish (GoferLocalHost *self,
                                GAsyncResult   *result)
{
  g_return_if_fail (g_task_is_valid (result, self));

  g_task_propagate_boolean (G_TASK (result), NULL);
}

static void
gofer_local_host_dispose (GObject *object)
{
  GoferLocalHost *self = GOFER_LOCAL_HOST (object);

  g_clear_object (&self->announcer);
  if (self->server != NULL)
    gofer_relay_local_stop (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (gofer_local_host_parent_class)->dispose (object);
}

static void
gofer_local_host_finalize (GObject *object)
{
  GoferLocalHost *self = GOFER_LOCAL_HOST (object);

  g_free (self->mailbox_url);
  g_free (self->transit_helper);

  G_OBJECT_CLASS (gofer_local_host_parent_class)->finalize (object);
}

static void
gofer_local_host_class_init (GoferLocalHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_local_host_dispose;
  object_class->finalize = gofer_local_host_finalize;
}

static void
gofer_local_host_init (GoferLocalHost *self)
{
}
