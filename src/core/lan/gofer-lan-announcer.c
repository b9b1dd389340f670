/* gofer-lan-announcer.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One Avahi entry group holding one service: EntryGroupNew, AddService,
 * Commit, then the group's StateChanged says "established" (2), "collision"
 * (3) or "failure" (4). Freeing the group withdraws the service, and Avahi
 * frees it by itself when our bus connection goes, so a crash leaves no
 * stale announcement behind.
 */

#include "config.h"

#include "gofer-lan-announcer.h"
#include "gofer-lan-avahi-private.h"
#include "gofer-error.h"

#include <glib/gi18n-lib.h>

#define ESTABLISH_TIMEOUT_SECONDS 5

enum {
  GROUP_UNCOMMITED,
  GROUP_REGISTERING,
  GROUP_ESTABLISHED,
  GROUP_COLLISION,
  GROUP_FAILURE,
};

struct _GoferLanAnnouncer
{
  GObject          parent_instance;

  GDBusConnection *bus;
  char            *group_path;
  guint            state_subscription;
  GTask           *publish_task;
  guint            timeout_id;
};

G_DEFINE_FINAL_TYPE (GoferLanAnnouncer, gofer_lan_announcer, G_TYPE_OBJECT)

typedef struct
{
  guint16  port;
  char    *nameplate;
} PublishData;

static void
publish_data_free (PublishData *data)
{
  g_free (data->nameplate);
  g_free (data);
}

static void
finish_publish (GoferLanAnnouncer *self,
                GError            *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->publish_task);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
state_changed_cb (GDBusConnection *bus,
                  const char      *sender,
                  const char      *path,
                  const char      *interface,
                  const char      *signal,
                  GVariant        *parameters,
                  gpointer         user_data)
{
  GoferLanAnnouncer *self = user_data;
  gint32 state;
  const char *why;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(is)")))
    return;
  g_variant_get (parameters, "(i&s)", &state, &why);
  g_debug ("lan: entry group state %d (%s)", state, why);
  if (state == GROUP_ESTABLISHED)
    finish_publish (self, NULL);
  else if (state == GROUP_COLLISION || state == GROUP_FAILURE)
    finish_publish (self, g_error_new (GOFER_ERROR, GOFER_ERROR_NO_DISCOVERY,
                                       _("The local network could not be told about this "
                                         "computer (%s). Give the receiver the server address "
                                         "shown here."), why));
}

static gboolean
establish_timeout_cb (gpointer user_data)
{
  GoferLanAnnouncer *self = user_data;

  self->timeout_id = 0;
  finish_publish (self, g_error_new_literal (GOFER_ERROR, GOFER_ERROR_NO_DISCOVERY,
                                             _("The local network service (mDNS) did not answer. "
                                               "Give the receiver the server address shown here.")));
  return G_SOURCE_REMOVE;
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferLanAnnouncer) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = _gofer_lan_avahi_call_finish (source, result, &error);
  if (reply == NULL)
    finish_publish (self, error);
}

static void
group_call (GoferLanAnnouncer *self,
            const char        *method,
            GVariant          *parameters)
{
  _gofer_lan_avahi_call (self->bus, self->group_path, AVAHI_GROUP_IFACE, method, parameters, NULL,
                         self->publish_task ? g_task_get_cancellable (self->publish_task) : NULL,
                         call_done_cb, g_object_ref (self));
}

/* A name of our own on the network: Avahi refuses two services of one type
 * with the same name, and several Gofers may send at once. */
static char *
new_service_name (void)
{
  return g_strdup_printf ("Gofer %08x", g_random_int ());
}

static GVariant *
txt_records (const char *nameplate)
{
  g_autofree char *nameplates = g_strdup_printf ("%s=%s", GOFER_LAN_TXT_NAMEPLATES, nameplate);
  const char *records[] = { GOFER_LAN_TXT_VERSION, nameplates };
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aay"));
  for (gsize i = 0; i < G_N_ELEMENTS (records); i++)
    g_variant_builder_add_value (&builder,
                                 g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, records[i],
                                                            strlen (records[i]), 1));
  return g_variant_builder_end (&builder);
}

static void
group_new_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GoferLanAnnouncer) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *name = new_service_name ();
  PublishData *data;
  GError *error = NULL;

  if (self->publish_task == NULL)
    return;
  reply = _gofer_lan_avahi_call_finish (source, result, &error);
  if (reply == NULL)
    {
      finish_publish (self, error);
      return;
    }
  g_variant_get (reply, "(o)", &self->group_path);
  self->state_subscription = _gofer_lan_avahi_subscribe (self->bus, AVAHI_GROUP_IFACE, "StateChanged",
                                                         self->group_path, state_changed_cb, self);

  data = g_task_get_task_data (self->publish_task);
  group_call (self, "AddService",
              g_variant_new ("(iiussssq@aay)", AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0u, name,
                             GOFER_LAN_SERVICE_TYPE, "", "", data->port,
                             txt_records (data->nameplate)));
  /* D-Bus keeps the order of one sender's calls: Commit follows AddService. */
  group_call (self, "Commit", NULL);
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GoferLanAnnouncer) self = user_data;
  GError *error = NULL;

  if (self->publish_task == NULL)
    return;
  if ((self->bus = _gofer_lan_avahi_bus_finish (result, &error)) == NULL)
    {
      finish_publish (self, error);
      return;
    }
  _gofer_lan_avahi_call (self->bus, AVAHI_SERVER_PATH, AVAHI_SERVER_IFACE, "EntryGroupNew", NULL,
                         G_VARIANT_TYPE ("(o)"), g_task_get_cancellable (self->publish_task),
                         group_new_cb, g_object_ref (self));
}

void
gofer_lan_announcer_publish_async (GoferLanAnnouncer   *self,
                                   guint16              port,
                                   const char          *nameplate,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  PublishData *data;

  g_return_if_fail (GOFER_IS_LAN_ANNOUNCER (self));
  g_return_if_fail (nameplate != NULL);
  g_return_if_fail (self->publish_task == NULL && self->group_path == NULL);

  self->publish_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->publish_task, gofer_lan_announcer_publish_async);
  data = g_new0 (PublishData, 1);
  data->port = port;
  data->nameplate = g_strdup (nameplate);
  g_task_set_task_data (self->publish_task, data, (GDestroyNotify)publish_data_free);
  self->timeout_id = g_timeout_add_seconds (ESTABLISH_TIMEOUT_SECONDS, establish_timeout_cb, self);
  g_bus_get (G_BUS_TYPE_SYSTEM, cancellable, bus_cb, g_object_ref (self));
}

gboolean
gofer_lan_announcer_publish_finish (GoferLanAnnouncer  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gofer_lan_announcer_withdraw (GoferLanAnnouncer *self)
{
  g_return_if_fail (GOFER_IS_LAN_ANNOUNCER (self));

  finish_publish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The announcement was withdrawn.")));
  if (self->bus == NULL)
    return;
  _gofer_lan_avahi_unsubscribe (self->bus, &self->state_subscription);
  _gofer_lan_avahi_free_object (self->bus, &self->group_path, AVAHI_GROUP_IFACE);
}

static void
gofer_lan_announcer_dispose (GObject *object)
{
  GoferLanAnnouncer *self = GOFER_LAN_ANNOUNCER (object);

  gofer_lan_announcer_withdraw (self);
  if (self->bus != NULL)
    g_dbus_connection_flush_sync (self->bus, NULL, NULL);
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (gofer_lan_announcer_parent_class)->dispose (object);
}

static void
gofer_lan_announcer_class_init (GoferLanAnnouncerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gofer_lan_announcer_dispose;
}

static void
gofer_lan_announcer_init (GoferLanAnnouncer *self)
{
}

GoferLanAnnouncer *
gofer_lan_announcer_new (void)
{
  return g_object_new (GOFER_TYPE_LAN_ANNOUNCER, NULL);
}
