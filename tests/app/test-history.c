/* test-history.c: the transfer history: its file, its window, and a
 * transfer between two windows that is still listed after the app started
 * again
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gofer-app-application.h"
#include "gofer-app-history-window-private.h"
#include "gofer-app-history.h"
#include "gofer-app-send-flow.h"
#include "gofer-app-settings.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-window-private.h"

#define WAIT_MS 30000
#define NBSP "\xc2\xa0"

#define WAIT_UNTIL(condition) \
  G_STMT_START { \
    gint64 end_ = g_get_monotonic_time () + WAIT_MS * 1000; \
    while (!(condition) && g_get_monotonic_time () < end_) \
      g_main_context_iteration (NULL, FALSE); \
    g_assert_true (condition); \
  } G_STMT_END

/* The folder of the whole run: $XDG_DATA_HOME, set before GLib reads it. */
static char *data_home;

static char *
history_path (void)
{
  return g_build_filename (data_home, "gofer", "history.ini", NULL);
}

static GoferAppHistoryEntry *
new_file_entry (const char *name,
                const char *code,
                gint64      time)
{
  g_autofree char *path = g_build_filename ("/tmp", name, NULL);
  g_autoptr(GFile) location = g_file_new_for_path (path);
  GoferAppHistoryEntry *entry;

  entry = gofer_app_history_entry_new (GOFER_APP_HISTORY_RECEIVED, GOFER_APP_HISTORY_FILE, name,
                                       2100000, location);
  gofer_app_history_entry_set_peer (entry, code, FALSE);
  gofer_app_history_entry_set_time (entry, time);
  return entry;
}

/* Written, read again in a new history as after a restart, in order and
 * whole; a text never; the file is the person's alone. */
static void
test_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gofer-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "history.ini", NULL);
  g_autoptr(GoferAppHistory) history = gofer_app_history_new (path);
  g_autoptr(GoferAppHistory) again = NULL;
  g_autoptr(GoferAppHistoryEntry) first = new_file_entry ("photo.jpg", "7-guitarist-revenge",
                                                           1767225600);
  g_autoptr(GoferAppHistoryEntry) text = NULL;
  g_autoptr(GoferAppHistoryEntry) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf info;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);
  gofer_app_history_add (history, first);
  text = gofer_app_history_entry_new (GOFER_APP_HISTORY_SENT, GOFER_APP_HISTORY_TEXT,
                                      "the door code is 4711", 21, NULL);
  gofer_app_history_entry_set_peer (text, "3-ambient-cowbell", TRUE);
  gofer_app_history_add (history, text);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 2);
  /* Written from an idle callback: not yet, then soon. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "4711"));

  again = gofer_app_history_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_clear_object (&loaded);
  loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_cmpint (gofer_app_history_entry_get_kind (loaded), ==, GOFER_APP_HISTORY_TEXT);
  g_assert_cmpint (gofer_app_history_entry_get_direction (loaded), ==, GOFER_APP_HISTORY_SENT);
  g_assert_null (gofer_app_history_entry_get_name (loaded));
  g_assert_cmpuint (gofer_app_history_entry_get_size (loaded), ==, 21);
  g_assert_true (gofer_app_history_entry_get_in_conversation (loaded));
  {
    g_autofree char *title = gofer_app_history_entry_dup_title (loaded);
    g_autofree char *description = gofer_app_history_entry_describe (loaded);

    g_assert_cmpstr (title, ==, "Text");
    g_assert_true (g_str_has_prefix (description, "Sent in the conversation 3-ambient-cowbell · "));
    g_assert_true (g_str_has_suffix (description, " · 21 characters"));
  }
  g_clear_object (&loaded);
  loaded = g_list_model_get_item (G_LIST_MODEL (again), 1);
  g_assert_cmpstr (gofer_app_history_entry_get_name (loaded), ==, "photo.jpg");
  g_assert_cmpstr (gofer_app_history_entry_get_code (loaded), ==, "7-guitarist-revenge");
  g_assert_cmpint (gofer_app_history_entry_get_time (loaded), ==, 1767225600);
  g_assert_cmpuint (gofer_app_history_entry_get_size (loaded), ==, 2100000);
  g_assert_cmpstr (g_file_peek_path (gofer_app_history_entry_get_location (loaded)), ==,
                   "/tmp/photo.jpg");
  {
    g_autofree char *description = gofer_app_history_entry_describe (loaded);

    g_assert_true (g_str_has_prefix (description, "Received with the code 7-guitarist-revenge · "));
    g_assert_true (g_str_has_suffix (description, " · 2.1" NBSP "MB\nSaved in /tmp"));
  }

  /* Cleared, and so on disk. */
  gofer_app_history_clear (again);
  g_assert_true (gofer_app_history_save (again, &error));
  g_assert_no_error (error);
  g_clear_object (&again);
  again = gofer_app_history_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);

  gofer_test_remove_tree (dir);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_items)
{
  /* What a list box bound to it would have after the change. */
  *n_items = *n_items - removed + added;
}

/* Only so many: the oldest go first; a file that is no history is kept
 * aside and a new one starts; only local files can be opened. */
static void
test_bounds (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gofer-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.ini", NULL);
  g_autofree char *bad = g_strconcat (path, ".bad", NULL);
  g_autoptr(GoferAppHistory) history = gofer_app_history_new (path);
  g_autoptr(GoferAppHistory) again = NULL;
  g_autoptr(GoferAppHistoryEntry) newest = NULL;
  g_autoptr(GoferAppHistoryEntry) oldest = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items = 0;

  g_signal_connect (history, "items-changed", G_CALLBACK (count_changes_cb), &n_items);
  for (guint i = 0; i < GOFER_APP_HISTORY_MAX_ENTRIES + 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("file-%u", i);
      g_autoptr(GoferAppHistoryEntry) entry = new_file_entry (name, "1-a-b", 1767225600 + i);

      gofer_app_history_add (history, entry);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, GOFER_APP_HISTORY_MAX_ENTRIES);
  g_assert_cmpuint (n_items, ==, GOFER_APP_HISTORY_MAX_ENTRIES);
  newest = g_list_model_get_item (G_LIST_MODEL (history), 0);
  oldest = g_list_model_get_item (G_LIST_MODEL (history), GOFER_APP_HISTORY_MAX_ENTRIES - 1);
  g_assert_cmpstr (gofer_app_history_entry_get_name (newest), ==, "file-504");
  g_assert_cmpstr (gofer_app_history_entry_get_name (oldest), ==, "file-5");
  g_assert_true (gofer_app_history_save (history, &error));
  g_assert_no_error (error);

  /* Not a key file at all. */
  g_assert_true (g_file_set_contents (path, "\x01\x02 not [a key file\n=", -1, NULL));
  again = gofer_app_history_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);
  g_assert_true (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_object (&again);

  /* Groups that are no transfer are skipped; a link is never a place. */
  g_assert_true (g_file_set_contents (path,
                                      "[transfer 0]\ndirection=received\nkind=file\nname=a\nsize=1\n"
                                      "time=1\nlocation=https://example.org/a\n"
                                      "[transfer 1]\ndirection=sideways\nkind=file\nsize=1\ntime=1\n"
                                      "[transfer 2]\ndirection=sent\nkind=file\nname=b\nsize=x\ntime=1\n"
                                      "[other]\ndirection=sent\nkind=file\nsize=1\ntime=1\n",
                                      -1, NULL));
  again = gofer_app_history_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_clear_object (&newest);
  newest = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_cmpstr (gofer_app_history_entry_get_name (newest), ==, "a");
  g_assert_null (gofer_app_history_entry_get_location (newest));

  gofer_test_remove_tree (dir);
}

static GtkWidget *
row_at (GoferAppHistoryWindow *window,
        int                    index)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (window->list, index));
}

/* A button of a row, found by its key. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *key)
{
  if (GTK_IS_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), key) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, key);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Empty, then a row per transfer with Open and Show in Folder; Clear asks
 * first; and it fits a phone in both colour schemes. */
static void
test_window (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gofer-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.ini", NULL);
  g_autoptr(GoferAppHistory) history = gofer_app_history_new (path);
  g_autoptr(GoferAppHistoryEntry) entry = new_file_entry ("Holiday photos from the lake, 2026.zip",
                                                           "4711-adroitness-component-stairway",
                                                           1767225600);
  g_autoptr(GoferAppHistoryEntry) text = NULL;
  GoferAppHistoryWindow *window;
  AdwStyleManager *style = adw_style_manager_get_default ();

  window = GOFER_APP_HISTORY_WINDOW (gofer_app_history_window_new (NULL, history));
  gtk_window_present (GTK_WINDOW (window));
  gofer_test_pump (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->clear_button)));
  g_free (gofer_test_save_screenshot (GTK_WIDGET (window), "history-empty"));

  gofer_app_history_add (history, entry);
  text = gofer_app_history_entry_new (GOFER_APP_HISTORY_SENT, GOFER_APP_HISTORY_TEXT, NULL, 42, NULL);
  gofer_app_history_entry_set_peer (text, "7-guitarist-revenge", FALSE);
  gofer_app_history_add (history, text);
  gofer_test_pump (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->clear_button)));

  /* Newest first: the text, without buttons; then the file, with both. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (window, 0))), ==, "Text");
  g_assert_null (find_button (row_at (window, 0), GOFER_APP_HISTORY_ROW_OPEN_KEY));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (window, 1))), ==,
                   "Holiday photos from the lake, 2026.zip");
  gtk_test_accessible_assert_property (find_button (row_at (window, 1), GOFER_APP_HISTORY_ROW_OPEN_KEY),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Open");
  gtk_test_accessible_assert_property (find_button (row_at (window, 1), GOFER_APP_HISTORY_ROW_FOLDER_KEY),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Show in Folder");
  /* /tmp/Holiday… is not there: said at once, nothing is launched. */
  g_signal_emit_by_name (find_button (row_at (window, 1), GOFER_APP_HISTORY_ROW_OPEN_KEY), "clicked");

  for (guint d = 0; d < 2; d++)
    {
      adw_style_manager_set_color_scheme (style, d ? ADW_COLOR_SCHEME_FORCE_DARK
                                                   : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint w = 0; w < 2; w++)
        {
          int width = w ? 1280 : 360;
          g_autofree char *name = g_strdup_printf ("history-%d-%s", width, d ? "dark" : "light");

          gtk_window_set_default_size (GTK_WINDOW (window), width, 640);
          gofer_test_pump (300);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width + 24);
          g_assert_cmpuint (gofer_test_assert_labels_fit (GTK_WIDGET (window)), >, 0);
          g_free (gofer_test_save_screenshot (GTK_WIDGET (window), name));
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Clear asks; Cancel keeps the list, Clear empties it. */
  g_signal_emit_by_name (window->clear_button, "clicked");
  g_assert_nonnull (window->clear_dialog);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (window->clear_dialog),
                                                               "clear"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->clear_dialog), "cancel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 2);
  g_signal_emit_by_name (window->clear_button, "clicked");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->clear_dialog), "clear");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
  gofer_test_remove_tree (dir);
}

/* --- a transfer, then the app started again --- */

static GoferAppApplication *
register_application (void)
{
  GoferAppApplication *app = gofer_app_application_new ();
  g_autoptr(GError) error = NULL;

  /* Tests share one session bus: do not claim the app's bus name. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* The history window app.history opens. */
static GoferAppHistoryWindow *
open_history (GoferAppApplication *app)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "history", NULL);
  gofer_test_pump (200);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (GOFER_APP_IS_HISTORY_WINDOW (l->data))
      return l->data;
  g_assert_not_reached ();
}

/* The first run: one window sends, the app's own window receives as a
 * person does (the code typed, Receive, Accept); the history lists it. */
static void
test_restart_transfer (void)
{
  GoferTestServers *servers = NULL;
  g_autoptr(GoferAppApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GoferAppFlow) sender = NULL;
  g_autofree char *source_dir = NULL;
  g_autofree char *downloads = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  GoferAppWindow *sender_window;
  GoferAppWindow *window;
  GoferAppHistoryWindow *history_window;
  GtkWidget *row;

  if (!g_test_subprocess ())
    return;

  servers = gofer_test_servers_start ();
  settings = gofer_app_settings_new ();
  gofer_test_servers_apply (servers, settings);
  source_dir = g_dir_make_tmp ("gofer-history-source-XXXXXX", NULL);
  downloads = g_build_filename (data_home, "Downloads", NULL);
  g_assert_cmpint (g_mkdir_with_parents (downloads, 0700), ==, 0);
  g_settings_set_string (settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER, downloads);
  path = gofer_test_make_file (source_dir, "lake.jpg", 200 * 1024, &contents);
  file = g_file_new_for_path (path);
  g_list_store_append (files, file);

  app = register_application ();
  window = gofer_app_application_get_main_window (app);
  gtk_window_present (GTK_WINDOW (window));
  sender_window = gofer_app_window_new (NULL);
  gtk_window_present (GTK_WINDOW (sender_window));
  sender = GOFER_APP_FLOW (gofer_app_send_flow_new_files (sender_window, settings,
                                                          G_LIST_MODEL (files)));
  gofer_app_flow_start (sender);
  gofer_test_wait_for_state (sender, GOFER_APP_FLOW_STATE_CODE);

  gofer_app_window_set_code_text (window, gofer_app_send_flow_get_code (GOFER_APP_SEND_FLOW (sender)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  WAIT_UNTIL (g_str_equal (gofer_app_window_get_page (window), GOFER_APP_PAGE_OFFER));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.accept-offer", NULL);
  WAIT_UNTIL (g_str_equal (gofer_app_window_get_page (window), GOFER_APP_PAGE_DONE));
  gofer_test_wait_for_state (sender, GOFER_APP_FLOW_STATE_DONE);
  saved = g_build_filename (downloads, "lake.jpg", NULL);
  gofer_test_assert_file_contents (saved, contents);

  /* In the history at once, under the code, with where it went. */
  history_window = open_history (app);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (history_window->list, 0));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "lake.jpg");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "Received with the code "));
  g_assert_null (gtk_list_box_get_row_at_index (history_window->list, 1));
  /* The keyboard starts on it: Enter opens it. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (history_window)) == row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  gofer_test_pump (300);
  g_free (gofer_test_save_screenshot (GTK_WIDGET (history_window), "history-after-transfer"));

  /* Written to disk soon after, as a quit would. */
  {
    g_autofree char *file_path = history_path ();

    WAIT_UNTIL (g_file_test (file_path, G_FILE_TEST_EXISTS));
  }
  gtk_window_destroy (GTK_WINDOW (history_window));
  gtk_window_destroy (GTK_WINDOW (sender_window));
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
  gofer_test_remove_tree (source_dir);
  gofer_test_servers_stop (servers);
}

/* The second run, a new process with the same data folder: the row is
 * still there, and its file where it says. */
static void
test_restart_reopen (void)
{
  g_autoptr(GoferAppApplication) app = NULL;
  g_autofree char *saved = g_build_filename (data_home, "Downloads", "lake.jpg", NULL);
  GoferAppHistoryWindow *history_window;
  g_autoptr(GoferAppHistoryEntry) entry = NULL;
  GtkWidget *row;

  if (!g_test_subprocess ())
    return;

  app = register_application ();
  history_window = open_history (app);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (history_window->list, 0));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "lake.jpg");
  entry = g_list_model_get_item (G_LIST_MODEL (gofer_app_application_get_history (app)), 0);
  g_assert_cmpstr (g_file_peek_path (gofer_app_history_entry_get_location (entry)), ==, saved);
  g_assert_cmpuint (gofer_app_history_entry_get_size (entry), ==, 200 * 1024);
  g_assert_nonnull (gofer_app_history_entry_get_code (entry));
  gofer_test_pump (300);
  g_free (gofer_test_save_screenshot (GTK_WIDGET (history_window), "history-after-restart"));
  gtk_window_destroy (GTK_WINDOW (history_window));
  gofer_test_pump (50);
}

/* #15 Beyond Warp: a transfer in one run is in the history of the next. */
static void
test_restart (void)
{
  g_autofree char *path = history_path ();

  g_remove (path);
  g_test_trap_subprocess ("/app/history/restart/transfer", 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_test_trap_subprocess ("/app/history/restart/reopen", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before GLib caches it: this run's own data folder. A subprocess gets
   * the same from its parent. */
  if (g_getenv ("GOFER_TEST_HISTORY_DATA_HOME") == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("gofer-test-data-XXXXXX", NULL);

      g_setenv ("GOFER_TEST_HISTORY_DATA_HOME", dir, TRUE);
    }
  data_home = g_strdup (g_getenv ("GOFER_TEST_HISTORY_DATA_HOME"));
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gofer_test_init (&argc, &argv);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);

  g_test_add_func ("/app/history/store", test_store);
  g_test_add_func ("/app/history/bounds", test_bounds);
  g_test_add_func ("/app/history/window", test_window);
  {
    g_autofree char *twist = g_find_program_in_path ("twist3");

    /* The reference servers, as in test-flows.c. */
    if (twist != NULL)
      g_test_add_func ("/app/history/restart", test_restart);
  }
  g_test_add_func ("/app/history/restart/transfer", test_restart_transfer);
  g_test_add_func ("/app/history/restart/reopen", test_restart_reopen);

  status = g_test_run ();
  if (!g_test_subprocess ())
    gofer_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
