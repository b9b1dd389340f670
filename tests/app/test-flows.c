/* test-flows.c: the send and receive flows against each other, through the
 * reference mailbox server and transit relay, driving two real windows
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-app-notifier-private.h"
#include "gofer-app-receive-flow.h"
#include "gofer-app-send-flow.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-settings.h"
#include "gofer-app-window-private.h"
#include "gofer.h"

static GoferTestServers *servers;

typedef struct
{
  GoferTestDesk   desk;
  GoferAppWindow *sender_window;
  GoferAppWindow *receiver_window;
  GoferAppFlow   *sender;
  GoferAppFlow   *receiver;
  guint           sender_states;
  guint           sender_finished;
  guint           receiver_finished;
  guint           code_notifies;
  guint           offer_notifies;
  guint           retries;
  /* What "transferred" gave, for the history. */
  GPtrArray      *sent;
  GPtrArray      *received;
} Fixture;

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gofer_test_desk_set_up (&fixture->desk, servers, "flows",
                          &fixture->sender_window, &fixture->receiver_window);
  fixture->sent = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->received = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
transferred_cb (GPtrArray            *entries,
                GoferAppHistoryEntry *entry)
{
  g_ptr_array_add (entries, g_object_ref (entry));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->sent, g_ptr_array_unref);
  g_clear_pointer (&fixture->received, g_ptr_array_unref);
  g_settings_reset (fixture->desk.settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED);
  gofer_test_assert_finalized (&fixture->sender);
  gofer_test_assert_finalized (&fixture->receiver);
  gofer_test_desk_tear_down (&fixture->desk, &fixture->sender_window, &fixture->receiver_window);
}

static void
start_sender (Fixture      *fixture,
              GoferAppFlow *flow)
{
  fixture->sender = flow;
  g_signal_connect_swapped (flow, "notify::state", G_CALLBACK (count_cb), &fixture->sender_states);
  g_signal_connect_swapped (flow, "notify::code", G_CALLBACK (count_cb), &fixture->code_notifies);
  g_signal_connect_swapped (flow, "finished", G_CALLBACK (count_cb), &fixture->sender_finished);
  g_signal_connect_swapped (flow, "transferred", G_CALLBACK (transferred_cb), fixture->sent);
  gofer_app_flow_start (flow);

  /* Asking the server for a code takes a moment: the window says so. */
  g_assert_cmpstr (gofer_app_window_get_page (fixture->sender_window), ==, GOFER_APP_PAGE_PROGRESS);
  g_assert_true (gofer_app_window_is_busy (fixture->sender_window));

  gofer_test_wait_for_state (flow, GOFER_APP_FLOW_STATE_CODE);
  g_assert_cmpuint (fixture->code_notifies, ==, 1);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->sender_window), ==, GOFER_APP_PAGE_CODE);
  g_assert_cmpstr (gtk_label_get_text (fixture->sender_window->code_label), ==,
                   gofer_app_send_flow_get_code (GOFER_APP_SEND_FLOW (flow)));
}

static void
start_receiver (Fixture    *fixture,
                const char *code)
{
  fixture->receiver = GOFER_APP_FLOW (gofer_app_receive_flow_new (fixture->receiver_window,
                                                                  fixture->desk.settings, code));
  g_signal_connect_swapped (fixture->receiver, "notify::offer", G_CALLBACK (count_cb),
                            &fixture->offer_notifies);
  g_signal_connect_swapped (fixture->receiver, "finished", G_CALLBACK (count_cb),
                            &fixture->receiver_finished);
  g_signal_connect_swapped (fixture->receiver, "transferred", G_CALLBACK (transferred_cb),
                            fixture->received);
  gofer_app_flow_start (fixture->receiver);
}

static const char *
sender_code (Fixture *fixture)
{
  return gofer_app_send_flow_get_code (GOFER_APP_SEND_FLOW (fixture->sender));
}

static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  const char *text = "Grüße — the door code is 4711";

  start_sender (fixture,
                GOFER_APP_FLOW (gofer_app_send_flow_new_text (fixture->sender_window,
                                                              fixture->desk.settings, text)));
  /* #15 item 9: the code page says what goes. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->sender_window->code_payload_label)));
  g_assert_cmpstr (gtk_label_get_text (fixture->sender_window->code_payload_label), ==,
                   "A text of 29 characters");
  start_receiver (fixture, sender_code (fixture));

  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (fixture->sender, GOFER_APP_FLOW_STATE_DONE);
  g_assert_cmpuint (fixture->offer_notifies, ==, 1);
  g_assert_cmpuint (fixture->receiver_finished, ==, 1);
  g_assert_cmpuint (fixture->sender_finished, ==, 1);
  /* starting → code → done */
  g_assert_cmpuint (fixture->sender_states, ==, 2);

  g_assert_cmpstr (gofer_app_window_get_page (fixture->receiver_window), ==, GOFER_APP_PAGE_DONE);
  {
    g_autofree char *shown = g_strconcat (FSI, text, PDI, NULL);

    g_assert_cmpstr (gtk_label_get_text (fixture->receiver_window->done_text_label), ==, shown);
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->receiver_window->copy_text_button)));
  g_assert_cmpstr (gofer_app_window_get_page (fixture->sender_window), ==, GOFER_APP_PAGE_DONE);
  g_assert_false (gofer_app_window_is_busy (fixture->sender_window));

  /* The history keeps that a text went and came, never the text. */
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  g_assert_cmpuint (fixture->received->len, ==, 1);
  for (guint i = 0; i < 2; i++)
    {
      GoferAppHistoryEntry *entry = g_ptr_array_index (i ? fixture->sent : fixture->received, 0);

      g_assert_cmpint (gofer_app_history_entry_get_kind (entry), ==, GOFER_APP_HISTORY_TEXT);
      g_assert_null (gofer_app_history_entry_get_name (entry));
      g_assert_cmpuint (gofer_app_history_entry_get_size (entry), ==, 29);
      g_assert_null (gofer_app_history_entry_get_location (entry));
    }
}

static GListModel *
make_file (Fixture    *fixture,
           const char *name,
           gsize       size,
           GBytes    **contents)
{
  g_autofree char *path = gofer_test_make_file (fixture->desk.source_dir, name, size, contents);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GListStore *files = g_list_store_new (G_TYPE_FILE);

  g_list_store_append (files, file);
  return G_LIST_MODEL (files);
}

static void
offer_file (Fixture     *fixture,
            const char  *name,
            GBytes     **contents)
{
  g_autoptr(GListModel) files = make_file (fixture, name, 300 * 1024 + 7, contents);
  GoferOffer *offer;

  g_autofree char *payload = g_strdup_printf ("“%s” · 307.2\xc2\xa0kB", name);

  start_sender (fixture,
                GOFER_APP_FLOW (gofer_app_send_flow_new_files (fixture->sender_window,
                                                               fixture->desk.settings, files)));
  /* #15 item 9: the code page names the file and its size. */
  g_assert_cmpstr (gtk_label_get_text (fixture->sender_window->code_payload_label), ==, payload);
  start_receiver (fixture, sender_code (fixture));
  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_OFFERED);

  g_assert_cmpuint (fixture->offer_notifies, ==, 1);
  offer = gofer_app_receive_flow_get_offer (GOFER_APP_RECEIVE_FLOW (fixture->receiver));
  g_assert_cmpstr (gofer_offer_get_name (offer), ==, name);
  /* #15 item 9: the sender learns that the receiver looks at the offer. */
  g_assert_cmpstr (gtk_label_get_text (fixture->sender_window->code_note_label), ==,
                   "The receiver typed the code and is looking at your offer.");
  g_assert_cmpstr (gofer_app_window_get_page (fixture->receiver_window), ==, GOFER_APP_PAGE_OFFER);
}

static void
test_file (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *expected_path = g_build_filename (fixture->desk.downloads, "holiday.bin", NULL);
  GFile *received;
  GoferAppHistoryEntry *entry;
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;

  /* Told even with the window in front, for the Open it carries. */
  g_settings_set_boolean (fixture->desk.settings, GOFER_APP_SETTINGS_NOTIFY_ONLY_UNFOCUSED, FALSE);
  offer_file (fixture, "holiday.bin", &contents);
  gtk_widget_activate_action (GTK_WIDGET (fixture->receiver_window), "win.accept-offer", NULL);
  g_assert_cmpint (gofer_app_flow_get_state (fixture->receiver), ==, GOFER_APP_FLOW_STATE_TRANSFERRING);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->receiver_window), ==, GOFER_APP_PAGE_PROGRESS);

  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (fixture->sender, GOFER_APP_FLOW_STATE_DONE);

  received = gofer_app_receive_flow_get_received_file (GOFER_APP_RECEIVE_FLOW (fixture->receiver));
  g_assert_cmpstr (g_file_peek_path (received), ==, expected_path);
  gofer_test_assert_file_contents (expected_path, contents);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->receiver_window), ==, GOFER_APP_PAGE_DONE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->receiver_window->open_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->receiver_window->show_in_folder_button)));
  g_assert_true (g_file_equal (fixture->receiver_window->done_location, received));
  g_assert_cmpstr (adw_status_page_get_title (fixture->sender_window->done_page), ==, "Sent");
  g_assert_cmpstr (adw_status_page_get_description (fixture->sender_window->done_page), ==,
                   "The receiver has “holiday.bin”.");

  /* #15 item 11: "Transfer Complete" opens what came. */
  g_assert_nonnull (fixture->receiver_window->notifier->received_file);
  g_assert_true (g_file_equal (fixture->receiver_window->notifier->received_file, received));

  /* For the history: each side once, with the code and where it went. */
  g_assert_cmpuint (fixture->received->len, ==, 1);
  entry = g_ptr_array_index (fixture->received, 0);
  g_assert_cmpint (gofer_app_history_entry_get_direction (entry), ==, GOFER_APP_HISTORY_RECEIVED);
  g_assert_cmpint (gofer_app_history_entry_get_kind (entry), ==, GOFER_APP_HISTORY_FILE);
  g_assert_cmpstr (gofer_app_history_entry_get_name (entry), ==, "holiday.bin");
  g_assert_cmpuint (gofer_app_history_entry_get_size (entry), ==, 300 * 1024 + 7);
  g_assert_cmpstr (gofer_app_history_entry_get_code (entry), ==, sender_code (fixture));
  g_assert_true (g_file_equal (gofer_app_history_entry_get_location (entry), received));
  description = gofer_app_history_entry_describe (entry);
  expected = g_strdup_printf ("Received with the code %s · ", sender_code (fixture));
  g_assert_true (g_str_has_prefix (description, expected));
  g_assert_nonnull (strstr (description, "\nSaved in "));
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  entry = g_ptr_array_index (fixture->sent, 0);
  g_assert_cmpint (gofer_app_history_entry_get_direction (entry), ==, GOFER_APP_HISTORY_SENT);
  g_assert_cmpstr (gofer_app_history_entry_get_name (entry), ==, "holiday.bin");
  g_assert_cmpstr (gofer_app_history_entry_get_code (entry), ==, sender_code (fixture));
}

/* The flow fails with @code, and its window's error page says the sentence. */
static const GError *
assert_fails_with (GoferAppFlow   *flow,
                   GoferAppWindow *window,
                   int             code)
{
  const GError *error;

  gofer_test_wait_for_state (flow, GOFER_APP_FLOW_STATE_FAILED);
  error = gofer_app_flow_get_error (flow);
  g_assert_error (error, GOFER_ERROR, code);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_ERROR);
  return error;
}

static void
assert_error_page (GoferAppWindow *window,
                   const char     *title,
                   const char     *sentence,
                   GtkButton      *action)
{
  GtkButton *actions[] = { window->retry_button, window->send_again_button };

  g_assert_cmpstr (adw_status_page_get_title (window->error_page), ==, title);
  g_assert_cmpstr (adw_status_page_get_description (window->error_page), ==, sentence);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (actions[i])) == (actions[i] == action));
  /* Enter does what helps: the action, else Back (the window's focus
   * widget: another test's window may have the keyboard). */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) ==
                 GTK_WIDGET (action ? action : window->error_back_button));
}

static void
test_decline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) contents = NULL;

  offer_file (fixture, "unwanted.bin", &contents);
  gtk_widget_activate_action (GTK_WIDGET (fixture->receiver_window), "win.decline-offer", NULL);
  g_assert_cmpint (gofer_app_flow_get_state (fixture->receiver), ==, GOFER_APP_FLOW_STATE_CANCELLED);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->receiver_window), ==, GOFER_APP_PAGE_EMPTY);

  /* The sender hears "no" and says so in a sentence: a decline, not a
   * failure (#15 item 8), with Send Again for the same files. */
  assert_fails_with (fixture->sender, fixture->sender_window, GOFER_ERROR_REJECTED);
  assert_error_page (fixture->sender_window, "Declined", "The receiver declined. Nothing was sent.",
                     fixture->sender_window->send_again_button);
  g_assert_cmpstr (adw_status_page_get_icon_name (fixture->sender_window->error_page), ==,
                   "dialog-information-symbolic");
  g_signal_connect_swapped (fixture->sender_window, "retry-requested", G_CALLBACK (count_cb),
                            &fixture->retries);
  gtk_widget_activate_action (GTK_WIDGET (fixture->sender_window), "win.retry", NULL);
  g_assert_cmpuint (fixture->retries, ==, 1);
  g_assert_true (strstr (fixture->sender_window->error_details, "Mailbox server:") != NULL);
  g_assert_null (strstr (fixture->sender_window->error_details, sender_code (fixture)));
  g_assert_cmpuint (fixture->receiver_finished, ==, 1);
  g_assert_cmpuint (fixture->sender_finished, ==, 1);
}

/* The sender gives up while the receiver still looks at the offer: the
 * receiver says so instead of keeping an Accept button that cannot work. */
static void
test_sender_cancels_offer (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GBytes) contents = NULL;
  const GError *error;

  offer_file (fixture, "withdrawn.bin", &contents);
  gofer_app_flow_cancel (fixture->sender);

  error = assert_fails_with (fixture->receiver, fixture->receiver_window, GOFER_ERROR_PEER_ERROR);
  g_assert_cmpstr (error->message, ==, "The other side cancelled the transfer.");
  assert_error_page (fixture->receiver_window, "Stopped by the Other Side",
                     "The other side cancelled the transfer.", NULL);
  g_assert_cmpuint (fixture->receiver_finished, ==, 1);
  gofer_test_assert_dir_empty (fixture->desk.downloads);
}

/* The chooser loads folders in the background: its file settles later. */
static void
wait_for_chooser_file (GtkFileChooser *chooser,
                       const char     *expected)
{
  g_autofree char *path = NULL;

  for (int i = 0; i < 1000; i++)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

      g_free (path);
      path = chosen ? g_file_get_path (chosen) : NULL;
      if (g_strcmp0 (path, expected) == 0)
        break;
      gofer_test_pump (10);
    }
  g_assert_cmpstr (path, ==, expected);
}

static void
test_save_as (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->desk.source_dir);
  g_autofree char *target = g_build_filename (fixture->desk.source_dir, "renamed.bin", NULL);
  g_autofree char *unwanted = g_build_filename (fixture->desk.downloads, "original.bin", NULL);
  GtkFileChooser *chooser;

  offer_file (fixture, "original.bin", &contents);
  gtk_widget_activate_action (GTK_WIDGET (fixture->receiver_window), "win.save-offer-as", NULL);
  chooser = GTK_FILE_CHOOSER (fixture->receiver_window->save_chooser);
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);

  /* It proposes the offered name in the download folder... */
  wait_for_chooser_file (chooser, unwanted);

  /* ...and the person picks another folder and name, then Save. */
  gtk_file_chooser_set_current_folder (chooser, folder, NULL);
  gtk_file_chooser_set_current_name (chooser, "renamed.bin");
  wait_for_chooser_file (chooser, target);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (fixture->receiver_window->save_chooser);

  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (fixture->sender, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_assert_file_contents (target, contents);
  g_assert_false (g_file_test (unwanted, G_FILE_TEST_EXISTS));
}

static void
test_cancel_code (Fixture       *fixture,
                  gconstpointer  data)
{
  start_sender (fixture,
                GOFER_APP_FLOW (gofer_app_send_flow_new_text (fixture->sender_window,
                                                              fixture->desk.settings, "x")));
  gtk_widget_activate_action (GTK_WIDGET (fixture->sender_window), "win.cancel", NULL);

  g_assert_cmpint (gofer_app_flow_get_state (fixture->sender), ==, GOFER_APP_FLOW_STATE_CANCELLED);
  g_assert_cmpuint (fixture->sender_finished, ==, 1);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->sender_window), ==, GOFER_APP_PAGE_EMPTY);
  /* A finished flow no longer listens to the window. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->sender_window), "win.cancel", NULL);
  g_assert_cmpuint (fixture->sender_finished, ==, 1);
}

static void
test_bad_code (Fixture       *fixture,
               gconstpointer  data)
{
  start_receiver (fixture, "guitarist-revenge");

  g_assert_cmpint (gofer_app_flow_get_state (fixture->receiver), ==, GOFER_APP_FLOW_STATE_FAILED);
  g_assert_error (gofer_app_flow_get_error (fixture->receiver), GOFER_ERROR, GOFER_ERROR_BAD_CODE);
  g_assert_cmpstr (gofer_app_window_get_page (fixture->receiver_window), ==, GOFER_APP_PAGE_ERROR);
  g_assert_cmpuint (fixture->receiver_finished, ==, 1);
}

/* #15 item 10: several files go as one folder named after what is in it,
 * and the code page lists them. */
static void
test_several_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autofree char *first_path = gofer_test_make_file (fixture->desk.source_dir, "notes.txt", 2000, &first);
  g_autofree char *second_path = gofer_test_make_file (fixture->desk.source_dir, "photo.jpg", 3000, &second);
  g_autofree char *saved_first = g_build_filename (fixture->desk.downloads, "notes and 1 more", "notes.txt", NULL);
  g_autofree char *saved_second = g_build_filename (fixture->desk.downloads, "notes and 1 more", "photo.jpg", NULL);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GFile) a = g_file_new_for_path (first_path);
  g_autoptr(GFile) b = g_file_new_for_path (second_path);
  GoferOffer *offer;

  g_list_store_append (files, a);
  g_list_store_append (files, b);
  start_sender (fixture,
                GOFER_APP_FLOW (gofer_app_send_flow_new_files (fixture->sender_window,
                                                               fixture->desk.settings,
                                                               G_LIST_MODEL (files))));
  g_assert_cmpstr (gtk_label_get_text (fixture->sender_window->code_payload_label), ==,
                   "“notes.txt”, “photo.jpg” · 5.0\xc2\xa0kB");
  start_receiver (fixture, sender_code (fixture));
  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_OFFERED);
  offer = gofer_app_receive_flow_get_offer (GOFER_APP_RECEIVE_FLOW (fixture->receiver));
  g_assert_cmpstr (gofer_offer_get_name (offer), ==, "notes and 1 more");

  gtk_widget_activate_action (GTK_WIDGET (fixture->receiver_window), "win.accept-offer", NULL);
  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (fixture->sender, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_assert_file_contents (saved_first, first);
  gofer_test_assert_file_contents (saved_second, second);
}

/* #15 item 8: a mistyped code is the receiver's typo: the sender, who
 * typed nothing, is not told to check for typos but to try again with a
 * new code; the receiver is told to check the code. */
static void
test_wrong_code (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *wrong = NULL;
  g_autofree char *nameplate = NULL;
  g_autofree char *shot = NULL;
  const char *code;

  start_sender (fixture,
                GOFER_APP_FLOW (gofer_app_send_flow_new_text (fixture->sender_window,
                                                              fixture->desk.settings, "x")));
  code = sender_code (fixture);
  nameplate = g_strndup (code, strchr (code, '-') - code);
  wrong = g_strconcat (nameplate, "-yes-no", NULL);
  start_receiver (fixture, wrong);

  assert_fails_with (fixture->sender, fixture->sender_window, GOFER_ERROR_WRONG_CODE);
  assert_error_page (fixture->sender_window, "The Code Was Mistyped",
                     "The other side typed the code with a mistake, so the connection was closed "
                     "to keep it safe. Try again with a new code and read it out carefully.",
                     fixture->sender_window->send_again_button);
  gofer_test_pump (400);  /* the stack's crossfade */
  shot = gofer_test_save_screenshot (GTK_WIDGET (fixture->sender_window), "error-wrong-code-sender");

  assert_fails_with (fixture->receiver, fixture->receiver_window, GOFER_ERROR_WRONG_CODE);
  assert_error_page (fixture->receiver_window, "Wrong Code",
                     "The other side used a different code, so the connection was closed. Check "
                     "the code for typos and try again.", NULL);
}

static gboolean
title_is (GoferAppWindow *window,
          const char     *title)
{
  return g_strcmp0 (adw_status_page_get_title (window->progress_page), title) == 0;
}

static const char *
description_of (GoferAppWindow *window)
{
  const char *description = adw_status_page_get_description (window->progress_page);

  return description ? description : "";
}

/* #15 item 2: a code nobody uses does not wait forever without a word:
 * first the server is reached, then the page waits for the sender, and
 * after a while says what may be wrong, above Cancel. */
static void
test_waiting_for_sender (Fixture       *fixture,
                         gconstpointer  data)
{
  GoferAppWindow *window = fixture->receiver_window;
  g_autofree char *shot = NULL;

  window->late_after_ms = 500;
  start_receiver (fixture, "998-guitarist-revenge");
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_PROGRESS);
  g_assert_true (title_is (window, "Reaching the Server…"));

  for (int i = 0; i < 1000 && !title_is (window, "Waiting for the Sender…"); i++)
    gofer_test_pump (10);
  g_assert_true (title_is (window, "Waiting for the Sender…"));
  g_assert_cmpstr (description_of (window), ==, "");
  for (int i = 0; i < 1000 && description_of (window)[0] == '\0'; i++)
    gofer_test_pump (10);
  g_assert_cmpstr (adw_status_page_get_description (window->progress_page), ==,
                   "Nobody has used this code yet. Check that the sender still shows it and that "
                   "you typed it exactly, or cancel and try again.");
  gofer_test_pump (400);  /* the stack's crossfade */
  shot = gofer_test_save_screenshot (GTK_WIDGET (window), "waiting-for-sender-late");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  g_assert_cmpint (gofer_app_flow_get_state (fixture->receiver), ==, GOFER_APP_FLOW_STATE_CANCELLED);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_EMPTY);
}

/* Closing the window while waiting for the sender ends the flow. */
static void
test_window_closed (Fixture       *fixture,
                    gconstpointer  data)
{
  GoferAppWindow *window = gofer_app_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  fixture->receiver = GOFER_APP_FLOW (gofer_app_receive_flow_new (window, fixture->desk.settings,
                                                                  "999-guitarist-revenge"));
  gofer_app_flow_start (fixture->receiver);
  gofer_test_pump (200);
  g_assert_cmpint (gofer_app_flow_get_state (fixture->receiver), ==, GOFER_APP_FLOW_STATE_STARTING);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (gofer_app_flow_get_state (fixture->receiver), ==, GOFER_APP_FLOW_STATE_CANCELLED);
  g_assert_null (gofer_app_flow_get_window (fixture->receiver));
}

static gboolean
not_unpacking (gpointer user_data)
{
  GoferAppWindow *window = user_data;

  return !window->unpacking;
}

/* #14 item 7: GNOME Warp packs a folder into NAME.zip and sends it as a
 * file (tests/interop/rust-peer.py replays it): the done page offers
 * Unpack, which makes NAME/ beside the zip. */
static void
test_packed_folder_from_warp (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *root = g_getenv ("GOFER_SOURCE_ROOT");
  g_autofree char *script = g_build_filename (root ? root : ".", "tests", "interop", "rust-peer.py", NULL);
  g_autofree char *folder = g_build_filename (fixture->desk.source_dir, "Holiday photos", NULL);
  g_autofree char *inside = g_build_filename (folder, "beach.txt", NULL);
  g_autofree char *unpacked = g_build_filename (fixture->desk.downloads, "Holiday photos", "beach.txt", NULL);
  g_autofree char *zip = g_build_filename (fixture->desk.downloads, "Holiday photos.zip", NULL);
  g_autofree char *code = g_strdup_printf ("%d-guitarist-revenge", g_random_int_range (2000, 9000));
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "sand", -1, &error));
  peer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "/usr/bin/python3", script,
                           "--send", "zip", servers->mailbox_url, servers->transit_helper, code,
                           folder, NULL);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC / 2);
  start_receiver (fixture, code);
  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_OFFERED);
  gtk_widget_activate_action (GTK_WIDGET (fixture->receiver_window), "win.accept-offer", NULL);
  gofer_test_wait_for_state (fixture->receiver, GOFER_APP_FLOW_STATE_DONE);
  g_assert_true (g_subprocess_wait_check (peer, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_test (zip, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->receiver_window->unpack_button)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->receiver_window), "win.unpack-received", NULL);
  gofer_test_wait_until (not_unpacking, fixture->receiver_window, 10000, "the zip is unpacked");
  g_assert_true (g_file_get_contents (unpacked, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "sand");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->receiver_window->unpack_button)));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gofer_test_init (&argc, &argv);
  servers = gofer_test_servers_start ();

#define ADD(path, func) \
  g_test_add ("/app/flows/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("text", test_text);
  ADD ("file", test_file);
  ADD ("decline", test_decline);
  ADD ("sender-cancels-offer", test_sender_cancels_offer);
  ADD ("save-as", test_save_as);
  ADD ("cancel-code", test_cancel_code);
  ADD ("bad-code", test_bad_code);
  ADD ("waiting-for-sender", test_waiting_for_sender);
  ADD ("wrong-code", test_wrong_code);
  ADD ("several-files", test_several_files);
  ADD ("window-closed", test_window_closed);
  ADD ("packed-folder-from-warp", test_packed_folder_from_warp);
#undef ADD

  status = g_test_run ();
  gofer_test_servers_stop (servers);
  return status;
}
