/* gofer-app-window-paired.c: the computers remembered with Remember This
 * Computer… (#18), listed on the first page, each with Forget
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is read again from the core's store whenever the first page
 * shows, so what another window or `gofer devices forget` changed appears.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gofer-app-window-private.h"

static void
clear_rows (GoferAppWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->paired_list))) != NULL)
    gtk_list_box_remove (self->paired_list, child);
}

static gboolean
row_drop_cb (GtkDropTarget  *target,
             const GValue   *value,
             double          x,
             double          y,
             GoferAppWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (target), "gofer-paired-name");
  g_autoptr(GListModel) files = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || gofer_app_window_is_busy (self))
    return FALSE;
  files = _gofer_app_window_files_from_list (g_value_get_boxed (value));
  if (g_list_model_get_n_items (files) == 0)
    return FALSE;
  g_signal_emit (self, _gofer_app_window_signals[MEET_REQUESTED], 0, name, files);
  return TRUE;
}

/* Files dropped on a row go to that computer, not to a new code. */
static void
add_drop_target (GoferAppWindow *self,
                 GtkWidget      *row,
                 const char     *name)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_object_set_data_full (G_OBJECT (target), "gofer-paired-name", g_strdup (name), g_free);
  g_signal_connect_object (target, "drop", G_CALLBACK (row_drop_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
}

static GtkWidget *
new_row (GoferPairedPeer *peer)
{
  const char *name = gofer_paired_peer_get_name (peer);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) forget = g_menu_item_new (_("_Forget…"), NULL);
  /* Translators: %s is a remembered computer's name; the label of its menu */
  g_autofree char *menu_label = g_strdup_printf (_("Choices for “%s”"), name);

  /* A name is the other side's words: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  /* Both sides meet in a mailbox only the two can find: the other one
   * must be asked there at the same time. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Click here and on the other computer to talk without a code"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.meet-paired");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (name));
  g_menu_item_set_action_and_target_value (forget, "win.forget-paired",
                                           g_variant_new_string (name));
  g_menu_append_item (menu, forget);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, menu_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  menu_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);
  return row;
}

void
gofer_app_window_update_paired (GoferAppWindow *self)
{
  g_autoptr(GoferPairedPeers) peers = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  clear_rows (self);
  /* Listing makes no identity: that waits for the first Remember. The
   * secrets it reads need the crypto library ready, even this early.
   * Unreadable, the list stays hidden; remembering says why when tried. */
  if (!gofer_init () ||
      (peers = gofer_paired_peers_load (self->pairing_folder, &error)) == NULL)
    {
      g_debug ("window: paired computers: %s", error != NULL ? error->message : "no crypto");
      gtk_widget_set_visible (GTK_WIDGET (self->paired_group), FALSE);
      return;
    }
  list = gofer_paired_peers_list (peers);
  for (guint i = 0; i < list->len; i++)
    {
      GoferPairedPeer *peer = g_ptr_array_index (list, i);
      GtkWidget *row = new_row (peer);

      add_drop_target (self, row, gofer_paired_peer_get_name (peer));
      gtk_list_box_append (self->paired_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->paired_group), list->len > 0);
}

static void
forget (GoferAppWindow *self,
        const char     *name)
{
  g_autoptr(GoferIdentity) identity = NULL;
  g_autoptr(GoferPairedPeers) peers = NULL;
  g_autoptr(GError) error = NULL;
  GoferPairedPeer *peer;

  if (gofer_app_window_load_pairing (self, &identity, &peers, &error) &&
      (peer = gofer_paired_peers_lookup_name (peers, name)) != NULL)
    gofer_paired_peers_forget (peers, peer, &error);
  if (error != NULL)
    gofer_app_window_add_toast (self, error->message);
  gofer_app_window_update_paired (self);
}

static void
forget_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GoferAppWindow   *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "gofer-paired-name");

  if (g_strcmp0 (response, "forget") == 0)
    forget (self, name);
}

/* Forgetting cannot be undone without a code: the person confirms. */
static void
forget_paired_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GoferAppWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a remembered computer's name */
  heading = g_strdup_printf (_("Forget “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Sending to it will need a code again. The other computer "
                                     "forgets this one too the next time they meet."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "gofer-paired-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
meet_paired_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  g_signal_emit (user_data, _gofer_app_window_signals[MEET_REQUESTED], 0,
                 g_variant_get_string (parameter, NULL), NULL);
}

void
_gofer_app_window_paired_init (GoferAppWindow *self)
{
  static const GActionEntry entries[] = {
    { "forget-paired", forget_paired_activated, "s" },
    { "meet-paired", meet_paired_activated, "s" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gofer_app_window_update_paired (self);
}
