/* gofer-app-test-utils.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-test-utils.h"

#include "gofer-app-window.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gofer-app-chat-view-private.h"
#include "gofer-app-help.h"
#include "gofer-app-help-window.h"
#include "gofer-app-history-window.h"
#include "gofer-app-preferences-window.h"
#include "gofer-app-settings.h"

#include <glib/gi18n-lib.h>

#ifdef __linux__
#include <signal.h>
#include <sys/prctl.h>
#endif

void
gofer_test_init (int    *argc,
                 char ***argv)
{
  GdkDisplay *display;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* AdwApplication adds the icons and style.css under its resource path
   * itself; tests build windows without one. */
  display = gdk_display_get_default ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    GOFER_APP_RESOURCE_PATH "/icons");
  gtk_css_provider_load_from_resource (css, GOFER_APP_RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

gboolean
gofer_test_press_keys (GtkWidget  *window,
                       const char *keys)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return FALSE;
    }

  /* The window takes the X input focus when presented (no window manager). */
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 200 && !gtk_window_is_active (GTK_WINDOW (window)); i++)
    gofer_test_pump (10);
  g_assert_true (gtk_window_is_active (GTK_WINDOW (window)));
  {
    g_auto(GStrv) names = g_strsplit (keys, " ", -1);
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autofree char *err = NULL;

    g_ptr_array_add (argv, xdotool);
    g_ptr_array_add (argv, (char *) "key");
    g_ptr_array_add (argv, (char *) "--delay");
    g_ptr_array_add (argv, (char *) "30");
    for (guint i = 0; names[i] != NULL; i++)
      g_ptr_array_add (argv, names[i]);
    g_ptr_array_add (argv, NULL);
    g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, &err, &status, &error));
    if (err != NULL && err[0] != '\0')
      g_test_message ("xdotool: %s", err);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  gofer_test_pump (200);
  return TRUE;
}

void
gofer_test_wait_for_state (GoferAppFlow      *flow,
                           GoferAppFlowState  state)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (gofer_app_flow_get_state (flow) != state && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  if (gofer_app_flow_get_state (flow) != state && gofer_app_flow_get_error (flow) != NULL)
    g_test_message ("flow failed: %s", gofer_app_flow_get_error (flow)->message);
  g_assert_cmpint (gofer_app_flow_get_state (flow), ==, state);
}

GdkTexture *
gofer_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = 0;
  int height = 0;

  /* A busy machine may not have drawn the window yet: a widget that is
   * not drawn snapshots to nothing, so give it a few frames. */
  for (int i = 0; i < 100 && node == NULL; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (i > 0)
        gofer_test_pump (20);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

char *
gofer_test_save_screenshot (GtkWidget  *window,
                            const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path;

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, file, NULL);

  texture = gofer_test_render_widget (window);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return path;
}

static void
check_label_fits (GtkWidget *window,
                  GtkLabel  *label,
                  guint     *checked)
{
  GtkWidget *widget = GTK_WIDGET (label);
  const char *text = gtk_label_get_text (label);
  graphene_rect_t bounds;
  PangoLayout *layout;
  int n_lines;

  if (text[0] == '\0' || !gtk_widget_compute_bounds (widget, window, &bounds))
    return;
  (*checked)++;

  /* Inside the window: nothing cut off at its edges. */
  if (bounds.origin.x < -0.5 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5)
    g_error ("label “%s” is cut off: x %.0f, width %.0f in a window %d wide", text,
             bounds.origin.x, bounds.size.width, gtk_widget_get_width (window));

  layout = gtk_label_get_layout (label);
  /* Nothing cut short with an ellipsis either, but a window's title in
   * its header bar, which GNOME shortens on a phone by design. */
  if (pango_layout_is_ellipsized (layout) && !gtk_widget_has_css_class (widget, "title"))
    g_error ("label “%s” is cut short (ellipsized) at %d px", text, gtk_widget_get_width (window));

  if (!gtk_widget_has_css_class (widget, "monospace"))
    return;
  /* A code or the check breaks, if at all, only after its dashes. */
  n_lines = pango_layout_get_line_count (layout);
  for (int i = 0; i < n_lines - 1; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      const char *all = pango_layout_get_text (layout);
      int end = line->start_index + line->length;

      if (end <= 0 || all[end - 1] != '-')
        g_error ("“%s” breaks inside a word, after “%.*s”", text, end, all);
    }
}

static void
check_labels (GtkWidget *window,
              GtkWidget *widget,
              guint     *checked)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_label_fits (window, GTK_LABEL (widget), checked);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (window, child, checked);
}

guint
gofer_test_assert_labels_fit (GtkWidget *window)
{
  guint checked = 0;

  check_labels (window, window, &checked);
  return checked;
}

static void
show_layout_page (GoferAppWindow *window,
                  const char     *page)
{
  if (g_str_equal (page, "empty"))
    {
      gofer_app_window_show_empty (window);
      gofer_app_window_set_code_text (window, "guitarist-revenge");
    }
  else if (g_str_equal (page, "text"))
    gofer_app_window_show_text_compose (window, "The door code is 4711. See you at eight!");
  else if (g_str_equal (page, "code"))
    gofer_app_window_show_code (window, "7-guitarist-revenge");
  else if (g_str_equal (page, "code-long"))
    gofer_app_window_show_code (window, "4711-adroitness-component-stairway-yesteryear");
  else if (g_str_equal (page, "waiting"))
    gofer_app_window_show_waiting (window, _("Waiting for the Sender…"), NULL);
  else if (g_str_equal (page, "offer"))
    gofer_app_window_show_offer (window, "Holiday photos", 4200000000, 312, TRUE);
  else if (g_str_equal (page, "progress"))
    {
      g_autofree char *title = g_strdup_printf (_("Receiving “%s”"), "Holiday photos");

      gofer_app_window_show_progress (window, title, 1200000000, 4200000000, 12500000);
    }
  else if (g_str_equal (page, "done"))
    {
      g_autoptr(GFile) location = g_file_new_for_path ("/home/ada/Downloads/Holiday photos");
      g_autofree char *description = g_strdup_printf (_("Saved in %s as “%s”."),
                                                      "/home/ada/Downloads", "Holiday photos");

      gofer_app_window_show_done (window, _("Received"), description, location);
    }
  else if (g_str_equal (page, "done-text"))
    gofer_app_window_show_text (window, "The door code is 4711. Directions: "
                                        "https://example.org/map?from=station&to=office");
  else if (g_str_equal (page, "error"))
    {
      g_autofree char *sentence = g_strdup_printf (_("Could not reach the relay server at %s. Check your internet connection and the server address, then try again."),
                                                   "wss://relay.magic-wormhole.io:443/v1");

      gofer_app_window_show_failure (window, _("Server Not Reachable"), sentence,
                                     "mailbox: connection refused",
                                     GOFER_APP_FAILURE_ACTION_RETRY | GOFER_APP_FAILURE_ACTION_PREFERENCES,
                                     TRUE);
    }
  else if (g_str_equal (page, "chat"))
    {
      GoferAppChatView *view = gofer_app_window_get_chat_view (window);

      gofer_app_chat_view_reset (view);
      gofer_app_chat_view_set_check (view, "3e9b-2715");
      gofer_app_chat_view_set_accepts_files (view, TRUE);
      gofer_app_chat_view_add_message (view, FALSE, 1, "Are you at the office?", 0);
      gofer_app_chat_view_add_message (view, TRUE, 1, "Yes, until six.", 0);
      gofer_app_window_show_chat (window);
    }
  else if (g_str_equal (page, "chat-ended"))
    {
      GoferAppChatView *view = gofer_app_window_get_chat_view (window);

      gofer_app_chat_view_reset (view);
      gofer_app_chat_view_set_check (view, "3e9b-2715");
      gofer_app_chat_view_add_message (view, FALSE, 1, "The plan: https://example.org/plan.pdf", 0);
      gofer_app_chat_view_add_message (view, TRUE, 1, "Thanks, bye!", 0);
      gofer_app_chat_view_end (view, _("You left the conversation."));
      gofer_app_window_show_chat (window);
    }
  else
    g_assert_not_reached ();
}

/* What makes a window wider than it should be: the widest leaves. */
static void
report_wide (GtkWidget *widget,
             int        limit)
{
  int minimum = 0;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum > limit)
    g_test_message ("  %s %s: minimum width %d%s%s", G_OBJECT_TYPE_NAME (widget),
                    gtk_widget_get_name (widget), minimum,
                    GTK_IS_LABEL (widget) ? " " : "",
                    GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "");
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    report_wide (child, limit);
}

void
gofer_test_layout_matrix (GtkWidget  *widget,
                          const char *prefix)
{
  static const char * const pages[] = { "empty", "text", "code", "code-long", "waiting", "offer",
                                        "progress", "done", "done-text", "error", "chat",
                                        "chat-ended" };
  static const int widths[] = { 360, 1280 };
  GoferAppWindow *window = GOFER_APP_WINDOW (widget);
  AdwStyleManager *style = adw_style_manager_get_default ();

  for (guint d = 0; d < 2; d++)
    {
      adw_style_manager_set_color_scheme (style, d ? ADW_COLOR_SCHEME_FORCE_DARK
                                                   : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          gtk_window_set_default_size (GTK_WINDOW (window), widths[w], widths[w] == 360 ? 720 : 800);
          for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
            {
              g_autofree char *name = g_strdup_printf ("%s-%s-%d-%s", prefix, pages[p], widths[w],
                                                       d ? "dark" : "light");
              guint checked;

              show_layout_page (window, pages[p]);
              gofer_test_pump (450);  /* the stack's crossfade, the resize */
              g_test_message ("%s: %d px wide", name, gtk_widget_get_width (widget));
              if (gtk_widget_get_width (widget) > widths[w] + 24)
                report_wide (widget, widths[w] - 60);
              g_assert_cmpint (gtk_widget_get_width (widget), <=, widths[w] + 24);
              checked = gofer_test_assert_labels_fit (widget);
              g_test_message ("%s: %u labels fit", name, checked);
              g_assert_cmpuint (checked, >, 0);
              g_free (gofer_test_save_screenshot (widget, name));
            }
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gofer_app_window_show_empty (window);
  gofer_app_window_set_code_text (window, NULL);
}

guint32
gofer_test_texture_pixel (GdkTexture *texture,
                          int         x,
                          int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);

  g_assert_true (x >= 0 && x < width && y >= 0 && y < height);

  /* gdk_texture_download writes native-endian ARGB32 (CAIRO_FORMAT_ARGB32). */
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  return pixels[y * width + x];
}

char *
gofer_test_make_file (const char  *dir,
                      const char  *name,
                      gsize        size,
                      GBytes     **contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_random_int ();
  g_file_set_contents (path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);
  *contents = g_bytes_new (data, size);
  return path;
}

void
gofer_test_assert_file_contents (const char *path,
                                 GBytes     *expected)
{
  g_autofree char *data = NULL;
  g_autoptr(GBytes) actual = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, &size, &error);
  g_assert_no_error (error);
  actual = g_bytes_new_take (g_steal_pointer (&data), size);
  g_assert_true (g_bytes_equal (actual, expected));
}

void
gofer_test_assert_dir_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

void
gofer_test_chat_write (GoferAppChatView *view,
                       const char       *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view->compose_view), text, -1);
}

char *
gofer_test_chat_dup_draft (GoferAppChatView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view->compose_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
gofer_test_chat_press_enter (GoferAppChatView *view,
                             GdkModifierType   state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (view->compose_keys, "key-pressed", GDK_KEY_Return, 36, state, &handled);
  return handled;
}

const char *
gofer_test_chat_text_at (GoferAppChatView *view,
                         int               index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (view->message_list, index);
  GtkWidget *bubble;

  g_assert_nonnull (row);
  bubble = gtk_list_box_row_get_child (row);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (bubble)));
}

gboolean
gofer_test_chat_delivered (GoferAppChatView *view,
                           guint             own_index)
{
  return own_index < view->own_marks->len &&
         gtk_widget_get_visible (g_ptr_array_index (view->own_marks, own_index));
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Test code may block: nothing else runs while the servers come up. */
static void
wait_for_port (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  for (int i = 0; i < 200; i++)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
      if (connection != NULL)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("nothing listens on port %u", port);
}

/* A test that dies on an assertion must not leave servers behind. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static GSubprocess *
spawn_twist (const char *dir,
             const char *log,
             const char *plugin,
             guint16     port,
             ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup ("twist3"));
  g_ptr_array_add (argv, g_strdup_printf ("--log-file=%s/%s", dir, log));
  g_ptr_array_add (argv, g_strdup (plugin));
  g_ptr_array_add (argv, g_strdup_printf ("--port=tcp:%u:interface=127.0.0.1", port));
  va_start (args, port);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, g_strdup_printf (arg, dir));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

GoferTestServers *
gofer_test_servers_start (void)
{
  GoferTestServers *servers = g_new0 (GoferTestServers, 1);
  g_autoptr(GError) error = NULL;
  guint16 mailbox_port = free_port ();
  guint16 relay_port = free_port ();

  servers->dir = g_dir_make_tmp ("gofer-app-servers-XXXXXX", &error);
  g_assert_no_error (error);
  servers->mailbox = spawn_twist (servers->dir, "mailbox.log", "wormhole-mailbox", mailbox_port,
                                  "--channel-db=%s/relay.sqlite", "--usage-db=%s/usage.sqlite",
                                  NULL);
  servers->relay = spawn_twist (servers->dir, "transit.log", "transitrelay", relay_port, NULL);
  wait_for_port (mailbox_port);
  wait_for_port (relay_port);

  servers->mailbox_url = g_strdup_printf ("ws://127.0.0.1:%u/v1", mailbox_port);
  servers->transit_helper = g_strdup_printf ("tcp:127.0.0.1:%u", relay_port);
  return servers;
}

void
gofer_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        gofer_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
gofer_test_servers_stop (GoferTestServers *servers)
{
  g_subprocess_force_exit (servers->mailbox);
  g_subprocess_force_exit (servers->relay);
  g_subprocess_wait (servers->mailbox, NULL, NULL);
  g_subprocess_wait (servers->relay, NULL, NULL);
  g_clear_object (&servers->mailbox);
  g_clear_object (&servers->relay);
  gofer_test_remove_tree (servers->dir);
  g_free (servers->dir);
  g_free (servers->mailbox_url);
  g_free (servers->transit_helper);
  g_free (servers);
}

void
gofer_test_servers_apply (GoferTestServers *servers,
                          GSettings        *settings)
{
  g_settings_set_string (settings, GOFER_APP_SETTINGS_MAILBOX_URL, servers->mailbox_url);
  g_settings_set_string (settings, GOFER_APP_SETTINGS_TRANSIT_HELPER, servers->transit_helper);
}

void
gofer_test_desk_set_up (GoferTestDesk     *desk,
                        GoferTestServers  *servers,
                        const char        *name,
                        GoferAppWindow   **first,
                        GoferAppWindow   **second)
{
  g_autofree char *downloads = g_strdup_printf ("gofer-%s-downloads-XXXXXX", name);
  g_autofree char *source_dir = g_strdup_printf ("gofer-%s-source-XXXXXX", name);
  g_autoptr(GError) error = NULL;

  desk->downloads = g_dir_make_tmp (downloads, &error);
  g_assert_no_error (error);
  desk->source_dir = g_dir_make_tmp (source_dir, &error);
  g_assert_no_error (error);
  desk->settings = gofer_app_settings_new ();
  if (servers != NULL)
    gofer_test_servers_apply (servers, desk->settings);
  g_settings_set_string (desk->settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER, desk->downloads);

  *first = gofer_app_window_new (NULL);
  *second = gofer_app_window_new (NULL);
  gtk_window_present (GTK_WINDOW (*first));
  gtk_window_present (GTK_WINDOW (*second));
  gofer_test_pump (50);
}

void
gofer_test_desk_tear_down (GoferTestDesk     *desk,
                           GoferAppWindow   **first,
                           GoferAppWindow   **second)
{
  g_clear_pointer ((GtkWindow **) first, gtk_window_destroy);
  g_clear_pointer ((GtkWindow **) second, gtk_window_destroy);
  gofer_test_pump (50);
  g_settings_reset (desk->settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER);
  g_clear_object (&desk->settings);
  gofer_test_remove_tree (desk->downloads);
  gofer_test_remove_tree (desk->source_dir);
  g_clear_pointer (&desk->downloads, g_free);
  g_clear_pointer (&desk->source_dir, g_free);
}

void
gofer_test_assert_finalized (GoferAppFlow **flow)
{
  if (*flow == NULL)
    return;
  /* The core holds the flow until its last callback ran. */
  gofer_test_wait_finalized (g_steal_pointer (flow), 30000, "the core lets go of the flow");
}

/* One window of gofer_test_layout_windows() at one size and scheme. */
static void
check_window_layout (GtkWidget  *window,
                     const char *name,
                     int         width)
{
  guint checked;

  gtk_window_set_default_size (GTK_WINDOW (window), width, width == 360 ? 720 : 800);
  gofer_test_pump (450);
  g_test_message ("%s: %d px wide", name, gtk_widget_get_width (window));
  if (gtk_widget_get_width (window) > width + 24)
    report_wide (window, width - 60);
  g_assert_cmpint (gtk_widget_get_width (window), <=, width + 24);
  checked = gofer_test_assert_labels_fit (window);
  g_test_message ("%s: %u labels fit", name, checked);
  g_assert_cmpuint (checked, >, 0);
  g_free (gofer_test_save_screenshot (window, name));
}

void
gofer_test_layout_windows (const char *prefix)
{
  static const int widths[] = { 360, 1280 };
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dir = g_dir_make_tmp ("gofer-layout-XXXXXX", NULL);
  g_autofree char *history_path = g_build_filename (dir, "history.ini", NULL);
  g_autoptr(GoferAppHistory) history = gofer_app_history_new (history_path);
  GtkWidget *windows[4];
  const char *names[] = { "preferences", "history", "help", "help-problems" };

  {
    g_autoptr(GFile) photos = g_file_new_for_path ("/home/ada/Downloads/Holiday photos from the lake");
    g_autoptr(GFile) report = g_file_new_for_path ("/home/ada/Documents/report.pdf");
    g_autoptr(GoferAppHistoryEntry) received = NULL;
    g_autoptr(GoferAppHistoryEntry) sent = NULL;
    g_autoptr(GoferAppHistoryEntry) text = NULL;

    received = gofer_app_history_entry_new (GOFER_APP_HISTORY_RECEIVED, GOFER_APP_HISTORY_FOLDER,
                                            "Holiday photos from the lake", 4200000000, photos);
    gofer_app_history_entry_set_peer (received, "4711-adroitness-component-stairway", FALSE);
    gofer_app_history_entry_set_time (received, 1767225600);
    sent = gofer_app_history_entry_new (GOFER_APP_HISTORY_SENT, GOFER_APP_HISTORY_FILE,
                                        "report.pdf", 2100000, report);
    gofer_app_history_entry_set_peer (sent, "7-guitarist-revenge", TRUE);
    gofer_app_history_entry_set_time (sent, 1767229200);
    text = gofer_app_history_entry_new (GOFER_APP_HISTORY_RECEIVED, GOFER_APP_HISTORY_TEXT, NULL, 42,
                                        NULL);
    gofer_app_history_entry_set_peer (text, "3-ambient-cowbell", FALSE);
    gofer_app_history_entry_set_time (text, 1767232800);
    gofer_app_history_add (history, received);
    gofer_app_history_add (history, sent);
    gofer_app_history_add (history, text);
  }

  windows[0] = gofer_app_preferences_window_new (NULL);
  windows[1] = gofer_app_history_window_new (NULL, history);
  windows[2] = gofer_app_help_window_new ();
  g_assert_true (gofer_app_help_window_show_topic (GOFER_APP_HELP_WINDOW (windows[2]), "index", NULL));
  windows[3] = gofer_app_help_window_new ();
  g_assert_true (gofer_app_help_window_show_topic (GOFER_APP_HELP_WINDOW (windows[3]), "problems", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      gtk_window_present (GTK_WINDOW (windows[i]));
      for (guint d = 0; d < 2; d++)
        {
          adw_style_manager_set_color_scheme (style, d ? ADW_COLOR_SCHEME_FORCE_DARK
                                                       : ADW_COLOR_SCHEME_FORCE_LIGHT);
          for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
            {
              g_autofree char *name = g_strdup_printf ("%s-%s-%d-%s", prefix, names[i], widths[w],
                                                       d ? "dark" : "light");

              check_window_layout (windows[i], name, widths[w]);
            }
        }
      gtk_window_destroy (GTK_WINDOW (windows[i]));
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gofer_test_pump (50);
  g_clear_object (&history);
  gofer_test_remove_tree (dir);
}
