/* gofer-app-chat-view.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-chat-view-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gofer-app-a11y.h"
#include "gofer-app-format.h"

/* Room on the far side of a message, so whose it is shows at a glance. */
#define MESSAGE_INDENT 48

G_DEFINE_FINAL_TYPE (GoferAppChatView, gofer_app_chat_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_ACCEPTS_FILES,
  N_PROPS
};

enum {
  SEND_REQUESTED,
  LEAVE_REQUESTED,
  FILES_DROPPED,
  AUTO_SEND_REQUESTED,
  AUTO_SEND_STOP_REQUESTED,
  REMEMBER_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_blank (const char *text)
{
  return text[strspn (text, " \t\r\n")] == '\0';
}

static char *
dup_draft (GoferAppChatView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->compose_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_send_button (GoferAppChatView *self)
{
  g_autofree char *draft = dup_draft (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), self->active && !is_blank (draft));
}

/* Trailing blanks and newlines are a slip of the keyboard, not part of
 * the message. */
static void
send_draft (GoferAppChatView *self)
{
  g_autofree char *draft = dup_draft (self);
  gboolean sent = FALSE;

  g_strchomp (draft);
  if (!self->active || is_blank (draft))
    return;

  g_signal_emit (self, signals[SEND_REQUESTED], 0, draft, &sent);
  if (sent)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->compose_view), "", 0);
}

static void
send_clicked_cb (GoferAppChatView *self)
{
  send_draft (self);
}

static void
auto_send_clicked_cb (GoferAppChatView *self)
{
  g_signal_emit (self, signals[AUTO_SEND_REQUESTED], 0);
}

static void
remember_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMEMBER_REQUESTED], 0);
}

static void
auto_send_stop_clicked_cb (GoferAppChatView *self)
{
  g_signal_emit (self, signals[AUTO_SEND_STOP_REQUESTED], 0);
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   GoferAppChatView *self)
{
  g_clear_weak_pointer (&self->leave_dialog);
  if (g_str_equal (response, "leave") && self->active)
    g_signal_emit (self, signals[LEAVE_REQUESTED], 0);
}

/* Leaving cannot be undone: it asks first. */
static void
leave_clicked_cb (GoferAppChatView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (self->leave_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->leave_dialog));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Leave the Conversation?"), NULL));
  adw_message_dialog_set_body (dialog, _("The conversation ends for both of you. Its messages "
                                         "stay on this screen until you go back."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "leave", _("_Leave"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
  g_set_weak_pointer (&self->leave_dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An input method (for Chinese or Japanese, a dead key, Ctrl+Shift+U)
 * shows the text it is composing as preedit; the text view reports it,
 * and an empty preedit when the composing ends. */
static void
compose_preedit_changed_cb (GoferAppChatView *self,
                            const char       *preedit)
{
  self->composing = preedit != NULL && preedit[0] != '\0';
}

/* Captured before the text view sees the key: plain Enter sends, Enter with
 * Shift (or any other modifier) goes on to the text view as a new line.
 * While an input method composes, Enter is its key (it usually confirms
 * the composed text): the text view hands the key to the input method
 * first. */
static gboolean
compose_key_pressed_cb (GoferAppChatView *self,
                        guint             keyval,
                        guint             keycode,
                        GdkModifierType   state)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  if (self->composing)
    return FALSE;

  send_draft (self);
  return TRUE;
}

/* Files can be dropped, and a folder chosen, only while both sides can
 * take them. */
static void
update_file_controls (GoferAppChatView *self)
{
  gboolean files = self->active && self->accepts_files;

  gtk_drop_target_set_actions (self->drop_target, files ? GDK_ACTION_COPY : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->auto_send_button), files && !self->auto_sending);
  gtk_widget_set_visible (self->auto_send_bar, files && self->auto_sending);
  gtk_widget_set_visible (GTK_WIDGET (self->attach_button), files);
  gtk_widget_set_visible (GTK_WIDGET (self->attach_folder_button), files);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTS_FILES]);
}

static gboolean
drop_cb (GoferAppChatView *self,
         const GValue     *value,
         double            x,
         double            y)
{
  GdkFileList *files;
  g_autoptr(GSList) list = NULL;
  gboolean taken = FALSE;

  if (!self->active || !self->accepts_files || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if ((list = gdk_file_list_get_files (files)) == NULL)
    return FALSE;
  g_signal_emit (self, signals[FILES_DROPPED], 0, files, &taken);
  return taken;
}

/* The newest message comes into view when the list grows, unless the
 * person scrolled up to read older ones. */
static gboolean
is_at_end (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 1.0;
}

static void
scroll_to_end_cb (GoferAppChatView *self,
                  GParamSpec       *pspec,
                  GtkAdjustment    *adjustment)
{
  if (!self->follow_end)
    return;
  self->follow_end = FALSE;
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

static GtkWidget *
new_delivered_mark (guint64 seq)
{
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_widget_set_visible (mark, FALSE);
  gtk_widget_set_tooltip_text (mark, _("Delivered"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Delivered"),
                                  -1);
  g_object_set_data_full (G_OBJECT (mark), GOFER_APP_CHAT_VIEW_SEQ_KEY,
                          g_memdup2 (&seq, sizeof seq), g_free);
  return mark;
}

/* The text, then its time and, for our own, the delivered mark. */
static GtkWidget *
new_bubble (gboolean    own,
            const char *text,
            const char *time,
            GtkWidget  *mark)
{
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (NULL);
  /* Addresses in a message open when clicked (#15 item 14); the text is
   * escaped, never read as markup. */
  g_autofree char *markup = gofer_app_format_linkify (text);
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *time_label = gtk_label_new (time);

  gtk_widget_add_css_class (bubble, "chat-message");
  gtk_widget_add_css_class (bubble, own ? "own" : "peer");
  gtk_widget_set_halign (bubble, own ? GTK_ALIGN_END : GTK_ALIGN_START);
  if (own)
    gtk_widget_set_margin_start (bubble, MESSAGE_INDENT);
  else
    gtk_widget_set_margin_end (bubble, MESSAGE_INDENT);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (bubble), label);

  gtk_widget_set_halign (footer, GTK_ALIGN_END);
  gtk_widget_add_css_class (time_label, "caption");
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_box_append (GTK_BOX (footer), time_label);
  if (mark != NULL)
    gtk_box_append (GTK_BOX (footer), mark);
  gtk_box_append (GTK_BOX (bubble), footer);
  return bubble;
}

static void
gofer_app_chat_view_dispose (GObject *object)
{
  GoferAppChatView *self = (GoferAppChatView *)object;

  g_clear_pointer (&self->own_marks, g_ptr_array_unref);
  if (self->leave_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->leave_dialog));
  g_clear_weak_pointer (&self->leave_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), GOFER_APP_TYPE_CHAT_VIEW);

  G_OBJECT_CLASS (gofer_app_chat_view_parent_class)->dispose (object);
}

static void
gofer_app_chat_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GoferAppChatView *self = GOFER_APP_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ACCEPTS_FILES:
      g_value_set_boolean (value, gofer_app_chat_view_get_accepts_files (self));
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, gofer_app_chat_view_is_active (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The place to write takes the focus whenever the view gets it. */
static gboolean
gofer_app_chat_view_grab_focus (GtkWidget *widget)
{
  GoferAppChatView *self = GOFER_APP_CHAT_VIEW (widget);

  if (self->active)
    return gtk_widget_grab_focus (GTK_WIDGET (self->compose_view));
  return GTK_WIDGET_CLASS (gofer_app_chat_view_parent_class)->grab_focus (widget);
}

static void
gofer_app_chat_view_class_init (GoferAppChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gofer_app_chat_view_dispose;
  object_class->get_property = gofer_app_chat_view_get_property;
  widget_class->grab_focus = gofer_app_chat_view_grab_focus;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCEPTS_FILES] =
    g_param_spec_boolean ("accepts-files", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEND_REQUESTED] =
    g_signal_new ("send-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
  signals[LEAVE_REQUESTED] =
    g_signal_new ("leave-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[AUTO_SEND_STOP_REQUESTED] =
    g_signal_new ("auto-send-stop-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[AUTO_SEND_REQUESTED] =
    g_signal_new ("auto-send-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMEMBER_REQUESTED] =
    g_signal_new ("remember-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FILES_DROPPED] =
    g_signal_new ("files-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, GDK_TYPE_FILE_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               GOFER_APP_RESOURCE_PATH "/gofer-app-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, check_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, auto_send_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, more_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, attach_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, attach_folder_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, leave_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, auto_send_bar);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, auto_send_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, auto_send_stop_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, scroller);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, message_list);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, notice_box);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, notice_label);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, notice_back_button);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, compose_box);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, compose_view);
  gtk_widget_class_bind_template_child (widget_class, GoferAppChatView, send_button);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_send_clicked_cb);
  gtk_widget_class_install_action (widget_class, "chat.remember", NULL, remember_activated);
  gtk_widget_class_bind_template_callback (widget_class, leave_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_send_stop_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "chatview");
}

static void
gofer_app_chat_view_init (GoferAppChatView *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  gofer_app_a11y_name_buttons (GTK_WIDGET (self));

  self->active = TRUE;
  self->own_marks = g_ptr_array_new ();

  self->compose_keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->compose_keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (self->compose_keys, "key-pressed",
                           G_CALLBACK (compose_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->compose_view), self->compose_keys);
  g_signal_connect_object (self->compose_view, "preedit-changed",
                           G_CALLBACK (compose_preedit_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_text_view_get_buffer (self->compose_view), "changed",
                           G_CALLBACK (update_send_button), self, G_CONNECT_SWAPPED);
  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, 0);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (drop_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (scroll_to_end_cb), self,
                           G_CONNECT_SWAPPED);
  update_send_button (self);
}

GtkWidget *
gofer_app_chat_view_new (void)
{
  return g_object_new (GOFER_APP_TYPE_CHAT_VIEW, NULL);
}

static void
set_active (GoferAppChatView *self,
            gboolean          active)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;
  /* The keyboard was in the place to write or on Leave, which go away. */
  gboolean move_focus = !active && focus != NULL &&
                        (gtk_widget_is_ancestor (focus, self->compose_box) ||
                         focus == GTK_WIDGET (self->leave_button));

  gtk_widget_set_visible (self->compose_box, active);
  gtk_widget_set_visible (GTK_WIDGET (self->leave_button), active);
  gtk_widget_set_visible (self->notice_box, !active);
  /* Back, next to the notice, instead of the header bar's menu. */
  if (move_focus)
    gtk_widget_grab_focus (self->notice_back_button);
  if (self->active == active)
    return;
  self->active = active;
  update_send_button (self);
  update_file_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

void
gofer_app_chat_view_reset (GoferAppChatView *self)
{
  GtkWidget *row;

  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->message_list, 0))) != NULL)
    gtk_list_box_remove (self->message_list, row);
  g_ptr_array_set_size (self->own_marks, 0);
  self->n_marked = 0;
  gofer_app_chat_view_set_accepts_files (self, FALSE);
  gofer_app_chat_view_set_auto_send_folder (self, NULL);
  gofer_app_chat_view_set_can_remember (self, FALSE);
  self->n_messages = 0;
  gtk_label_set_text (self->check_label, "");
  gtk_label_set_text (self->notice_label, "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->compose_view), "", 0);
  set_active (self, TRUE);
}

void
gofer_app_chat_view_set_check (GoferAppChatView *self,
                               const char       *check)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));
  g_return_if_fail (check != NULL);

  /* Translators: %s is a short check such as 1a2b-3c4d that both screens
   * of a conversation show */
  text = g_strdup_printf (_("Check: %s"), check);
  gtk_label_set_text (self->check_label, text);
}

/* own: written here, which always brings the end into view. */
static void
append_row (GoferAppChatView *self,
            GtkWidget        *child,
            gboolean          own)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  self->follow_end = own || is_at_end (adjustment);
  gtk_list_box_append (self->message_list, row);
}

/* A screen reader says who wrote a message, and when, before its text. */
static void
name_message_row (GtkWidget  *row,
                  gboolean    own,
                  const char *text,
                  const char *time)
{
  g_autofree char *name = NULL;

  /* Translators: a chat message as a screen reader names it: the time
   * (e.g. 14:05), then the message */
  name = g_strdup_printf (own ? _("You, %s: %s") : _("Other side, %s: %s"), time, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
gofer_app_chat_view_add_message (GoferAppChatView *self,
                                 gboolean          own,
                                 guint64           seq,
                                 const char       *text,
                                 gint64            sent_unix_ms)
{
  g_autofree char *time = NULL;
  GtkWidget *mark = NULL;
  GtkWidget *bubble;

  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));
  g_return_if_fail (text != NULL);

  if (own)
    {
      mark = new_delivered_mark (seq);
      g_ptr_array_add (self->own_marks, mark);
    }
  time = gofer_app_format_message_time (sent_unix_ms);

  bubble = new_bubble (own, text, time, mark);
  append_row (self, bubble, own);
  name_message_row (gtk_widget_get_parent (bubble), own, text, time);
  self->n_messages++;
}

void
gofer_app_chat_view_add_transfer (GoferAppChatView *self,
                                  GtkWidget        *row)
{
  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (row));

  append_row (self, row, gtk_widget_get_halign (row) == GTK_ALIGN_END);
}

void
gofer_app_chat_view_set_accepts_files (GoferAppChatView *self,
                                       gboolean          accepts)
{
  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));

  self->accepts_files = accepts;
  update_file_controls (self);
}

void
gofer_app_chat_view_set_can_remember (GoferAppChatView *self,
                                      gboolean          can_remember)
{
  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));

  /* Its only choice so far: without it, no menu. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.remember", can_remember);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), can_remember);
}

gboolean
gofer_app_chat_view_get_accepts_files (GoferAppChatView *self)
{
  g_return_val_if_fail (GOFER_APP_IS_CHAT_VIEW (self), FALSE);

  return self->active && self->accepts_files;
}

gboolean
gofer_app_chat_view_offer_files (GoferAppChatView *self,
                                 GListModel       *files)
{
  g_autoptr(GSList) list = NULL;
  GdkFileList *file_list;
  gboolean taken = FALSE;
  guint n;

  g_return_val_if_fail (GOFER_APP_IS_CHAT_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), FALSE);

  if (!gofer_app_chat_view_get_accepts_files (self) || (n = g_list_model_get_n_items (files)) == 0)
    return FALSE;

  for (guint i = n; i > 0; i--)
    list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
  file_list = gdk_file_list_new_from_list (list);
  g_slist_free_full (g_steal_pointer (&list), g_object_unref);
  g_signal_emit (self, signals[FILES_DROPPED], 0, file_list, &taken);
  g_boxed_free (GDK_TYPE_FILE_LIST, file_list);
  return taken;
}

void
gofer_app_chat_view_set_auto_send_folder (GoferAppChatView *self,
                                          const char       *name)
{
  g_autofree char *label = NULL;

  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));

  /* While a folder is watched, a bar says which, with Stop. */
  self->auto_sending = name != NULL;
  /* Translators: %s is a folder name, e.g. Outgoing */
  label = name != NULL ? g_strdup_printf (_("New files in “%s” go to the other side as they "
                                            "appear."), name)
                       : NULL;
  gtk_label_set_text (self->auto_send_label, label ? label : "");
  update_file_controls (self);
}

void
gofer_app_chat_view_set_delivered (GoferAppChatView *self,
                                   guint64           seq)
{
  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));

  while (self->n_marked < self->own_marks->len)
    {
      GtkWidget *mark = g_ptr_array_index (self->own_marks, self->n_marked);
      guint64 *mark_seq = g_object_get_data (G_OBJECT (mark), GOFER_APP_CHAT_VIEW_SEQ_KEY);

      if (*mark_seq > seq)
        break;
      gtk_widget_set_visible (mark, TRUE);
      self->n_marked++;
    }
}

void
gofer_app_chat_view_end (GoferAppChatView *self,
                         const char       *notice)
{
  g_return_if_fail (GOFER_APP_IS_CHAT_VIEW (self));
  g_return_if_fail (notice != NULL);

  gtk_label_set_text (self->notice_label, notice);
  set_active (self, FALSE);
}

gboolean
gofer_app_chat_view_is_active (GoferAppChatView *self)
{
  g_return_val_if_fail (GOFER_APP_IS_CHAT_VIEW (self), FALSE);

  return self->active;
}

guint
gofer_app_chat_view_get_n_messages (GoferAppChatView *self)
{
  g_return_val_if_fail (GOFER_APP_IS_CHAT_VIEW (self), 0);

  return self->n_messages;
}
