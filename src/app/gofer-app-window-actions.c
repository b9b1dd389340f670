/* gofer-app-window-actions.c: what the window's buttons, menus and keys do
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each "win.*" action, and the file choosers, clipboard and dialogs they
 * open. The pages they switch to are gofer-app-window.c's.
 */

#include "config.h"

#include "gofer-app-window-private.h"

#include <glib/gi18n.h>

#include "gofer-app-format.h"
#include "gofer-app-help.h"
#include "gofer-app-launcher.h"
#include "gofer-app-secret.h"
#include "gofer-app-settings.h"
#include "gofer.h"

static void
chooser_response_cb (GoferAppWindow       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);

  if (files == NULL)
    return;
  if (_gofer_app_window_page_is (self, GOFER_APP_PAGE_CHAT) && gofer_app_chat_view_get_accepts_files (self->chat_view))
    gofer_app_chat_view_offer_files (self->chat_view, files);
  else
    gofer_app_window_request_send (self, files);
}

/* Files, or a folder: a chooser (the portal's too) picks one kind at a time. */
static void
show_chooser (GoferAppWindow       *self,
              GtkFileChooserAction  action)
{
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  self->chooser = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_OPEN
                                               ? _("Send Files") : _("Send a Folder"),
                                               GTK_WINDOW (self), action,
                                               _("_Send"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
send_files_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  show_chooser (GOFER_APP_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
send_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  show_chooser (GOFER_APP_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
start_conversation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  g_debug ("window: conversation requested");
  g_signal_emit (widget, _gofer_app_window_signals[CONVERSATION_REQUESTED], 0);
}

static void
receive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);
  const char *typed = gofer_app_window_get_code_text (self);
  g_autoptr(GoferAppSecret) code = NULL;
  g_autoptr(GoferAppSecret) parsed = NULL;
  g_autoptr(GError) error = NULL;

  /* A pasted link may name a server or ask this side to send: the
   * application handles it as if it had been opened. */
  if (gofer_code_is_link (typed) && gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    {
      g_autoptr(GoferAppSecret) uri = g_strstrip (g_strdup (typed));
      g_autoptr(GFile) link = g_file_new_for_uri (uri);

      gofer_app_window_set_code_text (self, NULL);

      g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), &link, 1, "");
      return;
    }

  code = gofer_app_code_from_text (typed);
  if (code == NULL)
    {
      _gofer_app_window_set_code_hint (self, _("Type the code the sender’s computer shows."), TRUE);
      return;
    }
  /* A code that cannot work never reaches the server. */
  if (!(parsed = gofer_code_parse (code, NULL, &error)))
    {
      _gofer_app_window_set_code_hint (self, error->message, TRUE);
      return;
    }

  g_debug ("window: receive requested");
  /* Used: the next code starts in an empty box. */
  gofer_app_window_set_code_text (self, NULL);
  g_signal_emit (self, _gofer_app_window_signals[RECEIVE_REQUESTED], 0, code);
}

static void
paste_files_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GoferAppWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) files = NULL;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, &error);
  if (value == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gofer_app_window_add_toast (self, _("The copied files could not be pasted. Copy them again."));
      return;
    }

  files = _gofer_app_window_files_from_list (g_value_get_boxed (value));
  gofer_app_window_request_send (self, files);
}

static void
paste_text_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GoferAppWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferAppSecret) text = NULL;
  g_autoptr(GoferAppSecret) code = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  if (text == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (!(code = gofer_app_code_from_text (text)))
    {
      gofer_app_window_add_toast (self, _("There is no code to paste. Copy the code or files first."));
      return;
    }
  /* Text that cannot be a code is something to send. */
  if (!gofer_app_text_is_code (code))
    {
      gofer_app_window_show_text_compose (self, text);
      return;
    }

  gofer_app_window_show_empty (self);
  gofer_app_window_set_code_text (self, code);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

/* Files go to the sender, a code into the code entry, any other text to
 * the "text" page, to be sent. */
static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GdkContentFormats) formats = NULL;

  formats = gdk_content_formats_union_deserialize_gtypes (
      gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                    self->cancellable, paste_files_cb, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_text_async (clipboard, self->cancellable, paste_text_cb, g_object_ref (self));
  else
    gofer_app_window_add_toast (self, _("There is nothing to paste. Copy the code or files first."));
}

static void
copy_to_clipboard (GoferAppWindow *self,
                   const char     *text,
                   const char     *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  gofer_app_window_add_toast (self, toast);
}

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  copy_to_clipboard (self, self->code, _("Code copied"));
}

/* With the server, when it is not the public one: a phone that scans the
 * QR code must reach the server this Gofer waits on. */
char *
_gofer_app_window_link_for_code (GoferAppWindow *self,
                                 const char     *code)
{
  g_autofree char *url = NULL;

  /* Our own mailbox on the local network: a phone there must reach it. */
  if (self->code_mailbox_url != NULL)
    return gofer_app_link_for_code (code, self->code_mailbox_url);
  url = g_settings_get_string (self->settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  return gofer_app_link_for_code (code, url);
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);
  g_autoptr(GoferAppSecret) link = _gofer_app_window_link_for_code (self, self->code);

  copy_to_clipboard (self, link, _("Link copied"));
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  copy_to_clipboard (self, self->done_text, _("Text copied"));
}

static void
copy_error_details_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  copy_to_clipboard (self, self->error_details, _("Details copied"));
}

/* Help on the error page: the help's section for this failure. */
static void
help_on_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  gofer_app_help_show (GTK_WINDOW (self), self->help_topic != NULL ? self->help_topic : "problems");
}

static void
compose_text_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gofer_app_window_show_text_compose (GOFER_APP_WINDOW (widget), NULL);
}

static void
send_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);
  g_autofree char *text = gofer_app_window_dup_text_draft (self);

  if (!_gofer_app_window_has_text_draft (self) || gofer_app_window_is_busy (self))
    return;

  /* Sent: the draft has done its job. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  g_debug ("window: text send requested");
  g_signal_emit (self, _gofer_app_window_signals[SEND_TEXT_REQUESTED], 0, text);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  g_debug ("window: retry requested");
  gofer_app_window_show_empty (self);
  g_signal_emit (self, _gofer_app_window_signals[RETRY_REQUESTED], 0);
}

/* Escape leaves a page the way its Cancel or Back does; an offer waits for
 * an answer and a conversation for Leave. */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  if (_gofer_app_window_page_is (self, GOFER_APP_PAGE_CODE) || _gofer_app_window_page_is (self, GOFER_APP_PAGE_PROGRESS))
    gtk_widget_activate_action (widget, "win.cancel", NULL);
  else if (_gofer_app_window_page_is (self, GOFER_APP_PAGE_TEXT) || _gofer_app_window_page_is (self, GOFER_APP_PAGE_DONE) ||
           _gofer_app_window_page_is (self, GOFER_APP_PAGE_ERROR))
    gtk_widget_activate_action (widget, "win.back", NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  g_debug ("window: cancel requested");
  g_signal_emit (self, _gofer_app_window_signals[CANCEL_REQUESTED], 0);
  gofer_app_window_show_empty (self);
}

static void
accept_offer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  gofer_app_window_show_progress (self, _("Receiving…"), 0, 0, 0);
  /* The offer page is gone before the answer goes out: a second click
   * cannot answer twice. */
  g_signal_emit (self, _gofer_app_window_signals[OFFER_RESPONSE], 0, TRUE);
}

static void
decline_offer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  gofer_app_window_show_empty (self);
  g_signal_emit (self, _gofer_app_window_signals[OFFER_RESPONSE], 0, FALSE);
}

static void
save_as_response_cb (GoferAppWindow       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) target = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->save_chooser);

  /* The offer may have been answered from the notification meanwhile. */
  if (target == NULL || !_gofer_app_window_page_is (self, GOFER_APP_PAGE_OFFER))
    return;

  gofer_app_window_show_progress (self, _("Receiving…"), 0, 0, 0);
  g_signal_emit (self, _gofer_app_window_signals[OFFER_SAVE_AS], 0, target);
}

static void
save_offer_as_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);
  g_autoptr(GFile) folder = gofer_app_window_dup_download_folder (self);

  if (self->save_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
      return;
    }

  self->save_chooser = gtk_file_chooser_native_new (_("Save As"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Save"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->save_chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->save_chooser), folder, NULL);
  if (self->offer_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_chooser), self->offer_name);
  g_signal_connect_object (self->save_chooser, "response",
                           G_CALLBACK (save_as_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  gofer_app_window_show_empty (GOFER_APP_WINDOW (widget));
}

static void
open_received_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GoferAppWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gofer_app_launcher_open_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("window: open failed: %s", error->message);
  gofer_app_window_add_toast (self, _("No application could open it. Use Show in Folder instead."));
}

static void
open_received_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  gofer_app_launcher_open_async (GTK_WINDOW (self), self->done_location, self->cancellable,
                                 open_received_cb, g_object_ref (self));
}

static void
show_in_folder_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GoferAppWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gofer_app_launcher_show_in_folder_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("window: show in folder failed: %s", error->message);
  gofer_app_window_add_toast (self, _("The folder could not be shown. Open it in your file manager."));
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (widget);

  gofer_app_launcher_show_in_folder_async (GTK_WINDOW (self), self->done_location,
                                           self->cancellable, show_in_folder_cb,
                                           g_object_ref (self));
}

static void
unpack_received_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  _gofer_app_window_unpack (GOFER_APP_WINDOW (widget));
}

static void
scan_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _gofer_app_window_scan_code (GOFER_APP_WINDOW (widget));
}

void
_gofer_app_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.send-files", NULL, send_files_action);
  gtk_widget_class_install_action (widget_class, "win.send-folder", NULL, send_folder_action);
  gtk_widget_class_install_action (widget_class, "win.receive", NULL, receive_action);
  gtk_widget_class_install_action (widget_class, "win.scan-code", NULL, scan_code_action);
  gtk_widget_class_install_action (widget_class, "win.start-conversation", NULL,
                                   start_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.compose-text", NULL, compose_text_action);
  gtk_widget_class_install_action (widget_class, "win.send-text", NULL, send_text_action);
  gtk_widget_class_install_action (widget_class, "win.copy-code", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "win.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "win.copy-text", NULL, copy_text_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "win.accept-offer", NULL, accept_offer_action);
  gtk_widget_class_install_action (widget_class, "win.decline-offer", NULL, decline_offer_action);
  gtk_widget_class_install_action (widget_class, "win.save-offer-as", NULL, save_offer_as_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open-received", NULL, open_received_action);
  gtk_widget_class_install_action (widget_class, "win.show-in-folder", NULL, show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "win.unpack-received", NULL, unpack_received_action);
  gtk_widget_class_install_action (widget_class, "win.copy-error-details", NULL,
                                   copy_error_details_action);
  gtk_widget_class_install_action (widget_class, "win.help-on-error", NULL, help_on_error_action);

  /* Bubble-phase bindings: a focused entry still gets its own Ctrl+V. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.send-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.send-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "win.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "win.compose-text", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.escape", NULL);
}
