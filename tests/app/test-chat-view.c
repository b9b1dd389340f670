/* test-chat-view.c: the chat page on its own: order, delivered marks, Enter
 * and Shift+Enter, Enter with an input method, the end notice, names and the
 * narrow layout
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-app-chat-view-private.h"
#include "gofer-app-format.h"
#include "gofer-app-test-utils.h"

typedef struct
{
  GtkWindow        *window;
  GoferAppChatView *view;
  GPtrArray        *sent;          /* texts of "send-requested" */
  gboolean          accept_sends;  /* what the handler answers */
  guint             leaves;
  guint             active_notifies;
  GdkFileList      *dropped;
} Fixture;

static gboolean
send_requested_cb (GoferAppChatView *view,
                   const char       *text,
                   Fixture          *fixture)
{
  g_ptr_array_add (fixture->sent, g_strdup (text));
  return fixture->accept_sends;
}

static void
file_list_free (GdkFileList *files)
{
  g_boxed_free (GDK_TYPE_FILE_LIST, files);
}

static gboolean
files_dropped_cb (GoferAppChatView *view,
                  GdkFileList      *files,
                  Fixture          *fixture)
{
  g_clear_pointer (&fixture->dropped, file_list_free);
  fixture->dropped = g_boxed_copy (GDK_TYPE_FILE_LIST, files);
  return TRUE;
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = GOFER_APP_CHAT_VIEW (gofer_app_chat_view_new ());
  fixture->sent = g_ptr_array_new_with_free_func (g_free);
  fixture->accept_sends = TRUE;
  g_signal_connect (fixture->view, "send-requested", G_CALLBACK (send_requested_cb), fixture);
  g_signal_connect (fixture->view, "files-dropped", G_CALLBACK (files_dropped_cb), fixture);
  g_signal_connect_swapped (fixture->view, "leave-requested", G_CALLBACK (count_cb),
                            &fixture->leaves);
  g_signal_connect_swapped (fixture->view, "notify::active", G_CALLBACK (count_cb),
                            &fixture->active_notifies);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_set_default_size (fixture->window, 480, 600);
  gtk_window_present (fixture->window);
  gofer_test_pump (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;

  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  gtk_window_destroy (fixture->window);
  gofer_test_pump (50);
  g_assert_null (view);
  g_ptr_array_unref (fixture->sent);
  g_clear_pointer (&fixture->dropped, file_list_free);
}

static GtkWidget *
bubble_at (GoferAppChatView *view,
           int               index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (view->message_list, index);

  g_assert_nonnull (row);
  return gtk_list_box_row_get_child (row);
}

static void
test_messages (Fixture       *fixture,
               gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;

  gofer_app_chat_view_add_message (view, TRUE, 1, "Hello", 0);
  gofer_app_chat_view_add_message (view, FALSE, 1, "Hi! <b>not bold</b>", 1767225600000);
  gofer_app_chat_view_add_message (view, TRUE, 2, "How are you?", 0);

  /* In order, ours on the right, theirs on the left, text as it came. */
  g_assert_cmpuint (gofer_app_chat_view_get_n_messages (view), ==, 3);
  g_assert_cmpstr (gofer_test_chat_text_at (view, 0), ==, "Hello");
  g_assert_cmpstr (gofer_test_chat_text_at (view, 1), ==, "Hi! <b>not bold</b>");
  g_assert_cmpstr (gofer_test_chat_text_at (view, 2), ==, "How are you?");
  g_assert_true (gtk_widget_has_css_class (bubble_at (view, 0), "own"));
  g_assert_cmpint (gtk_widget_get_halign (bubble_at (view, 0)), ==, GTK_ALIGN_END);
  g_assert_true (gtk_widget_has_css_class (bubble_at (view, 1), "peer"));
  g_assert_cmpint (gtk_widget_get_halign (bubble_at (view, 1)), ==, GTK_ALIGN_START);

  /* Only our messages carry a mark, shown once delivered (cumulative). */
  g_assert_cmpuint (view->own_marks->len, ==, 2);
  g_assert_false (gofer_test_chat_delivered (view, 0));
  gofer_app_chat_view_set_delivered (view, 1);
  g_assert_true (gofer_test_chat_delivered (view, 0));
  g_assert_false (gofer_test_chat_delivered (view, 1));
  gofer_app_chat_view_set_delivered (view, 2);
  g_assert_true (gofer_test_chat_delivered (view, 1));
  gtk_test_accessible_assert_property (g_ptr_array_index (view->own_marks, 0),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delivered");

  gofer_app_chat_view_reset (view);
  g_assert_cmpuint (gofer_app_chat_view_get_n_messages (view), ==, 0);
  g_assert_null (gtk_list_box_get_row_at_index (view->message_list, 0));
  g_assert_cmpuint (view->own_marks->len, ==, 0);
}

/* #15 item 14: an address in a message is a link a click opens, in ours
 * and in theirs; what is not an address stays text, never markup. */
static void
test_links (Fixture       *fixture,
            gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;
  GtkLabel *label;

  gofer_app_chat_view_add_message (view, FALSE, 1,
                                   FSI "See https://example.org/a?b=1&c=2, <i>now</i>" PDI, 0);
  gofer_app_chat_view_add_message (view, TRUE, 1, "mailto:ada@example.org works too", 0);

  label = GTK_LABEL (gtk_widget_get_first_child (bubble_at (view, 0)));
  g_assert_true (gtk_label_get_use_markup (label));
  g_assert_nonnull (strstr (gtk_label_get_label (label),
                            "<a href=\"https://example.org/a?b=1&amp;c=2\">"));
  /* Shown as it came: the markup is the links' only. */
  g_assert_cmpstr (gofer_test_chat_text_at (view, 0), ==,
                   FSI "See https://example.org/a?b=1&c=2, <i>now</i>" PDI);
  label = GTK_LABEL (gtk_widget_get_first_child (bubble_at (view, 1)));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "<a href=\"mailto:ada@example.org\">"));
  g_assert_cmpstr (gofer_test_chat_text_at (view, 1), ==, "mailto:ada@example.org works too");
}

static void
test_enter (Fixture       *fixture,
            gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;
  g_autofree char *draft = NULL;
  gboolean handled = TRUE;

  /* Nothing written: Send is off and Enter sends nothing. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (view->send_button)));
  gofer_test_chat_write (view, " \n ");
  g_assert_true (gofer_test_chat_press_enter (view, 0));
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  /* Shift+Enter goes on to the text view (a new line) and sends nothing. */
  gofer_test_chat_write (view, "first line");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (view->send_button)));
  g_assert_false (gofer_test_chat_press_enter (view, GDK_SHIFT_MASK));
  g_assert_cmpuint (fixture->sent->len, ==, 0);
  draft = gofer_test_chat_dup_draft (view);
  g_assert_cmpstr (draft, ==, "first line");
  g_clear_pointer (&draft, g_free);

  /* Enter sends without the trailing blanks, and empties the draft. */
  gofer_test_chat_write (view, "first line\nsecond line \n");
  g_assert_true (gofer_test_chat_press_enter (view, 0));
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->sent, 0), ==, "first line\nsecond line");
  draft = gofer_test_chat_dup_draft (view);
  g_assert_cmpstr (draft, ==, "");
  g_clear_pointer (&draft, g_free);

  /* A message that could not go stays in the draft. */
  fixture->accept_sends = FALSE;
  gofer_test_chat_write (view, "kept");
  g_signal_emit_by_name (view->send_button, "clicked");
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  draft = gofer_test_chat_dup_draft (view);
  g_assert_cmpstr (draft, ==, "kept");

  /* Other keys are the text view's. */
  g_signal_emit_by_name (view->compose_keys, "key-pressed", GDK_KEY_a, 38, 0, &handled);
  g_assert_false (handled);
}

/* The input method the text view filters its keys through: the one its
 * own key controller carries. */
static GtkIMContext *
compose_im_context (GoferAppChatView *view)
{
  g_autoptr(GListModel) controllers =
    gtk_widget_observe_controllers (GTK_WIDGET (view->compose_view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_key_get_im_context (GTK_EVENT_CONTROLLER_KEY (controller)) != NULL)
        return gtk_event_controller_key_get_im_context (GTK_EVENT_CONTROLLER_KEY (controller));
    }
  g_assert_not_reached ();
}

/* A key event the way GTK hands it on: a press first to the view's
 * capture-phase controller, then, if that leaves it, to the text view's
 * input method; a release to the input method only. */
static gboolean
send_key (Fixture         *fixture,
          GtkIMContext    *im,
          gboolean         press,
          guint            keyval,
          GdkModifierType  state)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (fixture->window));
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;
  gboolean handled = FALSE;

  g_assert_true (gdk_display_map_keyval (display, keyval, &keys, &n_keys));
  if (press)
    g_signal_emit_by_name (fixture->view->compose_keys, "key-pressed",
                           keyval, keys[0].keycode, state, &handled);
  if (handled)
    return TRUE;
  return gtk_im_context_filter_key (im, press, gtk_native_get_surface (GTK_NATIVE (fixture->window)),
                                    gdk_seat_get_keyboard (gdk_display_get_default_seat (display)),
                                    GDK_CURRENT_TIME, keys[0].keycode, state, keys[0].group);
}

#define press_key(fixture, im, keyval, state) send_key (fixture, im, TRUE, keyval, state)
#define release_key(fixture, im, keyval, state) send_key (fixture, im, FALSE, keyval, state)

static void
preedit_changed_cb (GtkTextView  *text_view,
                    const char   *preedit,
                    char        **shown)
{
  g_free (*shown);
  *shown = g_strdup (preedit);
}

/* Enter while an input method composes confirms what it composes and
 * sends nothing. The input method is GTK's own, which every GTK has and
 * which needs no daemon (IBus or Fcitx cannot run here): Ctrl+Shift+U, let
 * go, then the code of é shows "ue9" until Enter. The keys go in through
 * the public gtk_im_context_filter_key(), in the order GTK hands a key on. */
static void
test_enter_input_method (Fixture       *fixture,
                         gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view->compose_view);
  GtkIMContext *im = compose_im_context (view);
  g_autofree char *preedit = NULL;
  g_autofree char *draft = NULL;
  GtkTextIter end;

  gtk_im_multicontext_set_context_id (GTK_IM_MULTICONTEXT (im), "gtk-im-context-simple");
  g_signal_connect (view->compose_view, "preedit-changed", G_CALLBACK (preedit_changed_cb),
                    &preedit);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gofer_test_chat_write (view, "caf");
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);

  g_assert_true (press_key (fixture, im, GDK_KEY_u, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  release_key (fixture, im, GDK_KEY_u, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  release_key (fixture, im, GDK_KEY_Shift_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  release_key (fixture, im, GDK_KEY_Control_L, GDK_CONTROL_MASK);
  g_assert_true (press_key (fixture, im, GDK_KEY_e, 0));
  g_assert_true (press_key (fixture, im, GDK_KEY_9, 0));
  g_assert_cmpstr (preedit, ==, "ue9");

  /* Enter is the input method's: é goes into the draft, nothing is sent. */
  g_assert_true (press_key (fixture, im, GDK_KEY_Return, 0));
  g_assert_cmpstr (preedit, ==, "");
  g_assert_cmpuint (fixture->sent->len, ==, 0);
  draft = gofer_test_chat_dup_draft (view);
  g_assert_cmpstr (draft, ==, "café");

  /* Composing over, Enter sends again. */
  g_assert_true (press_key (fixture, im, GDK_KEY_Return, 0));
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->sent, 0), ==, "café");

  g_signal_handlers_disconnect_by_func (view->compose_view, preedit_changed_cb, &preedit);
}

static void
test_end (Fixture       *fixture,
          gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;
  const char *notice = "The other side left the conversation.";

  gofer_app_chat_view_set_check (view, "1a2b-3c4d");
  g_assert_cmpstr (gtk_label_get_text (view->check_label), ==, "Check: 1a2b-3c4d");
  gofer_app_chat_view_add_message (view, FALSE, 1, "bye", 0);
  /* #15 item 7: Leave asks first, and is styled as what it is. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (view->leave_button), "destructive-action"));
  g_signal_emit_by_name (view->leave_button, "clicked");
  g_assert_nonnull (view->leave_dialog);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (view->leave_dialog),
                                                               "leave"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (view->leave_dialog), "cancel");
  g_assert_null (view->leave_dialog);
  g_assert_cmpuint (fixture->leaves, ==, 0);
  g_signal_emit_by_name (view->leave_button, "clicked");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (view->leave_dialog), "leave");
  g_assert_cmpuint (fixture->leaves, ==, 1);

  /* The keyboard was in the place to write: it goes on to Back, not to the
   * window's first control. Back is the window's win.back. */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) back = g_simple_action_new ("back", NULL);

    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (back));
    gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
  }
  gtk_widget_grab_focus (GTK_WIDGET (view->compose_view));
  g_assert_true (gtk_window_get_focus (fixture->window) == GTK_WIDGET (view->compose_view));
  gofer_app_chat_view_end (view, notice);
  g_assert_true (gtk_window_get_focus (fixture->window) == view->notice_back_button);
  g_assert_false (gofer_app_chat_view_is_active (view));
  g_assert_cmpuint (fixture->active_notifies, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (view->notice_label), ==, notice);
  g_assert_true (gtk_widget_get_visible (view->notice_box));
  g_assert_false (gtk_widget_get_visible (view->compose_box));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view->leave_button)));
  /* The conversation stays readable. */
  g_assert_cmpstr (gofer_test_chat_text_at (view, 0), ==, "bye");
  gofer_test_chat_write (view, "too late");
  gofer_test_chat_press_enter (view, 0);
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  gofer_app_chat_view_reset (view);
  g_assert_true (gofer_app_chat_view_is_active (view));
  g_assert_cmpuint (fixture->active_notifies, ==, 2);
  g_assert_false (gtk_widget_get_visible (view->notice_box));
  g_assert_true (gtk_widget_get_visible (view->compose_box));
  g_assert_cmpstr (gtk_label_get_text (view->check_label), ==, "");
}

static gboolean
emit_drop (GoferAppChatView *view,
           const GValue     *value)
{
  gboolean taken = FALSE;

  g_signal_emit_by_name (view->drop_target, "drop", value, 10.0, 20.0, &taken);
  return taken;
}

/* Files dropped on the chat go into the conversation, once the other
 * side takes them, and only while it lasts. */
static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/a.txt");
  GSList *files = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  g_autoptr(GSList) dropped = NULL;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));

  g_assert_cmpint (gtk_drop_target_get_actions (view->drop_target), ==, 0);
  g_assert_false (emit_drop (view, &value));
  g_assert_null (fixture->dropped);

  gofer_app_chat_view_set_accepts_files (view, TRUE);
  g_assert_cmpint (gtk_drop_target_get_actions (view->drop_target), ==, GDK_ACTION_COPY);
  g_assert_true (emit_drop (view, &value));
  dropped = gdk_file_list_get_files (fixture->dropped);
  g_assert_cmpuint (g_slist_length (dropped), ==, 1);
  g_assert_cmpstr (g_file_peek_path (dropped->data), ==, "/tmp/a.txt");

  /* Over: refused. A new conversation starts without files until told. */
  g_clear_pointer (&fixture->dropped, file_list_free);
  gofer_app_chat_view_end (view, "The other side left the conversation.");
  g_assert_cmpint (gtk_drop_target_get_actions (view->drop_target), ==, 0);
  g_assert_false (emit_drop (view, &value));
  gofer_app_chat_view_reset (view);
  g_assert_cmpint (gtk_drop_target_get_actions (view->drop_target), ==, 0);
  g_assert_null (fixture->dropped);

  g_value_unset (&value);
  g_slist_free (files);
}

/* Every control has a name a screen reader can say. */
static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  GoferAppChatView *view = fixture->view;

  gtk_test_accessible_assert_property (view->compose_view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Message");
  gtk_test_accessible_assert_property (view->send_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Send Message");
  gtk_test_accessible_assert_property (view->leave_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Leave");
  gtk_test_accessible_assert_property (view->message_list, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Messages");
  gtk_test_accessible_assert_property (view->check_label, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Security check");

  /* #15 item 13: a label set later loses its mnemonic underscore too. */
  gtk_button_set_label (view->auto_send_button, "_Auto-Send Folder…");
  gtk_test_accessible_assert_property (view->auto_send_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Auto-Send Folder…");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (view->auto_send_button),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  /* #15 item 13: each message says who wrote it, when, then the text. */
  gofer_app_chat_view_add_message (view, FALSE, 1, "Are you there?", 0);
  gofer_app_chat_view_add_message (view, TRUE, 1, "Yes.", 0);
  {
    g_autofree char *time = gofer_app_format_message_time (0);
    g_autofree char *theirs = g_strdup_printf ("Other side, %s: Are you there?", time);
    g_autofree char *ours = g_strdup_printf ("You, %s: Yes.", time);

    gtk_test_accessible_assert_property (gtk_list_box_get_row_at_index (view->message_list, 0),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, theirs);
    gtk_test_accessible_assert_property (gtk_list_box_get_row_at_index (view->message_list, 1),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL, ours);
  }

  /* The view hands its focus to the place to write. */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view->compose_view)));
}

/* Phones and tiled halves of small screens are 360 px wide. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  int minimum = 0;
  int height = 0;

  gofer_app_chat_view_set_check (fixture->view, "1a2b-3c4d");
  gofer_app_chat_view_add_message (fixture->view, TRUE, 1,
                                   "A rather long message with a link https://example.org/"
                                   "a/very/long/path/that/does/not/break/anywhere",
                                   0);
  gofer_app_chat_view_add_message (fixture->view, FALSE, 1, "Short.", 0);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("chat view: minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, 360, &height, NULL, NULL, NULL);
  g_assert_cmpint (height, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/app/chat-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("messages", test_messages);
  ADD ("links", test_links);
  ADD ("enter", test_enter);
  ADD ("enter-input-method", test_enter_input_method);
  ADD ("end", test_end);
  ADD ("drop", test_drop);
  ADD ("accessible", test_accessible);
  ADD ("narrow", test_narrow);
#undef ADD

  return g_test_run ();
}
