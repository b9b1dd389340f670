/* gofer-app-window.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-window-private.h"

#include <glib/gi18n.h>

#include "gofer-app-a11y.h"
#include "gofer-app-format.h"
#include "gofer-app-launcher.h"
#include "gofer-app-secret.h"
#include "gofer-app-settings.h"
#include "gofer.h"

#define PULSE_INTERVAL_MS 120
/* Numbers that change ten times a second cannot be read, and each change
 * costs a layout: the text follows the bar twice a second. */
#define PROGRESS_TEXT_INTERVAL_US (G_USEC_PER_SEC / 2)
/* A server answers in a second or two and a sender who shows the code
 * connects at once: after this, the page says what may be wrong. */
#define LATE_AFTER_MS 15000

G_DEFINE_FINAL_TYPE (GoferAppWindow, gofer_app_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _gofer_app_window_signals[GOFER_APP_WINDOW_N_SIGNALS];

static gboolean
page_is_idle (const char *page)
{
  return g_strcmp0 (page, GOFER_APP_PAGE_EMPTY) == 0 ||
         g_strcmp0 (page, GOFER_APP_PAGE_TEXT) == 0 ||
         g_strcmp0 (page, GOFER_APP_PAGE_DONE) == 0 ||
         g_strcmp0 (page, GOFER_APP_PAGE_ERROR) == 0;
}

gboolean
_gofer_app_window_page_is (GoferAppWindow *self,
                           const char     *page)
{
  return g_strcmp0 (gofer_app_window_get_page (self), page) == 0;
}

/* AdwStatusPage:description is markup; names and error texts are not. */
static void
set_status_description (AdwStatusPage *page,
                        const char    *text)
{
  g_autofree char *escaped = text ? g_markup_escape_text (text, -1) : NULL;

  adw_status_page_set_description (page, escaped);
}

/* Whether the text page holds something other than white space. */
gboolean
_gofer_app_window_has_text_draft (GoferAppWindow *self)
{
  g_autofree char *draft = gofer_app_window_dup_text_draft (self);

  return g_strstrip (draft)[0] != '\0';
}

static void
update_actions (GoferAppWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !gofer_app_window_is_busy (self);
  gboolean has_code = _gofer_app_window_page_is (self, GOFER_APP_PAGE_CODE) && self->code != NULL;
  gboolean offer = _gofer_app_window_page_is (self, GOFER_APP_PAGE_OFFER);
  gboolean error = _gofer_app_window_page_is (self, GOFER_APP_PAGE_ERROR);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));
  gboolean chat_files;

  /* In a conversation, chosen files go to the other side like dropped ones. */
  chat_files = _gofer_app_window_page_is (self, GOFER_APP_PAGE_CHAT) &&
               gofer_app_chat_view_get_accepts_files (self->chat_view);
  gtk_widget_action_set_enabled (widget, "win.send-files", idle || chat_files);
  gtk_widget_action_set_enabled (widget, "win.send-folder", idle || chat_files);
  gtk_widget_action_set_enabled (widget, "win.start-conversation", idle);
  gtk_widget_action_set_enabled (widget, "win.compose-text", idle);
  gtk_widget_action_set_enabled (widget, "win.send-text",
                                 idle && _gofer_app_window_page_is (self, GOFER_APP_PAGE_TEXT) && _gofer_app_window_has_text_draft (self));
  gtk_widget_action_set_enabled (widget, "win.paste", idle);
  gtk_widget_action_set_enabled (widget, "win.receive", idle && typed[0] != '\0');
  gtk_widget_action_set_enabled (widget, "win.copy-code", has_code);
  gtk_widget_action_set_enabled (widget, "win.copy-link", has_code);
  gtk_widget_action_set_enabled (widget, "win.cancel", !idle && !offer);
  gtk_widget_action_set_enabled (widget, "win.accept-offer", offer);
  gtk_widget_action_set_enabled (widget, "win.decline-offer", offer);
  gtk_widget_action_set_enabled (widget, "win.save-offer-as", offer);
  gtk_widget_action_set_enabled (widget, "win.copy-text", self->done_text != NULL);
  gtk_widget_action_set_enabled (widget, "win.open-received", self->done_location != NULL);
  gtk_widget_action_set_enabled (widget, "win.show-in-folder", self->done_location != NULL);
  gtk_widget_action_set_enabled (widget, "win.unpack-received",
                                 self->done_location != NULL && self->done_unpack != NULL &&
                                 !self->unpacking);
  gtk_widget_action_set_enabled (widget, "win.copy-error-details",
                                 error && self->error_details != NULL);
  gtk_widget_action_set_enabled (widget, "win.retry", error && self->failure_actions &
                                 (GOFER_APP_FAILURE_ACTION_RETRY | GOFER_APP_FAILURE_ACTION_SEND_AGAIN));

  /* A busy window refuses drops, so the pointer shows it before the drop. */
  gtk_drop_target_set_actions (self->drop_target, idle ? GDK_ACTION_COPY : 0);
}

static void
stop_pulse (GoferAppWindow *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
stop_late (GoferAppWindow *self)
{
  g_clear_handle_id (&self->late_id, g_source_remove);
}

static void
forget_chat_offer (GoferAppWindow *self)
{
  if (self->chat_offer == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chat_offer, self);
  g_clear_object (&self->chat_offer);
}

/* The offer's notification goes: answered, or no longer there to answer. */
static void
withdraw_offer (GoferAppWindow *self)
{
  forget_chat_offer (self);
  gofer_app_notifier_withdraw_offer (self->notifier);
}

static void
set_page (GoferAppWindow *self,
          const char     *page)
{
  if (g_strcmp0 (page, GOFER_APP_PAGE_PROGRESS) != 0)
    {
      stop_pulse (self);
      stop_late (self);
    }
  /* Answered here or in the notification: the notification has done its
   * job. A conversation's offer waits in its row, on the chat page. */
  if (g_strcmp0 (page, GOFER_APP_PAGE_OFFER) != 0 &&
      !(g_strcmp0 (page, GOFER_APP_PAGE_CHAT) == 0 && self->chat_offer != NULL))
    withdraw_offer (self);

  if (_gofer_app_window_page_is (self, page))
    {
      update_actions (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, page);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* A sentence under the entry: an error (no code can look like this) or a
 * warning (a word not in the list); none when the code looks right. */
void
_gofer_app_window_set_code_hint (GoferAppWindow *self,
                                 const char     *sentence,
                                 gboolean        is_error)
{
  GtkWidget *entry = GTK_WIDGET (self->code_entry);
  GtkWidget *hint = GTK_WIDGET (self->code_hint_label);

  gtk_label_set_text (self->code_hint_label, sentence ? sentence : "");
  gtk_widget_set_visible (hint, sentence != NULL);
  if (sentence != NULL && is_error)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_widget_add_css_class (hint, "error");
      gtk_widget_remove_css_class (hint, "warning");
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_remove_css_class (hint, "error");
      if (sentence != NULL)
        gtk_widget_add_css_class (hint, "warning");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               sentence != NULL && is_error ? GTK_ACCESSIBLE_INVALID_TRUE
                                                            : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (sentence != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    sentence, -1);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    _("The code the sender’s computer shows"), -1);
}

/* Checked as typed: the words against the word list the completer uses. */
static void
code_entry_changed_cb (GoferAppWindow *self)
{
  gboolean is_error = FALSE;
  g_autofree char *hint = gofer_app_check_typed_code (gofer_app_window_get_code_text (self),
                                                      &is_error);

  _gofer_app_window_set_code_hint (self, hint, is_error);
  update_actions (self);
}

static void
code_entry_activate_cb (GoferAppWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.receive", NULL);
}

/* The person answered in the offer's notification, as if in the window. */
static void
offer_answered_cb (GoferAppWindow *self,
                   gboolean        accept)
{
  gtk_window_present (GTK_WINDOW (self));
  if (self->chat_offer != NULL)
    {
      g_autoptr(GoferConversationTransfer) transfer = g_object_ref (self->chat_offer);
      g_autoptr(GFile) folder = gofer_app_window_dup_download_folder (self);

      /* As the row's Accept and Decline do; the row follows its state. */
      withdraw_offer (self);
      if (gofer_conversation_transfer_get_state (transfer) != GOFER_CONVERSATION_TRANSFER_OFFERED)
        return;
      if (accept)
        gofer_conversation_transfer_accept (transfer, folder);
      else
        gofer_conversation_transfer_decline (transfer);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), accept ? "win.accept-offer" : "win.decline-offer",
                              NULL);
}

static gboolean
destroy_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   GoferAppWindow   *self)
{
  g_clear_weak_pointer (&self->close_dialog);

  if (g_str_equal (response, "background"))
    {
      /* The application keeps running while a flow holds it; the
       * notification says when it is done. */
      g_debug ("window: the transfer goes on in the background");
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
    }
  else if (g_str_equal (response, "stop"))
    {
      g_debug ("window: stopped and closed");
      g_signal_emit (self, _gofer_app_window_signals[CANCEL_REQUESTED], 0);
      /* Not under the dialog's feet: it is still answering. */
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (self), g_object_unref);
    }
}

/* Closing while a transfer or a conversation runs asks first: the window
 * may go while the transfer goes on. */
static void
ask_before_closing (GoferAppWindow *self)
{
  gboolean chat = _gofer_app_window_page_is (self, GOFER_APP_PAGE_CHAT);
  AdwMessageDialog *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       chat ? _("Leave the Conversation?")
                                                            : _("Stop the Transfer?"),
                                                       NULL));
  adw_message_dialog_set_body (dialog, chat ? _("Closing the window ends the conversation for "
                                                "both of you.")
                                            : _("Closing the window stops the transfer. Gofer can "
                                                "keep it running in the background and tell you "
                                                "when it is done."));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (!chat)
    adw_message_dialog_add_response (dialog, "background", _("Run in _Background"));
  adw_message_dialog_add_response (dialog, "stop", chat ? _("_Leave") : _("_Stop Transfer"));
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  if (!chat)
    adw_message_dialog_set_response_appearance (dialog, "background", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, chat ? "cancel" : "background");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  g_set_weak_pointer (&self->close_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
gofer_app_window_close_request (GtkWindow *window)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (window);

  if (gofer_app_window_is_busy (self))
    {
      ask_before_closing (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (gofer_app_window_parent_class)->close_request (window);
}

static void
gofer_app_window_dispose (GObject *object)
{
  GoferAppWindow *self = (GoferAppWindow *)object;

  g_cancellable_cancel (self->cancellable);
  stop_pulse (self);
  stop_late (self);
  if (self->close_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->close_dialog));
  g_clear_weak_pointer (&self->close_dialog);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->save_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->save_chooser));
  g_clear_object (&self->save_chooser);
  g_clear_object (&self->completer);
  forget_chat_offer (self);
  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->done_location);
  g_clear_object (&self->camera);

  gtk_widget_dispose_template (GTK_WIDGET (self), GOFER_APP_TYPE_WINDOW);

  G_OBJECT_CLASS (gofer_app_window_parent_class)->dispose (object);
}

static void
gofer_app_window_finalize (GObject *object)
{
  GoferAppWindow *self = (GoferAppWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->code, gofer_app_secret_free);
  g_clear_pointer (&self->code_mailbox_url, g_free);
  g_clear_pointer (&self->done_text, g_free);
  g_clear_pointer (&self->done_unpack, g_free);
  g_clear_pointer (&self->offer_name, g_free);
  g_clear_pointer (&self->error_details, g_free);
  g_clear_pointer (&self->pairing_folder, g_free);
  g_clear_pointer (&self->help_topic, g_free);
  g_clear_pointer (&self->late_description, g_free);

  G_OBJECT_CLASS (gofer_app_window_parent_class)->finalize (object);
}

static void
gofer_app_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GoferAppWindow *self = GOFER_APP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, gofer_app_window_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  _gofer_app_window_signals[SEND_REQUESTED] =
    g_signal_new ("send-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);
  _gofer_app_window_signals[RECEIVE_REQUESTED] =
    g_signal_new ("receive-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  _gofer_app_window_signals[OFFER_RESPONSE] =
    g_signal_new ("offer-response", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  _gofer_app_window_signals[OFFER_SAVE_AS] =
    g_signal_new ("offer-save-as", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);
  _gofer_app_window_signals[CANCEL_REQUESTED] =
    g_signal_new ("cancel-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  _gofer_app_window_signals[CONVERSATION_REQUESTED] =
    g_signal_new ("conversation-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  _gofer_app_window_signals[RETRY_REQUESTED] =
    g_signal_new ("retry-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  _gofer_app_window_signals[MEET_REQUESTED] =
    g_signal_new ("meet-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_LIST_MODEL);
  _gofer_app_window_signals[SEND_TEXT_REQUESTED] =
    g_signal_new ("send-text-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}


static void
gofer_app_window_class_init (GoferAppWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  window_class->close_request = gofer_app_window_close_request;
  object_class->dispose = gofer_app_window_dispose;
  object_class->finalize = gofer_app_window_finalize;
  object_class->get_property = gofer_app_window_get_property;

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         GOFER_APP_PAGE_EMPTY,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
  install_signals (object_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               GOFER_APP_RESOURCE_PATH "/gofer-app-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, send_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, paired_group);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, paired_list);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, conversation_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, code_entry);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, scan_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, receive_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, code_hint_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, send_text_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, send_folder_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, text_title_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, send_text_confirm_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, code_title_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, code_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, code_payload_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, code_note_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, qr_code);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, copy_code_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, progress_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, progress_page);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, offer_page);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, offer_destination_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, accept_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, save_as_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, decline_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, done_page);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, done_text_frame);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, done_text_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, show_in_folder_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, unpack_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, copy_text_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, chat_view);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, error_details_expander);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, error_details_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, send_again_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, error_back_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppWindow, error_help_button);
  gtk_widget_class_bind_template_callback (widget_class, code_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_entry_changed_cb);

  _gofer_app_window_install_actions (widget_class);

  g_type_ensure (GOFER_APP_TYPE_QR_CODE);
  g_type_ensure (GOFER_APP_TYPE_CHAT_VIEW);
}

/* Ctrl+Enter sends, before the text view makes it a new line. */
static void
add_text_view_shortcut (GoferAppWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.send-text")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.send-text")));
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);
}

/* Ctrl+V into the empty code entry is the window's paste: files are sent,
 * a code lands in the entry, and any other text goes to the "text" page
 * instead of becoming a code that cannot work. */
static gboolean
code_entry_key_pressed_cb (GoferAppWindow  *self,
                           guint            keyval,
                           guint            keycode,
                           GdkModifierType  state)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));

  if ((keyval != GDK_KEY_v && keyval != GDK_KEY_V) ||
      (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) != GDK_CONTROL_MASK || typed[0] != '\0')
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self), "win.paste", NULL);
}

static void
add_code_entry_paste (GoferAppWindow *self)
{
  GtkEventController *controller = gtk_event_controller_key_new ();

  self->code_entry_keys = controller;
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (code_entry_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->code_entry), controller);
}

static void
gofer_app_window_init (GoferAppWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gofer_app_a11y_name_buttons (GTK_WIDGET (self));

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->cancellable = g_cancellable_new ();
  self->late_after_ms = LATE_AFTER_MS;
  self->settings = gofer_app_settings_new ();
  self->completer = gofer_app_code_completer_new (self->code_entry, self->settings);
  self->notifier = gofer_app_notifier_new ();
  g_signal_connect_object (self->notifier, "offer-answered", G_CALLBACK (offer_answered_cb), self,
                           G_CONNECT_SWAPPED);

  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (_gofer_app_window_drop_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
  g_signal_connect_object (self->chat_view, "notify::active", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat_view, "notify::accepts-files", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  add_text_view_shortcut (self);
  add_code_entry_paste (self);
  _gofer_app_window_find_camera (self);
  _gofer_app_window_paired_init (self);

  update_actions (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->send_button));
}

GoferAppWindow *
gofer_app_window_new (GtkApplication *application)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (GOFER_APP_TYPE_WINDOW, "application", application, NULL);
}

const char *
gofer_app_window_get_page (GoferAppWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* Busy means a transfer owns the window: no new send or receive may start.
 * An ended conversation stays readable but no longer owns it. */
gboolean
gofer_app_window_is_busy (GoferAppWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), FALSE);

  if (_gofer_app_window_page_is (self, GOFER_APP_PAGE_CHAT))
    return gofer_app_chat_view_is_active (self->chat_view);
  return !page_is_idle (gofer_app_window_get_page (self));
}

void
gofer_app_window_show_empty (GoferAppWindow *self)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  g_clear_pointer (&self->code, gofer_app_secret_free);
  gtk_label_set_text (self->code_label, "");
  gofer_app_window_set_code_payload (self, NULL);
  gofer_app_qr_code_set_text (self->qr_code, NULL);
  gofer_app_window_update_paired (self);
  set_page (self, GOFER_APP_PAGE_EMPTY);
  /* The first Tab or Enter reaches the page, not the header bar. */
  gtk_widget_grab_focus (GTK_WIDGET (self->send_button));
}

void
gofer_app_window_show_text_compose (GoferAppWindow *self,
                                    const char     *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  if (gofer_app_window_is_busy (self))
    {
      gofer_app_window_add_toast (self, _("Wait until this transfer is done, then send the text."));
      return;
    }

  buffer = gtk_text_view_get_buffer (self->text_view);
  if (text != NULL)
    gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  set_page (self, GOFER_APP_PAGE_TEXT);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

char *
gofer_app_window_dup_text_draft (GoferAppWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_code_on_server (GoferAppWindow *self,
                     const char     *code,
                     const char     *title,
                     const char     *note,
                     const char     *mailbox_url)
{
  g_autofree char *link = NULL;

  gtk_label_set_text (self->code_title_label, title);
  gtk_label_set_text (self->code_note_label, note);
  gtk_label_set_selectable (self->code_note_label, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->code_note_label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->code_note_label), "heading");
  g_clear_pointer (&self->code, gofer_app_secret_free);
  self->code = g_strdup (code);
  g_free (self->code_mailbox_url);
  self->code_mailbox_url = g_strdup (mailbox_url);
  link = _gofer_app_window_link_for_code (self, code);

  gtk_label_set_text (self->code_label, code);
  gofer_app_qr_code_set_text (self->qr_code, link);
  set_page (self, GOFER_APP_PAGE_CODE);
  /* Enter copies the code; Escape cancels. */
  gtk_widget_grab_focus (GTK_WIDGET (self->copy_code_button));
}

static void
show_code_with_texts (GoferAppWindow *self,
                      const char     *code,
                      const char     *title,
                      const char     *note)
{
  show_code_on_server (self, code, title, note, NULL);
}

void
gofer_app_window_show_local_code (GoferAppWindow *self,
                                  const char     *code,
                                  const char     *mailbox_url,
                                  const char     *command,
                                  const char     *problem)
{
  g_autofree char *note = NULL;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (code != NULL && mailbox_url != NULL && command != NULL);

  /* Translators: the second line is a command for another wormhole program */
  note = g_strdup_printf (_("No server could be reached, so this transfer stays on this network: "
                            "Gofer on the other computer finds it by the code. Another Magic "
                            "Wormhole app receives with:\n%s"), command);
  /* Without mDNS the other Gofer finds nothing: the person must know. */
  if (problem != NULL)
    {
      char *with_problem = g_strdup_printf ("%s\n\n%s", note, problem);

      g_free (note);
      note = with_problem;
    }
  show_code_on_server (self, code, _("Tell the Receiver This Code"), note, mailbox_url);
  gtk_label_set_selectable (self->code_note_label, TRUE);
}

void
gofer_app_window_show_code (GoferAppWindow *self,
                            const char     *code)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (code != NULL);

  show_code_with_texts (self, code, _("Tell the Receiver This Code"),
                        _("Anyone who has the code can receive the files. Keep this window "
                          "open until the transfer is done."));
}

void
gofer_app_window_set_code_payload (GoferAppWindow *self,
                                   const char     *what)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  gtk_label_set_text (self->code_payload_label, what ? what : "");
  gtk_widget_set_visible (GTK_WIDGET (self->code_payload_label), what != NULL);
}

void
gofer_app_window_set_code_status (GoferAppWindow *self,
                                  const char     *status)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (status != NULL);

  gtk_label_set_text (self->code_note_label, status);
  gtk_widget_remove_css_class (GTK_WIDGET (self->code_note_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->code_note_label), "heading");
}

void
gofer_app_window_show_conversation_code (GoferAppWindow *self,
                                         const char     *code)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (code != NULL);

  gofer_app_window_set_code_payload (self, NULL);
  show_code_with_texts (self, code, _("Tell the Other Person This Code"),
                        _("Whoever types this code in Gofer joins the conversation. Keep this "
                          "window open until they do."));
}

void
gofer_app_window_show_chat (GoferAppWindow *self)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  set_page (self, GOFER_APP_PAGE_CHAT);
  gtk_widget_grab_focus (GTK_WIDGET (self->chat_view));
}

GoferAppChatView *
gofer_app_window_get_chat_view (GoferAppWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), NULL);

  return self->chat_view;
}

static gboolean
pulse_cb (gpointer user_data)
{
  GoferAppWindow *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

void
gofer_app_window_show_progress (GoferAppWindow *self,
                                const char     *title,
                                guint64         bytes_done,
                                guint64         bytes_total,
                                double          bytes_per_second)
{
  g_autofree char *description = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean same_page;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  stop_late (self);
  same_page = _gofer_app_window_page_is (self, GOFER_APP_PAGE_PROGRESS) &&
              g_strcmp0 (adw_status_page_get_title (self->progress_page), title) == 0;
  adw_status_page_set_title (self->progress_page, title);

  /* Without a size yet (connecting, waiting for the other side) the bar pulses. */
  if (bytes_total == 0)
    {
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
    }
  else
    {
      stop_pulse (self);
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     MIN (1.0, (double) bytes_done / (double) bytes_total));
      if (same_page && bytes_done < bytes_total &&
          now - self->progress_text_us < PROGRESS_TEXT_INTERVAL_US)
        return;
      description = gofer_app_format_progress (bytes_done, bytes_total, bytes_per_second);
    }

  self->progress_text_us = now;
  set_status_description (self->progress_page, description);
  /* Focus stays off Cancel: a second Enter after Accept must not cancel;
   * Escape does. */
  set_page (self, GOFER_APP_PAGE_PROGRESS);
}

static gboolean
late_cb (gpointer user_data)
{
  GoferAppWindow *self = user_data;

  self->late_id = 0;
  if (_gofer_app_window_page_is (self, GOFER_APP_PAGE_PROGRESS))
    set_status_description (self->progress_page, self->late_description);
  return G_SOURCE_REMOVE;
}

void
gofer_app_window_show_waiting (GoferAppWindow *self,
                               const char     *title,
                               const char     *late_description)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  gofer_app_window_show_progress (self, title, 0, 0, 0);
  g_free (self->late_description);
  self->late_description = g_strdup (late_description);
  if (late_description != NULL)
    self->late_id = g_timeout_add (self->late_after_ms, late_cb, self);
}

static char *
describe_offer (guint64  bytes_total,
                guint    n_files,
                gboolean is_folder)
{
  g_autofree char *size = g_format_size (bytes_total);

  if (!is_folder)
    return g_steal_pointer (&size);

  /* Translators: the second %s is a size, e.g. "A folder with 3 files, 4.5 MB" */
  return g_strdup_printf (ngettext ("A folder with %u file, %s",
                                    "A folder with %u files, %s",
                                    n_files),
                          n_files, size);
}

void
gofer_app_window_show_offer (GoferAppWindow *self,
                             const char     *name,
                             guint64         bytes_total,
                             guint           n_files,
                             gboolean        is_folder)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *destination = NULL;
  g_autofree char *saved_as = NULL;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  /* Translators: %s is the name of the offered file or folder */
  title = g_strdup_printf (_("Receive “%s”?"), name);
  description = describe_offer (bytes_total, n_files, is_folder);
  folder = gofer_app_window_dup_download_folder (self);
  folder_name = g_file_get_parse_name (folder);
  /* A leading dot would hide it, or make it ~/.ssh in the home folder. */
  saved_as = gofer_safe_visible_name (name, "_");
  if (gofer_safe_name_is_hidden (name))
    /* Translators: the first %s is a folder, e.g. "/home/ada/Downloads", the
     * second a file name, e.g. “_ssh” */
    destination = g_strdup_printf (_("It will be saved in %s as “%s”: a name that starts with a dot would be hidden."),
                                   folder_name, saved_as);
  else
    /* Translators: %s is a folder, e.g. "/home/ada/Downloads" */
    destination = g_strdup_printf (_("It will be saved in %s."), folder_name);

  g_free (self->offer_name);
  self->offer_name = g_steal_pointer (&saved_as);
  adw_status_page_set_title (self->offer_page, title);
  set_status_description (self->offer_page, description);
  gtk_label_set_text (self->offer_destination_label, destination);
  set_page (self, GOFER_APP_PAGE_OFFER);
  /* Enter accepts, Tab reaches Save As and Decline. */
  gtk_widget_grab_focus (GTK_WIDGET (self->accept_button));
}

static void
set_done_extras (GoferAppWindow *self,
                 GFile          *location,
                 const char     *text)
{
  g_set_object (&self->done_location, location);
  g_free (self->done_text);
  self->done_text = g_strdup (text);
  g_clear_pointer (&self->done_unpack, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->unpack_button), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->open_button), location != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->show_in_folder_button), location != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_text_button), text != NULL);
  gtk_widget_set_visible (self->done_text_frame, text != NULL);
  {
    /* Shown with bidi isolates, addresses in it open when clicked; copied
     * as it came. */
    g_autofree char *shown = text != NULL ? gofer_app_format_peer_text (text) : g_strdup ("");
    g_autofree char *markup = gofer_app_format_linkify (shown);

    gtk_label_set_markup (self->done_text_label, markup);
  }
}

void
gofer_app_window_show_done (GoferAppWindow *self,
                            const char     *title,
                            const char     *description,
                            GFile          *location)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (!location || G_IS_FILE (location));

  adw_status_page_set_title (self->done_page, title);
  set_status_description (self->done_page, description);
  set_done_extras (self, location, NULL);
  set_page (self, GOFER_APP_PAGE_DONE);
}

void
gofer_app_window_offer_unpack (GoferAppWindow *self,
                               const char     *folder)
{
  g_autofree char *description = NULL;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (folder != NULL);

  g_free (self->done_unpack);
  self->done_unpack = g_strdup (folder);
  /* Translators: %s is the folder it unpacks into, such as “Holiday photos” */
  description = g_strdup_printf (_("The sender’s app packed a folder into this file. Unpack it "
                                   "into the folder “%s”"), folder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->unpack_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->unpack_button), description);
  gtk_widget_set_visible (GTK_WIDGET (self->unpack_button), TRUE);
  update_actions (self);
}

static void
unpacked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GoferAppWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = gofer_unpack_finish (result, &error);
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *toast = NULL;

  self->unpacking = FALSE;
  if (folder == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("window: unpack failed: %s", error->message);
          gofer_app_window_add_toast (self, error->message);
        }
      update_actions (self);
      return;
    }
  /* Open and Show in Folder now mean the folder. */
  name = g_file_get_basename (folder);
  g_set_object (&self->done_location, folder);
  g_clear_pointer (&self->done_unpack, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->unpack_button), FALSE);
  /* Translators: %s is a folder name */
  description = g_strdup_printf (_("Unpacked into the folder “%s”; the packed file is kept."), name);
  set_status_description (self->done_page, description);
  /* Translators: %s is a folder name */
  toast = g_strdup_printf (_("Unpacked into “%s”"), name);
  gofer_app_window_add_toast (self, toast);
  update_actions (self);
}

void
_gofer_app_window_unpack (GoferAppWindow *self)
{
  if (self->done_location == NULL || self->done_unpack == NULL || self->unpacking)
    return;
  self->unpacking = TRUE;
  update_actions (self);
  gofer_unpack_async (self->done_location, self->cancellable, unpacked_cb, g_object_ref (self));
}

void
gofer_app_window_show_text (GoferAppWindow *self,
                            const char     *text)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_status_page_set_title (self->done_page, _("Text Received"));
  set_status_description (self->done_page, NULL);
  set_done_extras (self, NULL, text);
  set_page (self, GOFER_APP_PAGE_DONE);
}

void
gofer_app_window_show_error (GoferAppWindow *self,
                             const char     *sentence,
                             const char     *details)
{
  gofer_app_window_show_failure (self, _("Transfer Failed"), sentence, details,
                                 GOFER_APP_FAILURE_ACTION_NONE, TRUE);
}

void
gofer_app_window_show_failure (GoferAppWindow         *self,
                               const char             *title,
                               const char             *sentence,
                               const char             *details,
                               GoferAppFailureActions  actions,
                               gboolean                is_error)
{
  GtkWidget *focus;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (sentence != NULL);

  self->failure_actions = actions;
  g_clear_pointer (&self->help_topic, g_free);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_icon_name (self->error_page, is_error ? "dialog-error-symbolic"
                                                            : "dialog-information-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), actions & GOFER_APP_FAILURE_ACTION_RETRY);
  gtk_widget_set_visible (GTK_WIDGET (self->send_again_button),
                          (actions & GOFER_APP_FAILURE_ACTION_SEND_AGAIN) &&
                          !(actions & GOFER_APP_FAILURE_ACTION_RETRY));
  gtk_widget_set_visible (GTK_WIDGET (self->preferences_button),
                          actions & GOFER_APP_FAILURE_ACTION_PREFERENCES);
  g_free (self->error_details);
  self->error_details = details && details[0] != '\0' ? g_strdup (details) : NULL;
  set_status_description (self->error_page, sentence);
  gtk_label_set_text (self->error_details_label, details ? details : "");
  gtk_expander_set_expanded (self->error_details_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_details_expander),
                          details != NULL && details[0] != '\0');
  set_page (self, GOFER_APP_PAGE_ERROR);
  /* A transfer running in the background tells how it ended: its window
   * is not there to say so (#15 item 4). */
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    gofer_app_notifier_notify (self->notifier, title, sentence);
  /* Enter does what helps most. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->retry_button)))
    focus = GTK_WIDGET (self->retry_button);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->send_again_button)))
    focus = GTK_WIDGET (self->send_again_button);
  else
    focus = GTK_WIDGET (self->error_back_button);
  gtk_widget_grab_focus (focus);
}

void
gofer_app_window_set_failure_help (GoferAppWindow *self,
                                   const char     *topic)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  g_free (self->help_topic);
  self->help_topic = g_strdup (topic);
}

const char *
gofer_app_window_get_code_text (GoferAppWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->code_entry));
}

void
gofer_app_window_set_code_text (GoferAppWindow *self,
                                const char     *text)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->code_entry), -1);
}

void
gofer_app_window_request_send (GoferAppWindow *self,
                               GListModel     *files)
{
  guint n_files;

  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  if ((n_files = g_list_model_get_n_items (files)) == 0)
    return;

  if (gofer_app_window_is_busy (self))
    {
      gofer_app_window_add_toast (self, _("Wait until this transfer is done, then send the files."));
      return;
    }

  g_debug ("window: send requested for %u file(s)", n_files);
  g_signal_emit (self, _gofer_app_window_signals[SEND_REQUESTED], 0, files);
}

void
gofer_app_window_add_toast (GoferAppWindow *self,
                            const char     *title)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  AdwToast *toast = adw_toast_new (title);

  /* The newest news shows at once instead of queueing behind the last. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
gofer_app_window_set_pairing_folder (GoferAppWindow *self,
                                     const char     *folder)
{
  g_return_if_fail (GOFER_APP_IS_WINDOW (self));

  g_free (self->pairing_folder);
  self->pairing_folder = g_strdup (folder);
  gofer_app_window_update_paired (self);
}

gboolean
gofer_app_window_load_pairing (GoferAppWindow    *self,
                               GoferIdentity    **identity,
                               GoferPairedPeers **peers,
                               GError           **error)
{
  g_autoptr(GoferIdentity) own = NULL;

  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), FALSE);

  /* Keys are kept in guarded memory, which needs the library ready. */
  if (!gofer_init ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The cryptography library could not start."));
      return FALSE;
    }
  own = gofer_identity_load_or_create (self->pairing_folder, error);
  if (own == NULL)
    return FALSE;
  *peers = gofer_paired_peers_load (self->pairing_folder, error);
  if (*peers == NULL)
    return FALSE;
  *identity = g_steal_pointer (&own);
  return TRUE;
}

GFile *
gofer_app_window_dup_download_folder (GoferAppWindow *self)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), NULL);

  return gofer_app_settings_dup_download_folder (self->settings);
}

static gboolean
may_notify (GoferAppWindow *self)
{
  return !gtk_window_is_active (GTK_WINDOW (self)) ||
         !g_settings_get_boolean (self->settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED);
}

gboolean
gofer_app_window_notify (GoferAppWindow *self,
                         const char     *title,
                         const char     *body)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  return may_notify (self) && gofer_app_notifier_notify (self->notifier, title, body);
}

gboolean
gofer_app_window_notify_received (GoferAppWindow *self,
                                  const char     *title,
                                  const char     *body,
                                  GFile          *location)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (location), FALSE);

  return may_notify (self) && gofer_app_notifier_notify_received (self->notifier, title, body,
                                                                  location);
}

static void
chat_offer_state_cb (GoferAppWindow *self)
{
  if (self->chat_offer != NULL &&
      gofer_conversation_transfer_get_state (self->chat_offer) != GOFER_CONVERSATION_TRANSFER_OFFERED)
    withdraw_offer (self);
}

gboolean
gofer_app_window_notify_transfer_offer (GoferAppWindow            *self,
                                        const char                *title,
                                        const char                *body,
                                        GoferConversationTransfer *transfer)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);
  g_return_val_if_fail (GOFER_IS_CONVERSATION_TRANSFER (transfer), FALSE);

  if (!_gofer_app_window_page_is (self, GOFER_APP_PAGE_CHAT) || !may_notify (self) ||
      gofer_conversation_transfer_get_state (transfer) != GOFER_CONVERSATION_TRANSFER_OFFERED)
    return FALSE;
  if (!gofer_app_notifier_notify_offer (self->notifier, title, body))
    return FALSE;
  /* The notifier replaced an older offer's notification: this one answers. */
  forget_chat_offer (self);
  self->chat_offer = g_object_ref (transfer);
  g_signal_connect_object (transfer, "notify::state", G_CALLBACK (chat_offer_state_cb), self,
                           G_CONNECT_SWAPPED);
  return TRUE;
}

gboolean
gofer_app_window_notify_offer (GoferAppWindow *self,
                               const char     *title,
                               const char     *body)
{
  g_return_val_if_fail (GOFER_APP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  return _gofer_app_window_page_is (self, GOFER_APP_PAGE_OFFER) && may_notify (self) &&
         gofer_app_notifier_notify_offer (self->notifier, title, body);
}
