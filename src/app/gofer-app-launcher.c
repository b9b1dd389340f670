/* gofer-app-launcher.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-launcher.h"

#define FILE_MANAGER_NAME  "org.freedesktop.FileManager1"
#define FILE_MANAGER_PATH  "/org/freedesktop/FileManager1"
/* A file manager that is not running is D-Bus activated: give it time. */
#define FILE_MANAGER_TIMEOUT_MS 10000

typedef struct
{
  GtkWindow *parent;
  GFile     *file;
} LaunchData;

static void
launch_data_free (gpointer data)
{
  LaunchData *launch = data;

  g_clear_object (&launch->parent);
  g_clear_object (&launch->file);
  g_free (launch);
}

static GTask *
launch_task_new (GtkWindow           *parent,
                 GFile               *file,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  LaunchData *launch = g_new0 (LaunchData, 1);

  launch->parent = parent ? g_object_ref (parent) : NULL;
  launch->file = g_object_ref (file);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, launch, launch_data_free);
  return task;
}

static void
launch_uri_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The launch context carries the display and startup notification. */
static void
launch_uri (GTask *task,
            GFile *file)
{
  LaunchData *launch = g_task_get_task_data (task);
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  GdkDisplay *display;

  display = launch->parent ? gtk_widget_get_display (GTK_WIDGET (launch->parent))
                           : gdk_display_get_default ();
  if (display != NULL)
    context = gdk_display_get_app_launch_context (display);

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context),
                                           g_task_get_cancellable (task),
                                           launch_uri_cb, task);
}

void
gofer_app_launcher_open_async (GtkWindow           *parent,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = launch_task_new (parent, file, cancellable, callback, user_data,
                          gofer_app_launcher_open_async);
  launch_uri (task, file);
}

gboolean
gofer_app_launcher_open_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
open_parent_folder (GTask *task)
{
  LaunchData *launch = g_task_get_task_data (task);
  g_autoptr(GFile) folder = g_file_get_parent (launch->file);

  if (folder == NULL)
    folder = g_object_ref (launch->file);
  launch_uri (task, folder);
}

static void
show_items_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("launcher: no file manager (%s); opening the folder", error->message);
  open_parent_folder (g_steal_pointer (&task));
}

static void
session_bus_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LaunchData *launch = g_task_get_task_data (task);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  const char *uris[2] = { NULL, NULL };
  GCancellable *cancellable;

  if (!(bus = g_bus_get_finish (result, &error)))
    {
      g_debug ("launcher: no session bus (%s); opening the folder", error->message);
      open_parent_folder (g_steal_pointer (&task));
      return;
    }

  uri = g_file_get_uri (launch->file);
  uris[0] = uri;
  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (bus, FILE_MANAGER_NAME, FILE_MANAGER_PATH, FILE_MANAGER_NAME,
                          "ShowItems", g_variant_new ("(^ass)", uris, ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, FILE_MANAGER_TIMEOUT_MS,
                          cancellable, show_items_cb, g_steal_pointer (&task));
}

void
gofer_app_launcher_show_in_folder_async (GtkWindow           *parent,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = launch_task_new (parent, file, cancellable, callback, user_data,
                          gofer_app_launcher_show_in_folder_async);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, session_bus_cb, task);
}

gboolean
gofer_app_launcher_show_in_folder_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
