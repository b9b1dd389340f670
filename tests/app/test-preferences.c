/* test-preferences.c: the preferences window reads and writes GSettings
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-preferences-window-private.h"
#include "gofer-app-settings.h"
#include "gofer-app-test-utils.h"

typedef struct
{
  GoferAppPreferencesWindow *window;
  GSettings                 *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = gofer_app_settings_new ();
  fixture->window = GOFER_APP_PREFERENCES_WINDOW (gofer_app_preferences_window_new (NULL));
  gtk_window_present (GTK_WINDOW (fixture->window));
  gofer_test_pump (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GoferAppPreferencesWindow *window = fixture->window;
  const char *keys[] = {
    GOFER_APP_SETTINGS_MAILBOX_URL, GOFER_APP_SETTINGS_TRANSIT_HELPER,
    GOFER_APP_SETTINGS_CODE_LENGTH, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER,
    GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED,
  };

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  gofer_test_pump (50);
  g_assert_null (window);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (fixture->settings, keys[i]);
  g_assert_finalize_object (fixture->settings);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->window->mailbox_row)), ==,
                   "ws://relay.magic-wormhole.io:4000/v1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->window->transit_row)), ==,
                   "tcp:transit.magic-wormhole.io:4001");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (fixture->window->code_length_spin), ==, 2);
  g_assert_true (gtk_switch_get_active (fixture->window->notify_switch));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->window->download_folder_reset_button)));
}

static void
test_code_length (Fixture       *fixture,
                  gconstpointer  data)
{
  g_settings_set_int (fixture->settings, GOFER_APP_SETTINGS_CODE_LENGTH, 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (fixture->window->code_length_spin), ==, 5);

  gtk_spin_button_set_value (fixture->window->code_length_spin, 7);
  g_assert_cmpint (g_settings_get_int (fixture->settings, GOFER_APP_SETTINGS_CODE_LENGTH), ==, 7);

  /* The schema's range is the spin button's range. */
  gtk_spin_button_set_value (fixture->window->code_length_spin, 20);
  g_assert_cmpint (g_settings_get_int (fixture->settings, GOFER_APP_SETTINGS_CODE_LENGTH), ==, 8);
}

static void
test_notify_switch (Fixture       *fixture,
                    gconstpointer  data)
{
  gtk_switch_set_active (fixture->window->notify_switch, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED));
  g_settings_set_boolean (fixture->settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED, TRUE);
  g_assert_true (gtk_switch_get_active (fixture->window->notify_switch));
}

static gboolean
has_user_value (GSettings  *settings,
                const char *key)
{
  g_autoptr(GVariant) value = g_settings_get_user_value (settings, key);

  return value != NULL;
}

/* The row's ✓, the button AdwEntryRow shows while there is something to
 * apply. */
static GtkWidget *
find_apply_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_has_css_class (child, "suggested-action"))
        return child;
      if ((found = find_apply_button (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
apply_shown (AdwEntryRow *row)
{
  GtkWidget *button = find_apply_button (GTK_WIDGET (row));

  g_assert_nonnull (button);
  for (GtkWidget *w = button; w != GTK_WIDGET (row); w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w) ||
        (GTK_IS_REVEALER (w) && !gtk_revealer_get_reveal_child (GTK_REVEALER (w))))
      return FALSE;
  return TRUE;
}

/* As a person applies it: types, then clicks the ✓. */
static void
apply_row (AdwEntryRow *row,
           const char  *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_assert_true (apply_shown (row));
  g_signal_emit_by_name (find_apply_button (GTK_WIDGET (row)), "clicked");
  /* #15 item 14: saved, the ✓ goes (and it stays for a bad value, which
   * was not saved). */
  if (!gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    g_assert_false (apply_shown (row));
}

static void
test_mailbox (Fixture       *fixture,
              gconstpointer  data)
{
  AdwEntryRow *row = fixture->window->mailbox_row;
  g_autofree char *value = NULL;

  apply_row (row, "wss://mailbox.example.org/v1");
  value = g_settings_get_string (fixture->settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  g_assert_cmpstr (value, ==, "wss://mailbox.example.org/v1");
  g_clear_pointer (&value, g_free);

  /* Not a WebSocket address: marked, not saved. */
  apply_row (row, "http://mailbox.example.org/");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  value = g_settings_get_string (fixture->settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  g_assert_cmpstr (value, ==, "wss://mailbox.example.org/v1");
  g_clear_pointer (&value, g_free);

  /* Empty goes back to the default. */
  apply_row (row, "");
  g_assert_false (has_user_value (fixture->settings, GOFER_APP_SETTINGS_MAILBOX_URL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "ws://relay.magic-wormhole.io:4000/v1");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
}

static void
test_transit (Fixture       *fixture,
              gconstpointer  data)
{
  AdwEntryRow *row = fixture->window->transit_row;
  g_autofree char *value = NULL;

  apply_row (row, "tcp:relay.example.org:4001");
  value = g_settings_get_string (fixture->settings, GOFER_APP_SETTINGS_TRANSIT_HELPER);
  g_assert_cmpstr (value, ==, "tcp:relay.example.org:4001");
  g_clear_pointer (&value, g_free);

  apply_row (row, "relay.example.org");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  value = g_settings_get_string (fixture->settings, GOFER_APP_SETTINGS_TRANSIT_HELPER);
  g_assert_cmpstr (value, ==, "tcp:relay.example.org:4001");
}

static void
test_download_folder (Fixture       *fixture,
                      gconstpointer  data)
{
  AdwActionRow *row = fixture->window->download_folder_row;
  g_autoptr(GFile) folder = gofer_app_settings_dup_download_folder (fixture->settings);
  g_autofree char *name = g_file_get_parse_name (folder);

  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, name);

  g_settings_set_string (fixture->settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER, "/srv/incoming & more");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "/srv/incoming & more");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->download_folder_reset_button)));

  g_signal_emit_by_name (fixture->window->download_folder_reset_button, "clicked");
  g_assert_false (has_user_value (fixture->settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, name);
}

static void
test_validators (void)
{
  g_assert_true (gofer_app_settings_is_valid_mailbox_url ("ws://relay.magic-wormhole.io:4000/v1"));
  g_assert_true (gofer_app_settings_is_valid_mailbox_url ("wss://example.org/v1"));
  g_assert_true (gofer_app_settings_is_valid_mailbox_url ("ws://127.0.0.1:4000/v1"));
  g_assert_false (gofer_app_settings_is_valid_mailbox_url ("http://example.org/"));
  g_assert_false (gofer_app_settings_is_valid_mailbox_url ("ws:///v1"));
  g_assert_false (gofer_app_settings_is_valid_mailbox_url ("relay.magic-wormhole.io"));
  g_assert_false (gofer_app_settings_is_valid_mailbox_url (NULL));

  g_assert_true (gofer_app_settings_is_valid_transit_helper ("tcp:transit.magic-wormhole.io:4001"));
  g_assert_true (gofer_app_settings_is_valid_transit_helper ("tcp:127.0.0.1:1"));
  g_assert_false (gofer_app_settings_is_valid_transit_helper ("tcp:example.org"));
  g_assert_false (gofer_app_settings_is_valid_transit_helper ("tcp::4001"));
  g_assert_false (gofer_app_settings_is_valid_transit_helper ("tcp:example.org:0"));
  g_assert_false (gofer_app_settings_is_valid_transit_helper ("tcp:example.org:65536"));
  g_assert_false (gofer_app_settings_is_valid_transit_helper ("tcp:example.org:40x"));
  g_assert_false (gofer_app_settings_is_valid_transit_helper ("udp:example.org:4001"));
  g_assert_false (gofer_app_settings_is_valid_transit_helper ("tcp:exa mple.org:4001"));
}

static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;

  gofer_test_pump (300);
  path = gofer_test_save_screenshot (GTK_WIDGET (fixture->window), "preferences");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/app/preferences/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("defaults", test_defaults);
  ADD ("code-length", test_code_length);
  ADD ("notify-switch", test_notify_switch);
  ADD ("mailbox", test_mailbox);
  ADD ("transit", test_transit);
  ADD ("download-folder", test_download_folder);
  ADD ("screenshot", test_screenshot);
#undef ADD
  g_test_add_func ("/app/preferences/validators", test_validators);

  return g_test_run ();
}
