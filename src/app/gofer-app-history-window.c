/* gofer-app-history-window.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-history-window-private.h"

#include <glib/gi18n.h>

#include "gofer-app-launcher.h"

G_DEFINE_FINAL_TYPE (GoferAppHistoryWindow, gofer_app_history_window, ADW_TYPE_WINDOW)

static void
toast (GoferAppHistoryWindow *self,
       const char            *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

typedef struct
{
  GoferAppHistoryWindow *self;
  char                  *name;
  gboolean               in_folder;
} Launch;

static void
launch_free (Launch *launch)
{
  g_object_unref (launch->self);
  g_free (launch->name);
  g_free (launch);
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Launch *launch = user_data;
  g_autoptr(GError) error = NULL;
  gboolean opened = launch->in_folder ? gofer_app_launcher_show_in_folder_finish (result, &error)
                                      : gofer_app_launcher_open_finish (result, &error);

  /* Short: a toast is one line, even on a phone. */
  if (!opened && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("history: %s: %s", launch->name, error->message);
      toast (launch->self, _("No application can open it."));
    }
  launch_free (launch);
}

/* Moved or deleted since: said at once instead of by a file manager's error. */
static void
launch (GoferAppHistoryWindow *self,
        GoferAppHistoryEntry  *entry,
        gboolean               in_folder)
{
  GFile *location = gofer_app_history_entry_get_location (entry);
  Launch *data;

  if (location == NULL)
    return;
  data = g_new0 (Launch, 1);
  data->self = g_object_ref (self);
  data->name = gofer_app_history_entry_dup_title (entry);
  data->in_folder = in_folder;
  if (!g_file_query_exists (location, NULL))
    {
      toast (self, _("It was moved or deleted."));
      launch_free (data);
      return;
    }
  if (in_folder)
    gofer_app_launcher_show_in_folder_async (GTK_WINDOW (self), location, self->cancellable,
                                             launched_cb, data);
  else
    gofer_app_launcher_open_async (GTK_WINDOW (self), location, self->cancellable, launched_cb,
                                   data);
}

static void
open_clicked_cb (GtkButton             *button,
                 GoferAppHistoryWindow *self)
{
  launch (self, g_object_get_data (G_OBJECT (button), GOFER_APP_HISTORY_ROW_OPEN_KEY), FALSE);
}

static void
folder_clicked_cb (GtkButton             *button,
                   GoferAppHistoryWindow *self)
{
  launch (self, g_object_get_data (G_OBJECT (button), GOFER_APP_HISTORY_ROW_FOLDER_KEY), TRUE);
}

/* icon_name NULL: a button with the label as its text. */
static GtkWidget *
new_row_button (GoferAppHistoryWindow *self,
                GoferAppHistoryEntry  *entry,
                const char            *icon_name,
                const char            *label,
                const char            *key,
                GCallback              callback)
{
  GtkWidget *button = icon_name != NULL ? gtk_button_new_from_icon_name (icon_name)
                                        : gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  if (icon_name != NULL)
    gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), key, g_object_ref (entry), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static const char *
icon_for (GoferAppHistoryEntry *entry)
{
  switch (gofer_app_history_entry_get_kind (entry))
    {
    case GOFER_APP_HISTORY_FOLDER:
    case GOFER_APP_HISTORY_FILES:
      return "folder-symbolic";
    case GOFER_APP_HISTORY_TEXT:
      return "edit-paste-symbolic";
    case GOFER_APP_HISTORY_FILE:
    default:
      return "text-x-generic-symbolic";
    }
}

/* Name, then who, when, how much and where; Open and Show in Folder for
 * what has a place on disk. */
static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GoferAppHistoryWindow *self = user_data;
  GoferAppHistoryEntry *entry = item;
  GoferAppHistoryKind kind = gofer_app_history_entry_get_kind (entry);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_for (entry));
  g_autofree char *title = gofer_app_history_entry_dup_title (entry);
  g_autofree char *description = gofer_app_history_entry_describe (entry);

  /* Names are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gofer_app_history_entry_get_direction (entry) == GOFER_APP_HISTORY_SENT
                                    ? _("Sent") : _("Received"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (gofer_app_history_entry_get_location (entry) != NULL)
    {
      if (kind != GOFER_APP_HISTORY_FILES)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     new_row_button (self, entry, NULL, _("Open"),
                                                     GOFER_APP_HISTORY_ROW_OPEN_KEY,
                                                     G_CALLBACK (open_clicked_cb)));
          /* Enter on the row opens it too. */
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data_full (G_OBJECT (row), GOFER_APP_HISTORY_ROW_OPEN_KEY,
                                  g_object_ref (entry), g_object_unref);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_row_button (self, entry, "folder-open-symbolic", _("Show in Folder"),
                                                 GOFER_APP_HISTORY_ROW_FOLDER_KEY,
                                                 G_CALLBACK (folder_clicked_cb)));
    }
  return row;
}

static void
row_activated_cb (GoferAppHistoryWindow *self,
                  GtkListBoxRow         *row)
{
  GoferAppHistoryEntry *entry = g_object_get_data (G_OBJECT (row), GOFER_APP_HISTORY_ROW_OPEN_KEY);

  if (entry != NULL)
    launch (self, entry, FALSE);
}

static void
update_page (GoferAppHistoryWindow *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->history)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), !empty);
}

static void
clear_response_cb (AdwMessageDialog      *dialog,
                   const char            *response,
                   GoferAppHistoryWindow *self)
{
  g_clear_weak_pointer (&self->clear_dialog);
  if (g_str_equal (response, "clear"))
    gofer_app_history_clear (self->history);
}

/* Clearing cannot be undone: it asks first. The files stay. */
static void
clear_clicked_cb (GoferAppHistoryWindow *self)
{
  AdwMessageDialog *dialog;

  if (self->clear_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->clear_dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Clear the History?"),
                                                       _("The list of transfers goes. The files "
                                                         "you received stay where they are.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "clear", _("C_lear"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self, 0);
  g_set_weak_pointer (&self->clear_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gofer_app_history_window_dispose (GObject *object)
{
  GoferAppHistoryWindow *self = GOFER_APP_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->clear_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->clear_dialog));
  g_clear_weak_pointer (&self->clear_dialog);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (gofer_app_history_window_parent_class)->dispose (object);
}

static void
gofer_app_history_window_finalize (GObject *object)
{
  GoferAppHistoryWindow *self = GOFER_APP_HISTORY_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gofer_app_history_window_parent_class)->finalize (object);
}

static void
gofer_app_history_window_class_init (GoferAppHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gofer_app_history_window_dispose;
  object_class->finalize = gofer_app_history_window_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
new_empty_page (void)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "document-open-recent-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Transfers Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("What you send and receive is listed here, with where it was "
                                     "saved."));
  return page;
}

static void
gofer_app_history_window_init (GoferAppHistoryWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Transfer History"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 600);

  self->clear_button = GTK_BUTTON (gtk_button_new_from_icon_name ("user-trash-symbolic"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clear_button), _("Clear History"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Clear History"), -1);
  g_signal_connect_object (self->clear_button, "clicked", G_CALLBACK (clear_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->clear_button));
  gtk_box_append (GTK_BOX (box), header);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Transfers, newest first"), -1);
  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, new_empty_page (), "empty");
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toast_overlay, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toast_overlay));
}

GtkWidget *
gofer_app_history_window_new (GtkWindow       *transient_for,
                              GoferAppHistory *history)
{
  GoferAppHistoryWindow *self;

  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (GOFER_APP_IS_HISTORY (history), NULL);

  self = g_object_new (GOFER_APP_TYPE_HISTORY_WINDOW,
                       "transient-for", transient_for,
                       NULL);
  if (transient_for != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (transient_for));
  self->history = g_object_ref (history);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (history), create_row_cb, self, NULL);
  g_signal_connect_object (history, "items-changed", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  update_page (self);
  /* The keyboard starts on the newest transfer, not on Clear. */
  if (gtk_list_box_get_row_at_index (self->list, 0) != NULL)
    gtk_window_set_focus (GTK_WINDOW (self),
                          GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0)));
  return GTK_WIDGET (self);
}
