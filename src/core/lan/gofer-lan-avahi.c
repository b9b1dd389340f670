/* gofer-lan-avahi.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The D-Bus side of talking to Avahi, which the announcer and the finder
 * share: the system bus, calls to Avahi's objects, their signals, and one
 * sentence for "there is no mDNS daemon to ask".
 */

#include "config.h"

#include "gofer-lan-avahi-private.h"
#include "gofer-error.h"

#include <glib/gi18n-lib.h>

/* Turns a failure to reach Avahi into GOFER_ERROR_NO_DISCOVERY with a
 * sentence; other errors pass unchanged. Takes @error. */
static GError *
avahi_error (GError *error)
{
  /* Errors of the bus itself (no such name, an activation that failed, no
   * reply) and no system bus at all; Avahi's own errors come as
   * G_IO_ERROR_DBUS_ERROR and pass. */
  if (error->domain == G_DBUS_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED))
    {
      g_debug ("lan: no mDNS daemon: %s", error->message);
      g_error_free (error);
      return g_error_new_literal (GOFER_ERROR, GOFER_ERROR_NO_DISCOVERY,
                                  _("This computer has no service for finding others on the "
                                    "local network (mDNS, such as Avahi). Start it, or give the "
                                    "receiver the server address shown here."));
    }
  return error;
}

GDBusConnection *
_gofer_lan_avahi_bus_finish (GAsyncResult  *result,
                             GError       **error)
{
  GError *local_error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &local_error);

  if (bus == NULL)
    g_propagate_error (error, avahi_error (local_error));
  return bus;
}

void
_gofer_lan_avahi_call (GDBusConnection     *bus,
                       const char          *path,
                       const char          *interface,
                       const char          *method,
                       GVariant            *parameters,
                       const GVariantType  *reply_type,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_dbus_connection_call (bus, AVAHI_NAME, path, interface, method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable, callback, user_data);
}

GVariant *
_gofer_lan_avahi_call_finish (GObject       *bus,
                              GAsyncResult  *result,
                              GError       **error)
{
  GError *local_error = NULL;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &local_error);

  if (reply == NULL)
    g_propagate_error (error, avahi_error (local_error));
  return reply;
}

void
_gofer_lan_avahi_free_object (GDBusConnection  *bus,
                              char            **path,
                              const char       *interface)
{
  /* Fire and forget: Avahi also frees it when our connection ends. */
  if (*path != NULL)
    g_dbus_connection_call (bus, AVAHI_NAME, *path, interface, "Free", NULL, NULL,
                            G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  g_clear_pointer (path, g_free);
}

guint
_gofer_lan_avahi_subscribe (GDBusConnection     *bus,
                            const char          *interface,
                            const char          *signal,
                            const char          *path,
                            GDBusSignalCallback  callback,
                            gpointer             user_data)
{
  return g_dbus_connection_signal_subscribe (bus, AVAHI_NAME, interface, signal, path, NULL,
                                             G_DBUS_SIGNAL_FLAGS_NONE, callback, user_data, NULL);
}

void
_gofer_lan_avahi_unsubscribe (GDBusConnection *bus,
                              guint           *subscription)
{
  if (*subscription != 0)
    g_dbus_connection_signal_unsubscribe (bus, *subscription);
  *subscription = 0;
}
