/* test-window.c: the main window's pages, actions, drops and narrow layout
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gofer-app-notifier-private.h"
#include "gofer-app-settings.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-chat-view-private.h"
#include "gofer-app-window-private.h"
#include "gofer-archive.h"
#include "gofer-test-util.h"

#define TEST_CODE "7-guitarist-revenge"
#define TEST_LINK "wormhole-transfer:7-guitarist-revenge"
/* g_format_size() puts a no-break space between number and unit. */
#define NBSP "\xc2\xa0"

typedef struct
{
  GoferAppWindow *window;
  guint           page_notifies;
  guint           sends;
  GListModel     *sent_files;
  guint           receives;
  char           *received_code;
  guint           offer_responses;
  gboolean        offer_accepted;
  guint           cancels;
  guint           conversations;
  guint           texts;
  char           *sent_text;
} Fixture;

static void
page_notify_cb (Fixture *fixture)
{
  fixture->page_notifies++;
}

static void
send_requested_cb (GoferAppWindow *window,
                   GListModel     *files,
                   Fixture        *fixture)
{
  fixture->sends++;
  g_set_object (&fixture->sent_files, files);
}

static void
receive_requested_cb (GoferAppWindow *window,
                      const char     *code,
                      Fixture        *fixture)
{
  fixture->receives++;
  g_free (fixture->received_code);
  fixture->received_code = g_strdup (code);
}

static void
offer_response_cb (GoferAppWindow *window,
                   gboolean        accept,
                   Fixture        *fixture)
{
  fixture->offer_responses++;
  fixture->offer_accepted = accept;
}

static void
cancel_requested_cb (GoferAppWindow *window,
                     Fixture        *fixture)
{
  fixture->cancels++;
}

static void
conversation_requested_cb (GoferAppWindow *window,
                           Fixture        *fixture)
{
  fixture->conversations++;
}

static void
send_text_requested_cb (GoferAppWindow *window,
                        const char     *text,
                        Fixture        *fixture)
{
  fixture->texts++;
  g_free (fixture->sent_text);
  fixture->sent_text = g_strdup (text);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = gofer_app_window_new (NULL);
  g_signal_connect_swapped (fixture->window, "notify::page", G_CALLBACK (page_notify_cb), fixture);
  g_signal_connect (fixture->window, "send-requested", G_CALLBACK (send_requested_cb), fixture);
  g_signal_connect (fixture->window, "receive-requested", G_CALLBACK (receive_requested_cb), fixture);
  g_signal_connect (fixture->window, "offer-response", G_CALLBACK (offer_response_cb), fixture);
  g_signal_connect (fixture->window, "cancel-requested", G_CALLBACK (cancel_requested_cb), fixture);
  g_signal_connect (fixture->window, "conversation-requested",
                    G_CALLBACK (conversation_requested_cb), fixture);
  g_signal_connect (fixture->window, "send-text-requested", G_CALLBACK (send_text_requested_cb),
                    fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gofer_test_pump (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  gofer_test_pump (50);
  /* Nothing may keep the window alive once it is destroyed (cycles, tasks). */
  g_assert_null (window);

  if (fixture->sent_files)
    g_assert_finalize_object (fixture->sent_files);
  g_free (fixture->received_code);
  g_free (fixture->sent_text);
}

static void
test_shows (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->window);

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpstr (gofer_app_window_get_page (fixture->window), ==, GOFER_APP_PAGE_EMPTY);
  g_assert_false (gofer_app_window_is_busy (fixture->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->send_button)));
#ifdef DEVELOPMENT_BUILD
  g_assert_true (gtk_widget_has_css_class (widget, "devel"));
#endif

  /* Controls without visible text still have names for screen readers. */
  gtk_test_accessible_assert_property (fixture->window->code_entry,
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Code to receive");
  gtk_test_accessible_assert_property (fixture->window->qr_code,
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "QR code of the link");
  gtk_test_accessible_assert_property (fixture->window->progress_bar,
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Transfer progress");
  /* Buttons are named once, by their visible text without the mnemonic
   * underscore: GTK 4.8 alone would say "_Send Files… Send Files…". */
  gtk_test_accessible_assert_property (fixture->window->send_button,
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Send Files…");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (fixture->window->send_button),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

static void
assert_page (Fixture    *fixture,
             const char *page,
             guint       notifies)
{
  g_assert_cmpstr (gofer_app_window_get_page (fixture->window), ==, page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->stack), ==, page);
  g_assert_cmpuint (fixture->page_notifies, ==, notifies);
}

static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;
  g_autoptr(GFile) folder = g_file_new_for_path ("/tmp");
  g_autofree char *page = NULL;

  gofer_app_window_show_code (window, TEST_CODE);
  assert_page (fixture, GOFER_APP_PAGE_CODE, 1);
  g_assert_cmpstr (gtk_label_get_text (window->code_label), ==, TEST_CODE);
  g_assert_true (gtk_label_get_selectable (window->code_label));
  g_assert_cmpstr (gofer_app_qr_code_get_text (window->qr_code), ==, TEST_LINK);
  g_assert_true (gofer_app_window_is_busy (window));

  gofer_app_window_show_progress (window, "Sending", 25, 100, 0);
  assert_page (fixture, GOFER_APP_PAGE_PROGRESS, 2);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (window->progress_bar), 0.25, 1e-9);
  g_assert_cmpstr (adw_status_page_get_title (window->progress_page), ==, "Sending");
  g_assert_cmpstr (adw_status_page_get_description (window->progress_page), ==, "25 bytes of 100 bytes");

  /* Updating the same page must not announce a page change. */
  gofer_app_window_show_progress (window, "Sending", 50, 100, 10);
  assert_page (fixture, GOFER_APP_PAGE_PROGRESS, 2);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (window->progress_bar), 0.5, 1e-9);

  gofer_app_window_show_offer (window, "Holiday <photos> & notes", 4500000, 3, TRUE);
  assert_page (fixture, GOFER_APP_PAGE_OFFER, 3);
  g_assert_cmpstr (adw_status_page_get_title (window->offer_page), ==,
                   "Receive “Holiday <photos> & notes”?");
  g_assert_cmpstr (adw_status_page_get_description (window->offer_page), ==,
                   "A folder with 3 files, 4.5" NBSP "MB");
  g_assert_null (strstr (gtk_label_get_text (window->offer_destination_label), " as “"));
  /* A leading dot would hide it: the page says which name it gets. */
  gofer_app_window_show_offer (window, ".ssh", 400, 1, TRUE);
  assert_page (fixture, GOFER_APP_PAGE_OFFER, 3);
  g_assert_nonnull (strstr (gtk_label_get_text (window->offer_destination_label), " as “_ssh”"));

  gofer_app_window_show_done (window, "Sent", "The receiver has the files.", folder);
  assert_page (fixture, GOFER_APP_PAGE_DONE, 4);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->open_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->show_in_folder_button)));
  g_assert_false (gtk_widget_get_visible (window->done_text_frame));
  g_assert_false (gofer_app_window_is_busy (window));

  gofer_app_window_show_text (window, "hello from the other side");
  assert_page (fixture, GOFER_APP_PAGE_DONE, 4);
  g_assert_true (gtk_widget_get_visible (window->done_text_frame));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->copy_text_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->open_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->show_in_folder_button)));
  g_assert_cmpstr (gtk_label_get_text (window->done_text_label), ==, FSI "hello from the other side" PDI);
  /* #15 item 14: an address in it is a link; Copy Text copies the text. */
  gofer_app_window_show_text (window, "Photos: https://example.org/album <3");
  g_assert_cmpstr (gtk_label_get_text (window->done_text_label), ==,
                   FSI "Photos: https://example.org/album <3" PDI);
  g_assert_true (gtk_label_get_use_markup (window->done_text_label));
  g_assert_cmpstr (gtk_label_get_label (window->done_text_label), ==,
                   FSI "Photos: <a href=\"https://example.org/album\">https://example.org/album</a> &lt;3" PDI);
  g_assert_cmpstr (window->done_text, ==, "Photos: https://example.org/album <3");

  gofer_app_window_show_error (window, "The relay closed the connection. Try again later.",
                               "transit: connection reset by peer");
  assert_page (fixture, GOFER_APP_PAGE_ERROR, 5);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->error_details_expander)));
  g_assert_cmpstr (gtk_label_get_text (window->error_details_label), ==,
                   "transit: connection reset by peer");

  gofer_app_window_show_error (window, "No details.", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->error_details_expander)));

  gofer_app_window_show_empty (window);
  assert_page (fixture, GOFER_APP_PAGE_EMPTY, 6);
  g_assert_null (gofer_app_qr_code_get_text (window->qr_code));

  g_object_get (window, "page", &page, NULL);
  g_assert_cmpstr (page, ==, GOFER_APP_PAGE_EMPTY);
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* #15 item 14: a toast does not wait behind an earlier one. */
static void
test_toasts (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *overlay = GTK_WIDGET (fixture->window->toast_overlay);

  gofer_app_window_add_toast (fixture->window, "Code copied");
  gofer_test_pump (300);
  g_assert_true (shows_label (overlay, "Code copied"));
  gofer_app_window_add_toast (fixture->window, "Link copied");
  gofer_test_pump (600);
  g_assert_true (shows_label (overlay, "Link copied"));
}

static gboolean
page_is_text (GoferAppWindow *window)
{
  return g_strcmp0 (gofer_app_window_get_page (window), GOFER_APP_PAGE_TEXT) == 0;
}

static void
emit_drop (Fixture    *fixture,
           GValue     *value,
           gboolean   *accepted)
{
  g_signal_emit_by_name (fixture->window->drop_target, "drop", value, 10.0, 20.0, accepted);
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  GValue text = G_VALUE_INIT;
  gboolean accepted = FALSE;
  g_autoptr(GFile) first = NULL;

  files = g_slist_append (files, g_file_new_for_path ("/tmp/a.txt"));
  files = g_slist_append (files, g_file_new_for_path ("/tmp/b.zip"));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));

  emit_drop (fixture, &value, &accepted);
  g_assert_true (accepted);
  g_assert_cmpuint (fixture->sends, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fixture->sent_files), ==, 2);
  first = g_list_model_get_item (fixture->sent_files, 0);
  g_assert_cmpstr (g_file_peek_path (first), ==, "/tmp/a.txt");

  /* Text is not a file list. */
  g_value_init (&text, G_TYPE_STRING);
  g_value_set_static_string (&text, "not files");
  emit_drop (fixture, &text, &accepted);
  g_assert_false (accepted);

  /* While a transfer owns the window a drop is refused and nothing is sent. */
  gofer_app_window_show_code (fixture->window, TEST_CODE);
  g_assert_cmpint (gtk_drop_target_get_actions (fixture->window->drop_target), ==, 0);
  emit_drop (fixture, &value, &accepted);
  g_assert_false (accepted);
  g_assert_cmpuint (fixture->sends, ==, 1);

  gofer_app_window_show_empty (fixture->window);
  g_assert_cmpint (gtk_drop_target_get_actions (fixture->window->drop_target), ==, GDK_ACTION_COPY);

  g_value_unset (&text);
  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);
}

static void
test_receive (Fixture       *fixture,
              gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;

  /* #15 item 14: the button fits a conversation's code as well. */
  gtk_test_accessible_assert_property (window->receive_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Connect");

  /* Nothing typed: the action is off and nothing is emitted. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->receive_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  g_assert_cmpuint (fixture->receives, ==, 0);

  gofer_app_window_set_code_text (window, "  " TEST_LINK "?version=0  ");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->receive_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  g_assert_cmpuint (fixture->receives, ==, 1);
  g_assert_cmpstr (fixture->received_code, ==, TEST_CODE);
  /* #15 item 2: a used code does not stay for the next one to append to. */
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, "");

  /* Enter in the entry does the same. */
  gofer_app_window_set_code_text (window, "12-abc-def");
  g_signal_emit_by_name (window->code_entry, "activate");
  g_assert_cmpuint (fixture->receives, ==, 2);
  g_assert_cmpstr (fixture->received_code, ==, "12-abc-def");

  /* Only blanks: marked as an error, not sent. */
  gofer_app_window_set_code_text (window, "   ");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  g_assert_cmpuint (fixture->receives, ==, 2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->code_entry), "error"));
}

/* #12: the typed code lives in GTK's secure buffer (never swapped, wiped
 * when freed) without an undo history, still shown as typed; completion
 * works on it, and after a receive the box, and its completions, are
 * empty. */
static void
test_code_entry_secret (Fixture       *fixture,
                        gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;
  GtkEntryBuffer *buffer = gtk_entry_get_buffer (window->code_entry);
  g_auto(GStrv) candidates = NULL;
  g_auto(GStrv) after = NULL;

  g_assert_true (GTK_IS_PASSWORD_ENTRY_BUFFER (buffer));
  g_assert_true (gtk_entry_get_visibility (window->code_entry));
  g_assert_false (gtk_editable_get_enable_undo (GTK_EDITABLE (window->code_entry)));

  /* Typed as a person types: one character at a time, into the buffer. */
  gtk_editable_set_text (GTK_EDITABLE (window->code_entry), "");
  for (const char *p = "7-guitarist-re"; *p != '\0'; p++)
    {
      int pos = -1;

      gtk_editable_insert_text (GTK_EDITABLE (window->code_entry), p, 1, &pos);
    }
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, "7-guitarist-re");
  g_assert_cmpstr (gtk_entry_buffer_get_text (buffer), ==, "7-guitarist-re");
  candidates = gofer_app_code_completer_dup_candidates (window->completer);
  g_assert_true (g_strv_contains ((const char * const *)candidates, "7-guitarist-revenge"));

  gofer_app_window_set_code_text (window, TEST_CODE);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->code_entry), "error"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  g_assert_cmpuint (fixture->receives, ==, 1);
  g_assert_cmpstr (fixture->received_code, ==, TEST_CODE);
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, "");
  g_assert_cmpuint (gtk_entry_buffer_get_length (buffer), ==, 0);
  after = gofer_app_code_completer_dup_candidates (window->completer);
  g_assert_cmpuint (g_strv_length (after), ==, 0);
}

/* #15 item 2: the code is checked as it is typed, against the word list
 * the completer offers; a code that cannot be one never leaves. */
static void
test_code_checked (Fixture       *fixture,
                   gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;
  GtkWidget *hint = GTK_WIDGET (window->code_hint_label);
  GtkWidget *entry = GTK_WIDGET (window->code_entry);
  g_autofree char *shot = NULL;

  g_assert_false (gtk_widget_get_visible (hint));
  /* Half-typed words are fine while some list word starts with them. */
  gofer_app_window_set_code_text (window, "7-guitar");
  g_assert_false (gtk_widget_get_visible (hint));
  gofer_app_window_set_code_text (window, "7 Guitarist revenge");
  g_assert_false (gtk_widget_get_visible (hint));

  /* A word not in the list: a warning (a sender may choose a code). */
  gofer_app_window_set_code_text (window, "7-guitarist-revnge");
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_cmpstr (gtk_label_get_text (window->code_hint_label), ==,
                   "“revnge” is not one of the code words. Check its spelling, unless the sender "
                   "chose the code.");
  g_assert_true (gtk_widget_has_css_class (hint, "warning"));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  gofer_app_window_set_code_text (window, "7-guitarx-");
  g_assert_true (gtk_widget_get_visible (hint));

  /* No number first: an error, and Receive does not start. */
  gofer_app_window_set_code_text (window, "guitarist-revenge");
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpstr (gtk_label_get_text (window->code_hint_label), ==,
                   "A code starts with a number, like the 7 in “7-guitarist-revenge”.");
  gtk_test_accessible_assert_state (window->code_entry, GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  gofer_test_pump (300);
  shot = gofer_test_save_screenshot (GTK_WIDGET (window), "code-hint-error");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  g_assert_cmpuint (fixture->receives, ==, 0);
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, "guitarist-revenge");

  gofer_app_window_set_code_text (window, TEST_CODE);
  g_assert_false (gtk_widget_get_visible (hint));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  gtk_test_accessible_assert_state (window->code_entry, GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_FALSE);
}

/* #15 item 2: waiting says what it waits for, and after a while what may
 * be wrong, above Cancel. */
static void
test_waiting (Fixture       *fixture,
              gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;

  window->late_after_ms = 100;
  gofer_app_window_show_waiting (window, "Waiting for the Sender…", "Nobody came.");
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_PROGRESS);
  g_assert_cmpstr (adw_status_page_get_title (window->progress_page), ==, "Waiting for the Sender…");
  g_assert_true (adw_status_page_get_description (window->progress_page) == NULL ||
                 adw_status_page_get_description (window->progress_page)[0] == '\0');
  g_assert_true (gofer_app_window_is_busy (window));
  gofer_test_pump (300);
  g_assert_cmpstr (adw_status_page_get_description (window->progress_page), ==, "Nobody came.");

  /* Progress that moves ends the wait and its sentence. */
  gofer_app_window_show_waiting (window, "Reaching the Server…", "The server is silent.");
  gofer_app_window_show_progress (window, "Receiving", 10, 100, 0);
  gofer_test_pump (300);
  g_assert_cmpstr (adw_status_page_get_description (window->progress_page), ==, "10 bytes of 100 bytes");
}

static void
clipboard_text_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
read_clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_text_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);

  return text;
}

static void
test_copy (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->window);
  g_autofree char *code = NULL;
  g_autofree char *link = NULL;

  gofer_app_window_show_code (fixture->window, TEST_CODE);

  gtk_widget_activate_action (widget, "win.copy-code", NULL);
  code = read_clipboard_text (widget);
  g_assert_cmpstr (code, ==, TEST_CODE);

  gtk_widget_activate_action (widget, "win.copy-link", NULL);
  link = read_clipboard_text (widget);
  g_assert_cmpstr (link, ==, TEST_LINK);
}

static void
test_paste (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->window);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/pasted.txt");
  GSList *files = g_slist_prepend (NULL, file);
  GdkFileList *list = gdk_file_list_new_from_list (files);

  gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  gtk_widget_activate_action (widget, "win.paste", NULL);
  for (int i = 0; i < 100 && fixture->sends == 0; i++)
    gofer_test_pump (10);
  g_assert_cmpuint (fixture->sends, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fixture->sent_files), ==, 1);

  /* A pasted link puts its code into the entry; it does not start receiving. */
  gdk_clipboard_set_text (clipboard, TEST_LINK);
  gtk_widget_activate_action (widget, "win.paste", NULL);
  for (int i = 0; i < 100 && g_strcmp0 (gofer_app_window_get_code_text (fixture->window), TEST_CODE); i++)
    gofer_test_pump (10);
  g_assert_cmpstr (gofer_app_window_get_code_text (fixture->window), ==, TEST_CODE);
  g_assert_cmpuint (fixture->receives, ==, 0);

  g_slist_free (files);
}

/* Ctrl+V pressed in the empty code entry, as its key controller gets it. */
static gboolean
press_ctrl_v_in_entry (GoferAppWindow *window)
{
  gboolean handled = FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (window->code_entry));
  g_signal_emit_by_name (window->code_entry_keys, "key-pressed", GDK_KEY_v, 55, GDK_CONTROL_MASK,
                         &handled);
  return handled;
}

/* #15 item 1: text has a place. Send Text… (Ctrl+T) opens a page to write
 * it, Send Text sends it; text pasted with Ctrl+V, even into the code entry,
 * goes there when it is not a code. */
static void
test_send_text (Fixture       *fixture,
                gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;
  GtkWidget *widget = GTK_WIDGET (window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autofree char *draft = NULL;
  g_autofree char *shot = NULL;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->send_text_button)));
  gtk_test_accessible_assert_property (window->send_text_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Send Text…");
  gtk_test_accessible_assert_property (window->text_view, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Text to send");

  gtk_widget_activate_action (widget, "win.compose-text", NULL);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_TEXT);
  g_assert_false (gofer_app_window_is_busy (window));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (window->text_view));
  /* Nothing, or only blanks, cannot be sent. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->send_text_confirm_button)));
  gtk_text_buffer_set_text (buffer, " \n ", -1);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->send_text_confirm_button)));
  gtk_widget_activate_action (widget, "win.send-text", NULL);
  g_assert_cmpuint (fixture->texts, ==, 0);

  gtk_text_buffer_set_text (buffer, "The door code is 4711.\nSee you at eight!", -1);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->send_text_confirm_button)));
  gofer_test_pump (400);
  shot = gofer_test_save_screenshot (widget, "send-text");
  gtk_widget_activate_action (widget, "win.send-text", NULL);
  g_assert_cmpuint (fixture->texts, ==, 1);
  g_assert_cmpstr (fixture->sent_text, ==, "The door code is 4711.\nSee you at eight!");
  /* The next text starts blank. */
  draft = gofer_app_window_dup_text_draft (window);
  g_assert_cmpstr (draft, ==, "");
  g_clear_pointer (&draft, g_free);

  /* Back goes back; Ctrl+V with a text that is not a code, in the empty
   * code entry, offers to send it instead of taking it for a code. */
  gtk_widget_activate_action (widget, "win.back", NULL);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_EMPTY);
  gdk_clipboard_set_text (clipboard, "Meet me at the station at 8");
  g_assert_true (press_ctrl_v_in_entry (window));
  for (int i = 0; i < 100 && !page_is_text (window); i++)
    gofer_test_pump (10);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_TEXT);
  draft = gofer_app_window_dup_text_draft (window);
  g_assert_cmpstr (draft, ==, "Meet me at the station at 8");
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, "");
  g_assert_cmpuint (fixture->receives, ==, 0);

  /* A code still lands in the entry. */
  gtk_widget_activate_action (widget, "win.back", NULL);
  gdk_clipboard_set_text (clipboard, TEST_CODE);
  g_assert_true (press_ctrl_v_in_entry (window));
  for (int i = 0; i < 100 && g_strcmp0 (gofer_app_window_get_code_text (window), TEST_CODE); i++)
    gofer_test_pump (10);
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, TEST_CODE);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_EMPTY);
  /* With text in the entry, Ctrl+V is the entry's own. */
  g_assert_false (press_ctrl_v_in_entry (window));
}

static void
test_cancel_and_offer (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->window);

  gofer_app_window_show_code (fixture->window, TEST_CODE);
  gtk_widget_activate_action (widget, "win.cancel", NULL);
  g_assert_cmpuint (fixture->cancels, ==, 1);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->window), ==, GOFER_APP_PAGE_EMPTY);

  gofer_app_window_show_offer (fixture->window, "notes.txt", 1200, 1, FALSE);
  g_assert_cmpstr (adw_status_page_get_description (fixture->window->offer_page), ==, "1.2" NBSP "kB");
  gtk_widget_activate_action (widget, "win.accept-offer", NULL);
  g_assert_cmpuint (fixture->offer_responses, ==, 1);
  g_assert_true (fixture->offer_accepted);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->window), ==, GOFER_APP_PAGE_PROGRESS);

  /* A second click cannot answer again: the offer page is gone. */
  gtk_widget_activate_action (widget, "win.accept-offer", NULL);
  g_assert_cmpuint (fixture->offer_responses, ==, 1);

  gofer_app_window_show_offer (fixture->window, "notes.txt", 1200, 1, FALSE);
  gtk_widget_activate_action (widget, "win.decline-offer", NULL);
  g_assert_cmpuint (fixture->offer_responses, ==, 2);
  g_assert_false (fixture->offer_accepted);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->window), ==, GOFER_APP_PAGE_EMPTY);
}

static void
test_offer_destination (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = gofer_app_settings_new ();

  g_settings_set_string (settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER, "/srv/incoming");
  gofer_app_window_show_offer (fixture->window, "a.iso", 1, 1, FALSE);
  g_assert_cmpstr (gtk_label_get_text (fixture->window->offer_destination_label), ==,
                   "It will be saved in /srv/incoming.");
  g_settings_reset (settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER);
}

/* 14:02 today, and so on: plausible times for the screenshots. */
static gint64
today_at (int hour,
          int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      hour, minute, 0);

  return g_date_time_to_unix (then) * 1000;
}

static void
show_chat (GoferAppWindow *window)
{
  GoferAppChatView *view = gofer_app_window_get_chat_view (window);

  gofer_app_chat_view_reset (view);
  gofer_app_chat_view_set_check (view, "3f9c-a71e");
  gofer_app_chat_view_add_message (view, FALSE, 1,
                                   "Are you at the office? I have the holiday photos.",
                                   today_at (14, 2));
  gofer_app_chat_view_add_message (view, TRUE, 1, "Yes, until six.", today_at (14, 3));
  gofer_app_chat_view_add_message (view, TRUE, 2,
                                   "Send them over, I will put them on the big screen.",
                                   today_at (14, 3));
  gofer_app_chat_view_add_message (view, FALSE, 2, "Great! The door code is 4711.",
                                   today_at (14, 5));
  gofer_app_chat_view_set_delivered (view, 1);
  gofer_app_window_show_chat (window);
}

static void
show_page (GoferAppWindow *window,
           const char     *page)
{
  g_autoptr(GFile) folder = g_file_new_for_path ("/tmp");

  if (g_str_equal (page, GOFER_APP_PAGE_EMPTY))
    gofer_app_window_show_empty (window);
  else if (g_str_equal (page, GOFER_APP_PAGE_CODE))
    gofer_app_window_show_code (window, TEST_CODE);
  else if (g_str_equal (page, GOFER_APP_PAGE_PROGRESS))
    gofer_app_window_show_progress (window, "Sending “Holiday photos”", 1300000000, 4200000000, 21500000);
  else if (g_str_equal (page, GOFER_APP_PAGE_OFFER))
    gofer_app_window_show_offer (window, "Holiday photos", 4200000000, 312, TRUE);
  else if (g_str_equal (page, GOFER_APP_PAGE_DONE))
    gofer_app_window_show_done (window, "Received", "Saved in /home/ada/Downloads as “Holiday photos”.", folder);
  else if (g_str_equal (page, GOFER_APP_PAGE_CHAT))
    show_chat (window);
  else if (g_str_equal (page, GOFER_APP_PAGE_ERROR))
    gofer_app_window_show_error (window,
                                 "The other computer closed the connection. Ask the sender to try again.",
                                 "mailbox: websocket closed (code 1006)");
  else
    g_assert_not_reached ();
}

static const char * const all_pages[] = {
  GOFER_APP_PAGE_EMPTY, GOFER_APP_PAGE_CODE, GOFER_APP_PAGE_PROGRESS,
  GOFER_APP_PAGE_OFFER, GOFER_APP_PAGE_DONE, GOFER_APP_PAGE_ERROR,
  GOFER_APP_PAGE_CHAT,
};

/* Start a Conversation asks the application for one; the chat page owns
 * the window until the conversation ends, then stays readable. */
static void
test_conversation (Fixture       *fixture,
                   gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;

  gtk_test_accessible_assert_property (window->conversation_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Start a Conversation");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-conversation", NULL);
  g_assert_cmpuint (fixture->conversations, ==, 1);

  gofer_app_window_show_conversation_code (window, TEST_CODE);
  g_assert_cmpstr (gtk_label_get_text (window->code_title_label), ==, "Tell the Other Person This Code");
  g_assert_cmpstr (gofer_app_qr_code_get_text (window->qr_code), ==, TEST_LINK);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->conversation_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-conversation", NULL);
  g_assert_cmpuint (fixture->conversations, ==, 1);
  /* A sender's code page has its own words again. */
  gofer_app_window_show_code (window, TEST_CODE);
  g_assert_cmpstr (gtk_label_get_text (window->code_title_label), ==, "Tell the Receiver This Code");

  show_chat (window);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_CHAT);
  g_assert_true (gofer_app_window_is_busy (window));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->chat_view->compose_view)));
  gofer_app_chat_view_end (window->chat_view, "The other side left the conversation.");
  g_assert_false (gofer_app_window_is_busy (window));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->conversation_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_EMPTY);
}

/* Phones and tiled halves of small screens are 360 px wide. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));

  for (guint i = 0; i < G_N_ELEMENTS (all_pages); i++)
    {
      int minimum = 0;
      int height = 0;

      show_page (fixture->window, all_pages[i]);
      gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("page %s: minimum width %d", all_pages[i], minimum);
      g_assert_cmpint (minimum, <=, 360);
      /* Labels wrap: at 360 px the page still has a finite height. */
      gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, 360, &height, NULL, NULL, NULL);
      g_assert_cmpint (height, >, 0);
    }
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = gofer_app_settings_new ();

  /* The metainfo screenshots come from here: a plausible folder. */
  g_settings_set_string (settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER, "/home/ada/Downloads");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 520, 640);
  gofer_test_pump (200);

  for (guint i = 0; i < G_N_ELEMENTS (all_pages) + 1; i++)
    {
      const char *name = i < G_N_ELEMENTS (all_pages) ? all_pages[i] : "done-text";
      g_autofree char *path = NULL;
      g_autoptr(GdkTexture) saved = NULL;
      g_autoptr(GError) error = NULL;

      if (i < G_N_ELEMENTS (all_pages))
        show_page (fixture->window, all_pages[i]);
      else
        gofer_app_window_show_text (fixture->window,
                                    "The door code is 4711. See you at eight!");
      gofer_test_pump (400);  /* the stack's crossfade */
      path = gofer_test_save_screenshot (GTK_WIDGET (fixture->window), name);

      saved = gdk_texture_new_from_filename (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (saved), ==, gtk_widget_get_width (GTK_WIDGET (fixture->window)));
    }
  g_settings_reset (settings, GOFER_APP_SETTINGS_DOWNLOAD_FOLDER);
}

/* #15 items 5, 14 and the screenshots: every page at 360 px and 1280 px,
 * light and dark, with no label cut off and no code or check broken
 * inside a word; and the Receive box stays a sensible width. */
static void
test_layout (Fixture       *fixture,
             gconstpointer  data)
{
  gofer_test_layout_matrix (GTK_WIDGET (fixture->window), "layout-en");
  gofer_test_layout_windows ("layout-en");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gofer_app_window_show_empty (fixture->window);
  gofer_test_pump (400);
  g_test_message ("code entry at 1280 px: %d px", gtk_widget_get_width (GTK_WIDGET (fixture->window->code_entry)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window->code_entry)), <=, 600);
}

static void
test_screenshot_narrow (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  show_page (fixture->window, GOFER_APP_PAGE_CODE);
  gofer_test_pump (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 360 + 24);
  path = gofer_test_save_screenshot (GTK_WIDGET (fixture->window), "code-narrow");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Through the real notification daemon of the session bus (dunst is
 * D-Bus-activated by the first notification). The window has no
 * application here: only libnotify can send for it. */
static void
test_notify (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GSettings) settings = gofer_app_settings_new ();
  GoferAppWindow *window = fixture->window;
  GoferAppNotifier *notifier = window->notifier;
#ifdef HAVE_LIBNOTIFY
  g_autofree char *body = NULL;
  g_autofree char *long_body = NULL;
  gboolean shown = FALSE;
  gint first_id = 0;
  gint second_id = 0;
#endif

  /* Focused and "only in the background": nothing is sent. */
  if (gtk_window_is_active (GTK_WINDOW (window)))
    g_assert_false (gofer_app_window_notify (window, "Gofer test", "focused"));

  g_settings_set_boolean (settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED, FALSE);
  /* An offer notification needs the offer on screen. */
  g_assert_false (gofer_app_window_notify_offer (window, "Incoming File", "a.iso"));
#ifdef HAVE_LIBNOTIFY
  g_assert_true (gofer_app_window_notify (window, "Gofer test", "Files received"));
  for (int i = 0; i < 1000 && !shown; i++)
    {
      gofer_test_pump (10);
      shown = gofer_app_notifier_get_n_shown (notifier) == 1;
    }
  g_assert_true (shown);
  g_assert_true (notify_notification_close (notifier->notification, NULL));

  /* Bodies are markup to servers that say so, as dunst's default
   * configuration does: names and texts are escaped once the server has
   * said it, and a long text is cut. */
  g_assert_true (gofer_app_window_notify (window, "Text Received", "<b>bold</b> & co"));
  for (int i = 0; i < 1000 && gofer_app_notifier_get_n_shown (notifier) < 2; i++)
    gofer_test_pump (10);
  g_object_get (notifier->notification, "body", &body, NULL);
  g_assert_cmpstr (body, ==, "&lt;b&gt;bold&lt;/b&gt; &amp; co");
  g_clear_pointer (&body, g_free);
  g_object_get (notifier->notification, "id", &first_id, NULL);
  g_assert_cmpint (first_id, >, 0);
  long_body = g_strnfill (250, 'x');
  g_assert_true (gofer_app_window_notify (window, "Text Received", long_body));
  for (int i = 0; i < 1000 && gofer_app_notifier_get_n_shown (notifier) < 3; i++)
    gofer_test_pump (10);
  g_object_get (notifier->notification, "body", &body, NULL);
  g_assert_cmpint (g_utf8_strlen (body, -1), ==, 201);
  g_assert_true (g_str_has_suffix (body, "x…"));
  /* Each message replaces the notification before it, not one more. */
  g_object_get (notifier->notification, "id", &second_id, NULL);
  g_assert_cmpint (second_id, ==, first_id);

  /* The offer's notification goes once the offer is answered. */
  gofer_app_window_show_offer (window, "a.iso", 1000, 1, FALSE);
  g_assert_true (gofer_app_window_notify_offer (window, "Incoming File", "a.iso"));
  g_assert_nonnull (notifier->offer_notification);
  for (int i = 0; i < 1000 && gofer_app_notifier_get_n_shown (notifier) < 4; i++)
    gofer_test_pump (10);
  g_assert_cmpuint (gofer_app_notifier_get_n_shown (notifier), ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.decline-offer", NULL);
  g_assert_null (notifier->offer_notification);
#else
  /* GNotification sends for a registered application only. */
  g_assert_false (gofer_app_window_notify (window, "Gofer test", "Files received"));
  gofer_app_window_show_offer (window, "a.iso", 1000, 1, FALSE);
  g_assert_false (gofer_app_window_notify_offer (window, "Incoming File", "a.iso"));
  g_assert_cmpuint (gofer_app_notifier_get_n_shown (notifier), ==, 0);
#endif

  g_settings_reset (settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED);
}

static gboolean
window_idle (gpointer user_data)
{
  GoferAppWindow *window = user_data;

  return !window->unpacking;
}

/* #14 item 7: a folder Warp packed into NAME.zip gets Unpack on the done
 * page; it makes NAME beside the zip, Open and Show in Folder then mean the
 * folder, and the button goes. Anything else shows no Unpack. */
static void
test_unpack (Fixture       *fixture,
             gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;
  GFile *scratch = gofer_test_scratch_dir ("unpack");
  g_autoptr(GFile) source = g_file_get_child (scratch, "source");
  g_autoptr(GFile) inside = g_file_get_child (source, "notes.txt");
  g_autoptr(GFile) zip = g_file_get_child (scratch, "Holiday photos.zip");
  g_autoptr(GFile) unpacked = g_file_get_child (scratch, "Holiday photos");
  g_autoptr(GFile) unpacked_notes = g_file_get_child (unpacked, "notes.txt");
  g_autoptr(GoferArchive) archive = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_make_directory (source, NULL, &error));
  g_assert_true (g_file_replace_contents (inside, "hello", 5, NULL, FALSE, 0, NULL, NULL, &error));
  archive = gofer_archive_build (&source, 1, scratch, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_move (archive->file, zip, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));

  gofer_app_window_show_done (window, "Received", "Saved.", zip);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->unpack_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->unpack_button)));
  gofer_app_window_offer_unpack (window, "Holiday photos");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->unpack_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->unpack_button)));
  gtk_test_accessible_assert_property (window->unpack_button, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "The sender’s app packed a folder into this file. Unpack it "
                                       "into the folder “Holiday photos”");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.unpack-received", NULL);
  gofer_test_wait_until (window_idle, window, 10000, "the zip is unpacked");
  g_assert_true (g_file_load_contents (unpacked_notes, NULL, &contents, NULL, NULL, &error));
  g_assert_cmpstr (contents, ==, "hello");
  g_assert_true (g_file_query_exists (zip, NULL));
  g_assert_true (g_file_equal (window->done_location, unpacked));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->unpack_button)));
  g_assert_cmpstr (adw_status_page_get_description (window->done_page), ==,
                   "Unpacked into the folder “Holiday photos”; the packed file is kept.");

  /* Another done page forgets it. */
  gofer_app_window_show_done (window, "Received", "Saved.", zip);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->unpack_button)));
  gofer_test_scratch_clear (scratch);
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/app/window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("shows", test_shows);
  ADD ("pages", test_pages);
  ADD ("drop", test_drop);
  ADD ("receive", test_receive);
  ADD ("code-entry-secret", test_code_entry_secret);
  ADD ("code-checked", test_code_checked);
  ADD ("waiting", test_waiting);
  ADD ("copy", test_copy);
  ADD ("paste", test_paste);
  ADD ("send-text", test_send_text);
  ADD ("toasts", test_toasts);
  ADD ("cancel-and-offer", test_cancel_and_offer);
  ADD ("offer-destination", test_offer_destination);
  ADD ("conversation", test_conversation);
  ADD ("narrow", test_narrow);
  ADD ("screenshots", test_screenshots);
  ADD ("screenshot-narrow", test_screenshot_narrow);
  ADD ("layout", test_layout);
  ADD ("notify", test_notify);
  ADD ("unpack", test_unpack);
#undef ADD

  return g_test_run ();
}
