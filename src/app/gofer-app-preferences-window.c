/* gofer-app-preferences-window.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-preferences-window-private.h"

#include <glib/gi18n.h>

#include "gofer-app-a11y.h"
#include "gofer-app-settings.h"

G_DEFINE_FINAL_TYPE (GoferAppPreferencesWindow, gofer_app_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

typedef gboolean (*ValidateFunc) (const char *text);

static void
update_download_folder (GoferAppPreferencesWindow *self)
{
  g_autoptr(GFile) folder = gofer_app_settings_dup_download_folder (self->settings);
  g_autofree char *custom = g_settings_get_string (self->settings,
                                                   GOFER_APP_SETTINGS_DOWNLOAD_FOLDER);
  g_autofree char *name = g_file_get_parse_name (folder);

  adw_action_row_set_subtitle (self->download_folder_row, name);
  gtk_widget_set_visible (GTK_WIDGET (self->download_folder_reset_button), custom[0] != '\0');
}

static void
update_entry_row (GoferAppPreferencesWindow *self,
                  AdwEntryRow               *row,
                  const char                *key)
{
  g_autofree char *value = g_settings_get_string (self->settings, key);

  /* Setting the same text again would bring the ✓ back: nothing is left
   * to apply. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value) != 0)
    {
      /* The row would take the saved value for an edit not yet applied. */
      adw_entry_row_set_show_apply_button (row, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (row), value);
      adw_entry_row_set_show_apply_button (row, TRUE);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
settings_changed_cb (GoferAppPreferencesWindow *self,
                     const char                *key,
                     GSettings                 *settings)
{
  if (g_strcmp0 (key, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER) == 0)
    update_download_folder (self);
  else if (g_strcmp0 (key, GOFER_APP_SETTINGS_MAILBOX_URL) == 0)
    update_entry_row (self, self->mailbox_row, key);
  else if (g_strcmp0 (key, GOFER_APP_SETTINGS_TRANSIT_HELPER) == 0)
    update_entry_row (self, self->transit_row, key);
}

/* An empty field goes back to the default; a bad one stays in the row, marked,
 * and is not saved. */
static void
apply_entry_row (GoferAppPreferencesWindow *self,
                 AdwEntryRow               *row,
                 const char                *key,
                 ValidateFunc               validate,
                 const char                *complaint)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (text[0] == '\0')
    {
      g_settings_reset (self->settings, key);
      update_entry_row (self, row, key);
      return;
    }

  if (!validate (text))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (complaint));
      return;
    }

  g_settings_set_string (self->settings, key, text);
}

static void
mailbox_apply_cb (GoferAppPreferencesWindow *self)
{
  apply_entry_row (self, self->mailbox_row, GOFER_APP_SETTINGS_MAILBOX_URL,
                   gofer_app_settings_is_valid_mailbox_url,
                   _("The mailbox server must be a ws:// or wss:// address."));
}

static void
transit_apply_cb (GoferAppPreferencesWindow *self)
{
  apply_entry_row (self, self->transit_row, GOFER_APP_SETTINGS_TRANSIT_HELPER,
                   gofer_app_settings_is_valid_transit_helper,
                   _("The transit relay must look like tcp:HOST:PORT."));
}

static void
row_changed_cb (GtkEditable *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
download_folder_reset_cb (GoferAppPreferencesWindow *self)
{
  g_settings_reset (self->settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER);
}

static void
chooser_response_cb (GoferAppPreferencesWindow *self,
                     int                        response,
                     GtkFileChooserNative      *chooser)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);

  if (folder == NULL)
    return;

  if (!(path = g_file_get_path (folder)))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Choose a folder on this computer.")));
      return;
    }

  g_settings_set_string (self->settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER, path);
}

static void
download_folder_choose_cb (GoferAppPreferencesWindow *self)
{
  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Download Folder"),
                                                   GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Select"),
                                                   _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      g_signal_connect_object (self->chooser, "response",
                               G_CALLBACK (chooser_response_cb), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
gofer_app_preferences_window_dispose (GObject *object)
{
  GoferAppPreferencesWindow *self = (GoferAppPreferencesWindow *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), GOFER_APP_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (gofer_app_preferences_window_parent_class)->dispose (object);
}

static void
gofer_app_preferences_window_class_init (GoferAppPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gofer_app_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               GOFER_APP_RESOURCE_PATH "/gofer-app-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GoferAppPreferencesWindow, download_folder_row);
  gtk_widget_class_bind_template_child (widget_class, GoferAppPreferencesWindow, download_folder_reset_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppPreferencesWindow, code_length_spin);
  gtk_widget_class_bind_template_child (widget_class, GoferAppPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, GoferAppPreferencesWindow, local_only_switch);
  gtk_widget_class_bind_template_child (widget_class, GoferAppPreferencesWindow, mailbox_row);
  gtk_widget_class_bind_template_child (widget_class, GoferAppPreferencesWindow, transit_row);
  gtk_widget_class_bind_template_callback (widget_class, mailbox_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, transit_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, download_folder_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, download_folder_choose_cb);
}

static void
gofer_app_preferences_window_init (GoferAppPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gofer_app_a11y_name_buttons (GTK_WIDGET (self));

  self->settings = gofer_app_settings_new ();
  g_settings_bind (self->settings, GOFER_APP_SETTINGS_CODE_LENGTH,
                   self->code_length_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED,
                   self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, GOFER_APP_SETTINGS_LOCAL_NETWORK_ONLY,
                   self->local_only_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  update_download_folder (self);
  update_entry_row (self, self->mailbox_row, GOFER_APP_SETTINGS_MAILBOX_URL);
  update_entry_row (self, self->transit_row, GOFER_APP_SETTINGS_TRANSIT_HELPER);
}

GtkWidget *
gofer_app_preferences_window_new (GtkWindow *transient_for)
{
  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);

  return g_object_new (GOFER_APP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "modal", transient_for != NULL,
                       NULL);
}
