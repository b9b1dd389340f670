/* test-conversation.c: two windows in a conversation through the reference
 * mailbox server, and each side of it against a standard client
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-app-chat-view-private.h"
#include "gofer-app-notifier-private.h"
#include "gofer-app-conversation-flow.h"
#include "gofer-app-settings.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-transfer-row-private.h"
#include "gofer-app-window-private.h"
#include "gofer.h"

#define WAIT_MS 30000
/* g_format_size() puts a no-break space between number and unit. */
#define NBSP "\xc2\xa0"

static GoferTestServers *servers;

typedef struct
{
  GoferTestDesk   desk;
  GoferAppWindow *starter_window;
  GoferAppWindow *joiner_window;
  GoferAppFlow   *starter;
  GoferAppFlow   *joiner;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gofer_test_desk_set_up (&fixture->desk, servers, "conversation",
                          &fixture->starter_window, &fixture->joiner_window);
}

/* Until the condition holds or WAIT_MS passed. */
#define WAIT_UNTIL(condition) \
  G_STMT_START { \
    gint64 end_ = g_get_monotonic_time () + WAIT_MS * 1000; \
    while (!(condition) && g_get_monotonic_time () < end_) \
      g_main_context_iteration (NULL, FALSE); \
    g_assert_true (condition); \
  } G_STMT_END

static void
count_running_cb (guint *counter)
{
  (*counter)++;
}

/* Leaving says goodbye first. */
static void
leave_and_assert_finalized (GoferAppFlow **flow)
{
  if (*flow != NULL)
    gofer_app_flow_cancel (*flow);
  gofer_test_assert_finalized (flow);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  leave_and_assert_finalized (&fixture->starter);
  leave_and_assert_finalized (&fixture->joiner);
  g_settings_reset (fixture->desk.settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED);
  gofer_test_desk_tear_down (&fixture->desk, &fixture->starter_window, &fixture->joiner_window);
}

static const char *
start_conversation (Fixture *fixture)
{
  GoferAppWindow *window = fixture->starter_window;
  GSettings *settings = fixture->desk.settings;
  const char *code;

  fixture->starter = GOFER_APP_FLOW (gofer_app_conversation_flow_new_start (window, settings));
  gofer_app_flow_start (fixture->starter);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CODE);

  /* Shown as a sender's code is, in words that fit a conversation. */
  code = gofer_app_conversation_flow_get_code (GOFER_APP_CONVERSATION_FLOW (fixture->starter));
  g_assert_nonnull (code);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_CODE);
  g_assert_cmpstr (gtk_label_get_text (window->code_label), ==, code);
  g_assert_cmpstr (gtk_label_get_text (window->code_title_label), ==,
                   "Tell the Other Person This Code");
  return code;
}

static void
join (Fixture    *fixture,
      const char *code)
{
  fixture->joiner = GOFER_APP_FLOW (gofer_app_conversation_flow_new_join (fixture->joiner_window,
                                                                          fixture->desk.settings,
                                                                          code));
  gofer_app_flow_start (fixture->joiner);
}

static gboolean
is_check (const char *text)
{
  return g_regex_match_simple ("^Check: [0-9a-f]{4}-[0-9a-f]{4}$", text, 0, 0);
}

static void
connect_windows (Fixture *fixture)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;

  join (fixture, start_conversation (fixture));
  gofer_test_wait_for_state (fixture->joiner, GOFER_APP_FLOW_STATE_CONVERSING);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CONVERSING);

  g_assert_cmpstr (gofer_app_window_get_page (fixture->starter_window), ==, GOFER_APP_PAGE_CHAT);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->joiner_window), ==, GOFER_APP_PAGE_CHAT);
  g_assert_true (gofer_app_window_is_busy (fixture->joiner_window));
  /* Both screens show the same short check. */
  g_assert_true (is_check (gtk_label_get_text (starter_view->check_label)));
  g_assert_cmpstr (gtk_label_get_text (starter_view->check_label), ==,
                   gtk_label_get_text (joiner_view->check_label));
}

static void
test_messages (Fixture       *fixture,
               gconstpointer  data)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (joiner_view->compose_view);
  GtkTextIter end;
  g_autofree char *shot = NULL;

  connect_windows (fixture);

  /* Enter sends: the message shows on both sides, then gets its mark. */
  gofer_test_chat_write (starter_view, "Hello from the starter");
  g_assert_true (gofer_test_chat_press_enter (starter_view, 0));
  g_assert_cmpuint (gofer_app_chat_view_get_n_messages (starter_view), ==, 1);
  WAIT_UNTIL (gofer_app_chat_view_get_n_messages (joiner_view) == 1);
  /* The other side's words come in first-strong isolates (U+2068 … U+2069). */
  g_assert_cmpstr (gofer_test_chat_text_at (joiner_view, 0), ==, FSI "Hello from the starter" PDI);
  WAIT_UNTIL (gofer_test_chat_delivered (starter_view, 0));

  /* The other way: Shift+Enter does not send, and the lines go as one. */
  gofer_test_chat_write (joiner_view, "Hi!");
  g_assert_true (gofer_test_chat_press_enter (joiner_view, 0));
  gofer_test_chat_write (joiner_view, "Grüße, line one");
  g_assert_false (gofer_test_chat_press_enter (joiner_view, GDK_SHIFT_MASK));
  g_assert_cmpuint (gofer_app_chat_view_get_n_messages (joiner_view), ==, 2);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\nline two", -1);  /* what the text view does */
  g_signal_emit_by_name (joiner_view->send_button, "clicked");

  WAIT_UNTIL (gofer_app_chat_view_get_n_messages (starter_view) == 3);
  g_assert_cmpstr (gofer_test_chat_text_at (starter_view, 0), ==, "Hello from the starter");
  g_assert_cmpstr (gofer_test_chat_text_at (starter_view, 1), ==, FSI "Hi!" PDI);
  g_assert_cmpstr (gofer_test_chat_text_at (starter_view, 2), ==,
                   FSI "Grüße, line one" PDI "\n" FSI "line two" PDI);
  WAIT_UNTIL (gofer_test_chat_delivered (joiner_view, 0) &&
              gofer_test_chat_delivered (joiner_view, 1));
  g_assert_cmpstr (gofer_test_chat_text_at (joiner_view, 2), ==, "Grüße, line one\nline two");

  gofer_test_pump (300);
  shot = gofer_test_save_screenshot (GTK_WIDGET (fixture->joiner_window), "conversation");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
}

/* Leaving takes this side back to its first page and tells the other. */
static void
test_leave (Fixture       *fixture,
            gconstpointer  data)
{
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;

  connect_windows (fixture);
  gofer_test_chat_write (fixture->starter_window->chat_view, "Bye!");
  gofer_test_chat_press_enter (fixture->starter_window->chat_view, 0);
  g_signal_emit_by_name (fixture->starter_window->chat_view->leave_button, "clicked");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (fixture->starter_window->chat_view->leave_dialog),
                               "leave");
  /* #15 item 7: the one who left keeps the conversation to read. */
  g_assert_cmpstr (gofer_app_window_get_page (fixture->starter_window), ==, GOFER_APP_PAGE_CHAT);
  g_assert_false (gofer_app_window_is_busy (fixture->starter_window));
  g_assert_cmpstr (gofer_test_chat_text_at (fixture->starter_window->chat_view, 0), ==, "Bye!");
  g_assert_cmpstr (gtk_label_get_text (fixture->starter_window->chat_view->notice_label), ==,
                   "You left the conversation.");
  gofer_test_pump (800);  /* the stack's crossfade */
  g_free (gofer_test_save_screenshot (GTK_WIDGET (fixture->starter_window), "conversation-left"));

  WAIT_UNTIL (!gofer_app_chat_view_is_active (joiner_view));
  g_assert_cmpstr (gtk_label_get_text (joiner_view->notice_label), ==,
                   "The other side left the conversation.");
  g_assert_true (gtk_widget_get_visible (joiner_view->notice_box));
  /* The goodbye waited for the last message. */
  g_assert_cmpstr (gofer_test_chat_text_at (joiner_view, 0), ==, FSI "Bye!" PDI);
  /* Still readable, but the window is free for the next transfer. */
  g_assert_cmpstr (gofer_app_window_get_page (fixture->joiner_window), ==, GOFER_APP_PAGE_CHAT);
  g_assert_false (gofer_app_window_is_busy (fixture->joiner_window));

  gofer_test_wait_for_state (fixture->joiner, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_DONE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->joiner_window), "win.back", NULL);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->joiner_window), ==, GOFER_APP_PAGE_EMPTY);
}

/* Closing the window in the middle of a conversation says goodbye. */
static void
test_window_closed (Fixture       *fixture,
                    gconstpointer  data)
{
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;

  connect_windows (fixture);
  /* Gone once nothing holds it (a notification on its way may, briefly). */
  g_clear_pointer ((GtkWindow **) &fixture->starter_window, gtk_window_destroy);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CANCELLED);

  WAIT_UNTIL (!gofer_app_chat_view_is_active (joiner_view));
  g_assert_cmpstr (gtk_label_get_text (joiner_view->notice_label), ==,
                   "The other side left the conversation.");
  gofer_test_wait_for_state (fixture->joiner, GOFER_APP_FLOW_STATE_DONE);
}

static void
set_code_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gofer_wormhole_set_code_finish (GOFER_WORMHOLE (object), result, NULL);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *started = user_data;

  *started = gofer_conversation_start_finish (GOFER_CONVERSATION (object), result, NULL);
  g_assert_true (*started);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *closed = user_data;

  gofer_wormhole_close_finish (GOFER_WORMHOLE (object), result);
  *closed = TRUE;
}

/* A broken peer (a gap in its message numbers) ends the conversation: the
 * chat page says why in a sentence and stays readable. */
static void
test_failed (Fixture       *fixture,
             gconstpointer  data)
{
  GoferAppChatView *view = fixture->starter_window->chat_view;
  g_autoptr(GoferWormhole) wormhole = gofer_wormhole_new (servers->mailbox_url, NULL);
  g_autoptr(GoferConversation) peer = gofer_conversation_new (wormhole);
  g_autoptr(JsonNode) broken = NULL;
  gboolean started = FALSE;
  gboolean closed = FALSE;
  const GError *error;

  gofer_wormhole_set_code_async (wormhole, start_conversation (fixture), NULL, set_code_cb, NULL);
  gofer_conversation_start_async (peer, NULL, started_cb, &started);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CONVERSING);
  WAIT_UNTIL (started);

  broken = json_from_string ("{\"gofer-message\": {\"seq\": 7, \"text\": \"x\"}}", NULL);
  gofer_wormhole_send_json (wormhole, broken);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_FAILED);
  error = gofer_app_flow_get_error (fixture->starter);
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PROTOCOL);
  g_assert_false (gofer_app_chat_view_is_active (view));
  g_assert_cmpstr (gtk_label_get_text (view->notice_label), ==, error->message);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->starter_window), ==, GOFER_APP_PAGE_CHAT);
  g_assert_false (gofer_app_window_is_busy (fixture->starter_window));

  gofer_wormhole_close_async (wormhole, NULL, NULL, closed_cb, &closed);
  WAIT_UNTIL (closed);
}

/* The index-th transfer row of the chat list (from 0), or NULL. */
static GoferAppTransferRow *
transfer_row_at (GoferAppChatView *view,
                 guint             index)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (view->message_list, i)) != NULL; i++)
    {
      GtkWidget *child = gtk_list_box_row_get_child (row);

      if (GOFER_APP_IS_TRANSFER_ROW (child) && index-- == 0)
        return GOFER_APP_TRANSFER_ROW (child);
    }
  return NULL;
}

static GoferConversationTransferState
state_of (GoferAppTransferRow *row)
{
  return gofer_conversation_transfer_get_state (row->transfer);
}

/* An offer in a window in the background raises a desktop notification. */
static void
assert_offer_notified (GoferAppWindow *window,
                       const char     *title)
{
#ifdef HAVE_LIBNOTIFY
  g_autofree char *summary = NULL;

  /* With Accept and Decline: the offer's notification (#15 item 11). */
  g_assert_nonnull (window->notifier->offer_notification);
  g_object_get (window->notifier->offer_notification, "summary", &summary, NULL);
  g_assert_cmpstr (summary, ==, title);
#endif
}

/* As a file manager drops them: a GdkFileList on the chat view. */
static gboolean
drop_file (GoferAppChatView *view,
           const char       *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList *files = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean taken = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_assert_cmpint (gtk_drop_target_get_actions (view->drop_target), ==, GDK_ACTION_COPY);
  g_signal_emit_by_name (view->drop_target, "drop", &value, 10.0, 20.0, &taken);
  g_value_unset (&value);
  g_slist_free (files);
  return taken;
}

/* A file named with a leading dot arrives visibly: the row shows the name
 * it is saved under and says why. */
static void
test_transfer_hidden_name (Fixture       *fixture,
                           gconstpointer  data)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *path = gofer_test_make_file (fixture->desk.source_dir, ".bashrc", 1000, &contents);
  g_autofree char *received = g_build_filename (fixture->desk.downloads, "_bashrc", NULL);
  g_autofree char *hidden = g_build_filename (fixture->desk.downloads, ".bashrc", NULL);
  GoferAppTransferRow *sent;
  GoferAppTransferRow *offer;

  connect_windows (fixture);
  g_assert_true (drop_file (starter_view, path));
  sent = transfer_row_at (starter_view, 0);
  g_assert_nonnull (sent);
  /* Our own file keeps its name on our side. */
  g_assert_cmpstr (gtk_label_get_text (sent->name_label), ==, ".bashrc");

  WAIT_UNTIL ((offer = transfer_row_at (joiner_view, 0)) != NULL &&
              state_of (offer) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_assert_cmpstr (gtk_label_get_text (offer->name_label), ==, "_bashrc");
  g_assert_nonnull (strstr (gtk_label_get_text (offer->status_label), "leading dot"));

  g_signal_emit_by_name (offer->accept_button, "clicked");
  WAIT_UNTIL (state_of (offer) == GOFER_CONVERSATION_TRANSFER_DONE);
  gofer_test_assert_file_contents (received, contents);
  g_assert_false (g_file_test (hidden, G_FILE_TEST_EXISTS));
}

/* Dropped on one chat, offered in the other with Accept and Decline;
 * accepted, it arrives whole and can be opened. */
static void
test_transfer (Fixture       *fixture,
               gconstpointer  data)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *path = gofer_test_make_file (fixture->desk.source_dir, "holiday.bin",
                                                300 * 1024 + 7, &contents);
  g_autofree char *received = g_build_filename (fixture->desk.downloads, "holiday.bin", NULL);
  g_autofree char *shot = NULL;
  GoferAppTransferRow *sent;
  GoferAppTransferRow *offer;
  int minimum = 0;
  guint running_changes = 0;

  connect_windows (fixture);
  /* #15 item 4: a conversation that only chats lets the computer sleep;
   * a file going keeps it awake. */
  g_assert_false (gofer_app_flow_is_running (fixture->starter));
  g_assert_false (gofer_app_flow_is_running (fixture->joiner));
  g_signal_connect_swapped (fixture->joiner, "notify::running", G_CALLBACK (count_running_cb),
                            &running_changes);
  /* The person receiving looks at another window. */
  gtk_window_present (GTK_WINDOW (fixture->starter_window));
  WAIT_UNTIL (!gtk_window_is_active (GTK_WINDOW (fixture->joiner_window)));
  g_assert_true (drop_file (starter_view, path));
  sent = transfer_row_at (starter_view, 0);
  g_assert_nonnull (sent);
  g_assert_cmpstr (gtk_label_get_text (sent->name_label), ==, "holiday.bin");
  g_assert_cmpint (gtk_widget_get_halign (GTK_WIDGET (sent)), ==, GTK_ALIGN_END);

  WAIT_UNTIL ((offer = transfer_row_at (joiner_view, 0)) != NULL &&
              state_of (offer) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_assert_cmpstr (gtk_label_get_text (offer->name_label), ==, "holiday.bin");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (offer->accept_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (offer->decline_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (offer->cancel_button)));
  g_assert_nonnull (strstr (gtk_label_get_text (offer->status_label), "Accept saves it in"));
  gtk_test_accessible_assert_property (offer->accept_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Accept");
  assert_offer_notified (fixture->joiner_window, "Incoming File");
  WAIT_UNTIL (state_of (sent) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_assert_cmpstr (gtk_label_get_text (sent->status_label), ==,
                   "307.2" NBSP "kB · Waiting for the other side to accept");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sent->cancel_button)));

  /* An offer waits for the person: nothing runs yet. */
  g_assert_false (gofer_app_flow_is_running (fixture->joiner));
  g_signal_emit_by_name (offer->accept_button, "clicked");
  WAIT_UNTIL (gofer_app_flow_is_running (fixture->joiner) || state_of (offer) == GOFER_CONVERSATION_TRANSFER_DONE);
  WAIT_UNTIL (state_of (offer) == GOFER_CONVERSATION_TRANSFER_DONE &&
              state_of (sent) == GOFER_CONVERSATION_TRANSFER_DONE);
  gofer_test_assert_file_contents (received, contents);
  g_assert_false (gofer_app_flow_is_running (fixture->joiner));
  g_assert_cmpuint (running_changes, ==, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (offer->open_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (offer->accept_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sent->cancel_button)));
  g_assert_cmpstr (gtk_label_get_text (sent->status_label), ==, "Sent");

  /* Chat goes on beside it. */
  gofer_test_chat_write (joiner_view, "Got it, thanks!");
  gofer_test_chat_press_enter (joiner_view, 0);
  WAIT_UNTIL (gofer_app_chat_view_get_n_messages (starter_view) == 1);
  /* Rows of transfers fit a phone, too. */
  gtk_widget_measure (GTK_WIDGET (joiner_view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  gofer_test_pump (300);
  shot = gofer_test_save_screenshot (GTK_WIDGET (fixture->joiner_window), "conversation-transfer");
}

/* The chooser loads folders in the background: its file settles later. */
static void
choose_file (GtkFileChooser *chooser,
             const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *chosen_path = NULL;

  g_assert_true (gtk_file_chooser_set_file (chooser, file, NULL));
  for (int i = 0; i < 1000; i++)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

      g_free (chosen_path);
      chosen_path = chosen ? g_file_get_path (chosen) : NULL;
      if (g_strcmp0 (chosen_path, path) == 0)
        break;
      gofer_test_pump (10);
    }
  g_assert_cmpstr (chosen_path, ==, path);
}

/* #15 item 3: files go into a conversation without a mouse: Send Files…
 * (Ctrl+O, and a button beside the message) opens the chooser, and what
 * is chosen goes as a dropped file does; Send a Folder… (Shift+Ctrl+O)
 * picks folders. */
static void
test_send_files_chosen (Fixture       *fixture,
                        gconstpointer  data)
{
  GoferAppWindow *window = fixture->starter_window;
  GoferAppChatView *starter_view = window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *path = gofer_test_make_file (fixture->desk.source_dir, "chosen.bin",
                                                100 * 1024, &contents);
  g_autofree char *shot = NULL;
  GoferAppTransferRow *sent;
  GoferAppTransferRow *offer;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (starter_view->attach_button)));
  connect_windows (fixture);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (starter_view->attach_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (starter_view->attach_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (starter_view->attach_folder_button)));
  gtk_test_accessible_assert_property (starter_view->attach_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Send Files");
  gofer_test_pump (800);  /* the stack's crossfade */
  shot = gofer_test_save_screenshot (GTK_WIDGET (window), "conversation-send-files");

  /* Send a Folder… picks folders. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.send-folder", NULL);
  g_assert_nonnull (window->chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (window->chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_signal_emit_by_name (window->chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (window->chooser);
  g_assert_null (transfer_row_at (starter_view, 0));

  /* What Ctrl+O and the button do. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.send-files", NULL);
  g_assert_nonnull (window->chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (window->chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_OPEN);
  choose_file (GTK_FILE_CHOOSER (window->chooser), path);
  g_signal_emit_by_name (window->chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (window->chooser);

  /* In the conversation, not a new transfer of its own. */
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_CHAT);
  sent = transfer_row_at (starter_view, 0);
  g_assert_nonnull (sent);
  g_assert_cmpstr (gtk_label_get_text (sent->name_label), ==, "chosen.bin");
  WAIT_UNTIL ((offer = transfer_row_at (joiner_view, 0)) != NULL &&
              state_of (offer) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_assert_cmpstr (gtk_label_get_text (offer->name_label), ==, "chosen.bin");
}

/* A file written into the auto-send folder goes by itself: a row on the
 * sending side too, an offer on the other, and it arrives whole. */
static void
test_auto_send (Fixture       *fixture,
                gconstpointer  data)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  g_autofree char *outgoing = g_build_filename (fixture->desk.source_dir, "Outgoing", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (outgoing);
  g_autofree char *received = g_build_filename (fixture->desk.downloads, "report.bin", NULL);
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GBytes) old_contents = NULL;
  g_autoptr(GBytes) later_contents = NULL;
  g_autoptr(GError) error = NULL;
  GoferAppTransferRow *sent;
  GoferAppTransferRow *offer;

  connect_windows (fixture);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (starter_view->auto_send_button)));
  g_assert_cmpint (g_mkdir_with_parents (outgoing, 0755), ==, 0);
  /* #15 item 6: a file that was there before is not sent. */
  {
    g_autofree char *old_path = gofer_test_make_file (outgoing, "old.bin", 1000, &old_contents);
    g_autoptr(GFile) old = g_file_new_for_path (old_path);

    /* Written an hour ago. */
    g_assert_true (g_file_set_attribute_uint64 (old, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                (guint64) (g_get_real_time () / G_USEC_PER_SEC - 3600),
                                                G_FILE_QUERY_INFO_NONE, NULL, NULL));
  }
  g_assert_true (gofer_app_conversation_flow_set_auto_send_folder (
                   GOFER_APP_CONVERSATION_FLOW (fixture->starter), folder, &error));
  g_assert_no_error (error);
  /* A bar says which folder, with Stop, in place of the button. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (starter_view->auto_send_button)));
  g_assert_true (gtk_widget_get_visible (starter_view->auto_send_bar));
  g_assert_cmpstr (gtk_label_get_text (starter_view->auto_send_label), ==,
                   "New files in “Outgoing” go to the other side as they appear.");
  gtk_test_accessible_assert_property (starter_view->auto_send_stop_button,
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Stop");
  /* #15 item 6: the other side learns it too, in a message both see. */
  g_assert_cmpuint (gofer_app_chat_view_get_n_messages (starter_view), ==, 1);
  g_assert_cmpstr (gofer_test_chat_text_at (starter_view, 0), ==,
                   "Auto-Send is on: new files I put in “Outgoing” come to you by themselves.");
  WAIT_UNTIL (gofer_app_chat_view_get_n_messages (joiner_view) == 1);
  g_assert_cmpstr (gofer_test_chat_text_at (joiner_view, 0), ==,
                   FSI "Auto-Send is on: new files I put in “Outgoing” come to you by themselves." PDI);

  g_free (gofer_test_make_file (outgoing, "report.bin", 64 * 1024 + 3, &contents));
  WAIT_UNTIL ((sent = transfer_row_at (starter_view, 0)) != NULL);
  g_assert_cmpstr (gtk_label_get_text (sent->name_label), ==, "report.bin");
  WAIT_UNTIL ((offer = transfer_row_at (joiner_view, 0)) != NULL &&
              state_of (offer) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_signal_emit_by_name (offer->accept_button, "clicked");
  WAIT_UNTIL (state_of (offer) == GOFER_CONVERSATION_TRANSFER_DONE &&
              state_of (sent) == GOFER_CONVERSATION_TRANSFER_DONE);
  gofer_test_assert_file_contents (received, contents);
  /* Only the new file went. */
  gofer_test_pump (2000 + 1000);  /* GOFER_AUTO_SEND_STABLE_MS, and a look */
  g_assert_null (transfer_row_at (starter_view, 1));
  gofer_test_pump (300);
  g_free (gofer_test_save_screenshot (GTK_WIDGET (fixture->starter_window), "conversation-auto-send"));

  /* Stop, as a person clicks it: the button is back, nothing more goes. */
  g_signal_emit_by_name (starter_view->auto_send_stop_button, "clicked");
  g_assert_false (gtk_widget_get_visible (starter_view->auto_send_bar));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (starter_view->auto_send_button)));
  gtk_test_accessible_assert_property (starter_view->auto_send_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Auto-Send Folder…");
  WAIT_UNTIL (gofer_app_chat_view_get_n_messages (joiner_view) == 2);
  g_assert_cmpstr (gofer_test_chat_text_at (joiner_view, 2), ==,
                   FSI "Auto-Send is off: files I put in “Outgoing” no longer come to you by themselves." PDI);
  g_free (gofer_test_make_file (outgoing, "later.bin", 1000, &later_contents));
  gofer_test_pump (2000 + 1500);
  g_assert_null (transfer_row_at (starter_view, 1));
}

/* A declined offer says so on the sender's side; a cancelled one takes the
 * buttons away on the receiver's. */
static void
test_transfer_decline_cancel (Fixture       *fixture,
                              gconstpointer  data)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *unwanted = gofer_test_make_file (fixture->desk.source_dir, "unwanted.bin",
                                                    1000, &contents);
  g_autofree char *withdrawn = gofer_test_make_file (fixture->desk.source_dir, "withdrawn.bin",
                                                     1000, &contents);
  GoferAppTransferRow *row;

  connect_windows (fixture);
  g_assert_true (drop_file (starter_view, unwanted));
  WAIT_UNTIL ((row = transfer_row_at (joiner_view, 0)) != NULL &&
              state_of (row) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_signal_emit_by_name (row->decline_button, "clicked");
  row = transfer_row_at (starter_view, 0);
  WAIT_UNTIL (state_of (row) == GOFER_CONVERSATION_TRANSFER_DECLINED);
  g_assert_cmpstr (gtk_label_get_text (row->status_label), ==, "The other side declined it.");

  g_assert_true (drop_file (starter_view, withdrawn));
  WAIT_UNTIL ((row = transfer_row_at (joiner_view, 1)) != NULL &&
              state_of (row) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_signal_emit_by_name (transfer_row_at (starter_view, 1)->cancel_button, "clicked");
  WAIT_UNTIL (state_of (row) == GOFER_CONVERSATION_TRANSFER_CANCELLED);
  g_assert_cmpstr (gtk_label_get_text (row->status_label), ==, "Cancelled");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row->accept_button)));
  /* Nothing was saved, not even a partial file. */
  gofer_test_assert_dir_empty (fixture->desk.downloads);
}


/* #15 item 10: files dropped together go one by one, each under its own
 * name (no bundle named after the folder they were in), and a row that
 * came shows the name it was saved under. */
static void
test_several_files (Fixture       *fixture,
                    gconstpointer  data)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  g_autoptr(GBytes) first_contents = NULL;
  g_autoptr(GBytes) second_contents = NULL;
  g_autoptr(GBytes) old_contents = NULL;
  g_autofree char *first = gofer_test_make_file (fixture->desk.source_dir, "notes.txt", 1000,
                                                 &first_contents);
  g_autofree char *second = gofer_test_make_file (fixture->desk.source_dir, "plan.pdf", 2000,
                                                  &second_contents);
  g_autoptr(GFile) first_file = g_file_new_for_path (first);
  g_autoptr(GFile) second_file = g_file_new_for_path (second);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  GoferAppTransferRow *rows[2];
  GFile *saved;

  /* A notes.txt is there already: the new one is saved beside it. */
  g_free (gofer_test_make_file (fixture->desk.downloads, "notes.txt", 10, &old_contents));
  connect_windows (fixture);
  g_list_store_append (files, first_file);
  g_list_store_append (files, second_file);
  g_assert_true (gofer_app_chat_view_offer_files (starter_view, G_LIST_MODEL (files)));

  g_assert_nonnull (transfer_row_at (starter_view, 0));
  g_assert_nonnull (transfer_row_at (starter_view, 1));
  g_assert_cmpstr (gtk_label_get_text (transfer_row_at (starter_view, 0)->name_label), ==, "notes.txt");
  g_assert_cmpstr (gtk_label_get_text (transfer_row_at (starter_view, 1)->name_label), ==, "plan.pdf");
  g_assert_null (transfer_row_at (starter_view, 2));

  for (guint i = 0; i < 2; i++)
    {
      WAIT_UNTIL ((rows[i] = transfer_row_at (joiner_view, i)) != NULL &&
                  state_of (rows[i]) == GOFER_CONVERSATION_TRANSFER_OFFERED);
      g_signal_emit_by_name (rows[i]->accept_button, "clicked");
    }
  WAIT_UNTIL (state_of (rows[0]) == GOFER_CONVERSATION_TRANSFER_DONE &&
              state_of (rows[1]) == GOFER_CONVERSATION_TRANSFER_DONE);

  /* Whichever order they came in, each is whole and named for itself. */
  for (guint i = 0; i < 2; i++)
    {
      const char *shown = gtk_label_get_text (rows[i]->name_label);
      g_autofree char *saved_name = NULL;

      saved = gofer_conversation_transfer_get_file (rows[i]->transfer);
      saved_name = g_file_get_basename (saved);
      g_assert_cmpstr (shown, ==, saved_name);
      if (g_str_equal (gofer_offer_get_name (gofer_conversation_transfer_get_offer (rows[i]->transfer)),
                       "plan.pdf"))
        {
          g_assert_cmpstr (shown, ==, "plan.pdf");
          gofer_test_assert_file_contents (g_file_peek_path (saved), second_contents);
        }
      else
        {
          /* Not the name offered: the one it got beside the old notes.txt. */
          g_assert_cmpstr (shown, !=, "notes.txt");
          g_assert_true (g_str_has_prefix (shown, "notes"));
          gofer_test_assert_file_contents (g_file_peek_path (saved), first_contents);
        }
    }
}

/* #15 item 11: an offer in a conversation in the background comes with
 * Accept and Decline that answer it; once answered (there or in the
 * window) its notification goes; what came says so, with Open. */
static void
test_offer_notification (Fixture       *fixture,
                         gconstpointer  data)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  GoferAppWindow *window = fixture->joiner_window;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *wanted = gofer_test_make_file (fixture->desk.source_dir, "wanted.bin", 5000,
                                                  &contents);
  g_autofree char *unwanted = gofer_test_make_file (fixture->desk.source_dir, "unwanted.bin", 1000,
                                                    &contents);
  GoferAppTransferRow *row;

  g_settings_set_boolean (fixture->desk.settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED, FALSE);
  connect_windows (fixture);
  /* The person receiving looks at another window. */
  gtk_window_present (GTK_WINDOW (fixture->starter_window));
  WAIT_UNTIL (!gtk_window_is_active (GTK_WINDOW (window)));

  /* Accept in the notification. */
  g_assert_true (drop_file (starter_view, wanted));
  WAIT_UNTIL ((row = transfer_row_at (joiner_view, 0)) != NULL &&
              state_of (row) == GOFER_CONVERSATION_TRANSFER_OFFERED && window->chat_offer != NULL);
  g_assert_true (window->chat_offer == row->transfer);
  assert_offer_notified (window, "Incoming File");
  g_signal_emit_by_name (window->notifier, "offer-answered", TRUE);
  g_assert_null (window->chat_offer);
#ifdef HAVE_LIBNOTIFY
  g_assert_null (window->notifier->offer_notification);
#endif
  WAIT_UNTIL (state_of (row) == GOFER_CONVERSATION_TRANSFER_DONE);
  g_assert_true (g_file_test (g_file_peek_path (gofer_conversation_transfer_get_file (row->transfer)),
                              G_FILE_TEST_IS_REGULAR));
  /* "Transfer Complete", with Open for what came. */
  WAIT_UNTIL (window->notifier->received_file != NULL);
  g_assert_true (g_file_equal (window->notifier->received_file,
                               gofer_conversation_transfer_get_file (row->transfer)));

  /* Declined in the window: the notification goes with it. */
  gtk_window_present (GTK_WINDOW (fixture->starter_window));
  g_assert_true (drop_file (starter_view, unwanted));
  WAIT_UNTIL ((row = transfer_row_at (joiner_view, 1)) != NULL &&
              state_of (row) == GOFER_CONVERSATION_TRANSFER_OFFERED && window->chat_offer != NULL);
  g_signal_emit_by_name (row->decline_button, "clicked");
  g_assert_null (window->chat_offer);
#ifdef HAVE_LIBNOTIFY
  g_assert_null (window->notifier->offer_notification);
#endif
  WAIT_UNTIL (state_of (transfer_row_at (starter_view, 1)) == GOFER_CONVERSATION_TRANSFER_DECLINED);
}

static GoferWormhole *
new_standard_wormhole (void)
{
  return gofer_wormhole_new (servers->mailbox_url, NULL);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
allocated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **code = user_data;

  *code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (object), result, NULL);
  g_assert_nonnull (*code);
}

/* A code typed in the window joins what the other side started: here a
 * standard sender's text, which arrives as any receive does. */
static void
test_standard_sender (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GoferWormhole) wormhole = new_standard_wormhole ();
  g_autoptr(GoferSender) sender = gofer_sender_new_text (wormhole, "from a standard sender");
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GoferAppConversationFlow *flow;

  gofer_transfer_set_transit_helper (GOFER_TRANSFER (sender), servers->transit_helper);
  gofer_wormhole_allocate_code_async (wormhole, 2, NULL, allocated_cb, &code);
  WAIT_UNTIL (code != NULL);
  gofer_sender_run_async (sender, NULL, store_result_cb, &sent);

  join (fixture, code);
  gofer_test_wait_for_state (fixture->joiner, GOFER_APP_FLOW_STATE_DONE);
  flow = GOFER_APP_CONVERSATION_FLOW (fixture->joiner);
  g_assert_nonnull (gofer_app_conversation_flow_get_fallback (flow));
  g_assert_cmpstr (gofer_app_window_get_page (fixture->joiner_window), ==, GOFER_APP_PAGE_DONE);
  g_assert_cmpstr (gtk_label_get_text (fixture->joiner_window->done_text_label), ==,
                   FSI "from a standard sender" PDI);

  WAIT_UNTIL (sent != NULL);
  g_assert_true (gofer_sender_run_finish (sender, sent, &error));
  g_assert_no_error (error);
}

/* A standard receiver typed the conversation's code: it learns why nothing
 * comes, and the person learns what to do instead. */
static void
test_standard_receiver (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GoferWormhole) wormhole = new_standard_wormhole ();
  g_autoptr(GoferReceiver) receiver = gofer_receiver_new (wormhole);
  g_autoptr(GAsyncResult) waited = NULL;
  g_autoptr(GoferOffer) offer = NULL;
  g_autoptr(GError) error = NULL;
  const GError *reason;

  gofer_wormhole_set_code_async (wormhole, start_conversation (fixture), NULL, set_code_cb, NULL);
  gofer_receiver_wait_for_offer_async (receiver, NULL, store_result_cb, &waited);

  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_FAILED);
  reason = gofer_app_flow_get_error (fixture->starter);
  g_assert_error (reason, GOFER_ERROR, GOFER_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->starter_window), ==, GOFER_APP_PAGE_ERROR);
  g_assert_cmpstr (adw_status_page_get_description (fixture->starter_window->error_page), ==,
                   "The other side uses an app that cannot hold conversations. "
                   "Go back and use Send Files… to send it files instead.");

  WAIT_UNTIL (waited != NULL);
  offer = gofer_receiver_wait_for_offer_finish (receiver, waited, &error);
  g_assert_null (offer);
  g_assert_error (error, GOFER_ERROR, GOFER_ERROR_PEER_ERROR);
  g_assert_nonnull (strstr (error->message, "this Gofer wants a conversation"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gofer_test_init (&argc, &argv);
  servers = gofer_test_servers_start ();

#define ADD(path, func) \
  g_test_add ("/app/conversation/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("messages", test_messages);
  ADD ("leave", test_leave);
  ADD ("window-closed", test_window_closed);
  ADD ("failed", test_failed);
  ADD ("transfer", test_transfer);
  ADD ("transfer-hidden-name", test_transfer_hidden_name);
  ADD ("send-files-chosen", test_send_files_chosen);
  ADD ("transfer-decline-cancel", test_transfer_decline_cancel);
  ADD ("auto-send", test_auto_send);
  ADD ("several-files", test_several_files);
  ADD ("offer-notification", test_offer_notification);
  ADD ("standard-sender", test_standard_sender);
  ADD ("standard-receiver", test_standard_receiver);
#undef ADD

  status = g_test_run ();
  gofer_test_servers_stop (servers);
  return status;
}
