/* test-launcher.c: Open and Show in Folder, through a file manager on the
 * session bus and through the default application of a private XDG set-up
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gofer-app-launcher.h"
#include "gofer-app-test-utils.h"

static char *home;
static char *marker;

static const char opener_desktop[] =
  "[Desktop Entry]\n"
  "Type=Application\n"
  "Name=Gofer Test Opener\n"
  "Exec=sh -c 'echo \"$1\" >> \"$0\"' %s %%u\n"
  "MimeType=inode/directory;application/octet-stream;text/plain;\n"
  "NoDisplay=true\n";

static const char mimeapps[] =
  "[Default Applications]\n"
  "inode/directory=gofer-test-opener.desktop\n"
  "application/octet-stream=gofer-test-opener.desktop\n"
  "text/plain=gofer-test-opener.desktop\n";

/* Before GIO reads anything: the default applications are ours. */
static void
set_up_xdg (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *apps = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *desktop_path = NULL;
  g_autofree char *mimeapps_path = NULL;

  home = g_dir_make_tmp ("gofer-launcher-XXXXXX", &error);
  g_assert_no_error (error);
  apps = g_build_filename (home, "data", "applications", NULL);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  marker = g_build_filename (home, "opened.txt", NULL);

  desktop = g_strdup_printf (opener_desktop, marker);
  desktop_path = g_build_filename (apps, "gofer-test-opener.desktop", NULL);
  mimeapps_path = g_build_filename (apps, "mimeapps.list", NULL);
  g_file_set_contents (desktop_path, desktop, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps_path, mimeapps, -1, &error);
  g_assert_no_error (error);

  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_DATA_DIRS", g_build_filename (home, "none", NULL), TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
wait_for_marker (void)
{
  char *contents = NULL;

  for (int i = 0; i < 500; i++)
    {
      if (g_file_get_contents (marker, &contents, NULL, NULL) && strchr (contents, '\n'))
        return contents;
      g_clear_pointer (&contents, g_free);
      gofer_test_pump (10);
    }
  return NULL;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = gofer_app_launcher_open_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static void
show_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = gofer_app_launcher_show_in_folder_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static GFile *
make_received_file (void)
{
  g_autofree char *path = g_build_filename (home, "report.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "received", -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_open (void)
{
  g_autoptr(GFile) file = make_received_file ();
  g_autofree char *opened = NULL;
  Outcome outcome = { 0 };

  g_unlink (marker);
  gofer_app_launcher_open_async (NULL, file, NULL, open_cb, &outcome);
  gofer_test_wait_flag (&outcome.done, 10000, "the file opens");
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  /* The default application got the file itself (%u gives local paths). */
  opened = wait_for_marker ();
  g_assert_nonnull (opened);
  g_assert_cmpstr (g_strstrip (opened), ==, g_file_peek_path (file));
}

/* --- a file manager on the session bus --- */

static const char file_manager_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.FileManager1'>"
  "    <method name='ShowItems'>"
  "      <arg type='as' name='uris' direction='in'/>"
  "      <arg type='s' name='startup_id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static char **shown_uris;

static void
file_manager_call (GDBusConnection       *connection,
                   const char            *sender,
                   const char            *path,
                   const char            *interface,
                   const char            *method,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer               user_data)
{
  g_assert_cmpstr (method, ==, "ShowItems");
  g_clear_pointer (&shown_uris, g_strfreev);
  g_variant_get (parameters, "(^ass)", &shown_uris, NULL);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
test_show_in_folder (void)
{
  static const GDBusInterfaceVTable vtable = { .method_call = file_manager_call };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (file_manager_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GFile) file = make_received_file ();
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };
  guint object_id;
  GVariant *reply;

  g_assert_nonnull (bus);
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/FileManager1",
                                                 info->interfaces[0], &vtable,
                                                 NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.FileManager1", 0x4),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_unref (reply);

  gofer_app_launcher_show_in_folder_async (NULL, file, NULL, show_cb, &outcome);
  gofer_test_wait_flag (&outcome.done, 10000, "the folder is shown");
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_nonnull (shown_uris);
  g_assert_cmpuint (g_strv_length (shown_uris), ==, 1);
  g_assert_cmpstr (shown_uris[0], ==, uri);

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ReleaseName",
                                       g_variant_new ("(s)", "org.freedesktop.FileManager1"),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_unref (reply);
  g_dbus_connection_unregister_object (bus, object_id);
  g_clear_pointer (&shown_uris, g_strfreev);
}

/* No file manager on the bus: the folder opens in the default application. */
static void
test_show_in_folder_fallback (void)
{
  g_autoptr(GFile) file = make_received_file ();
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *opened = NULL;
  Outcome outcome = { 0 };

  g_unlink (marker);
  gofer_app_launcher_show_in_folder_async (NULL, file, NULL, show_cb, &outcome);
  gofer_test_wait_flag (&outcome.done, 20000, "the folder is shown without a file manager");
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  opened = wait_for_marker ();
  g_assert_nonnull (opened);
  g_assert_cmpstr (g_strstrip (opened), ==, g_file_peek_path (folder));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  set_up_xdg ();
  gofer_test_init (&argc, &argv);

  g_test_add_func ("/app/launcher/open", test_open);
  g_test_add_func ("/app/launcher/show-in-folder", test_show_in_folder);
  g_test_add_func ("/app/launcher/show-in-folder-fallback", test_show_in_folder_fallback);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
