/* test-lan.c: two app windows on a local network without Internet
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/lan/lan-app.sh runs this inside one side of the simulated LAN
 * (its own avahi-daemon, an address on the network, no name resolves):
 * with the default server out of reach, the sending window serves the
 * transfer itself and says so; the receiving window finds it by the code.
 */

#include "config.h"

#include <string.h>

#include "gofer-app-chat-view-private.h"
#include "gofer-app-conversation-flow.h"
#include "gofer-app-receive-flow.h"
#include "gofer-app-send-flow.h"
#include "gofer-app-settings.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-window-private.h"
#include "gofer.h"

static void
test_text_without_internet (void)
{
  const char *text = "hello from a train without Internet";
  GoferTestDesk desk = { NULL };
  GoferAppWindow *sender_window = NULL;
  GoferAppWindow *receiver_window = NULL;
  GoferAppFlow *sender, *receiver;
  g_autofree char *link = NULL;
  g_autofree char *shown = NULL;
  const char *note, *code;

  gofer_test_desk_set_up (&desk, NULL, "lan", &sender_window, &receiver_window);
  sender = GOFER_APP_FLOW (gofer_app_send_flow_new_text (sender_window, desk.settings, text));
  gofer_app_flow_start (sender);
  gofer_test_wait_for_state (sender, GOFER_APP_FLOW_STATE_CODE);

  /* The page says where the transfer is, and how a standard client gets it. */
  note = gtk_label_get_text (sender_window->code_note_label);
  g_assert_nonnull (strstr (note, "stays on this network"));
  g_assert_nonnull (strstr (note, "wormhole --relay-url ws://"));
  code = gofer_app_send_flow_get_code (GOFER_APP_SEND_FLOW (sender));
  link = _gofer_app_window_link_for_code (sender_window, code);
  /* A phone on the network that scans the QR code reaches the same mailbox. */
  g_assert_true (g_str_has_prefix (link, "wormhole-transfer:"));
  g_assert_nonnull (strstr (link, "rendezvous=ws"));
  g_assert_cmpstr (gofer_app_window_get_page (sender_window), ==, GOFER_APP_PAGE_CODE);
  gofer_test_pump (500);
  g_free (gofer_test_save_screenshot (GTK_WIDGET (sender_window), "lan-code-page"));

  receiver = GOFER_APP_FLOW (gofer_app_receive_flow_new (receiver_window, desk.settings, code));
  gofer_app_flow_start (receiver);
  gofer_test_wait_for_state (receiver, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (sender, GOFER_APP_FLOW_STATE_DONE);
  shown = g_strconcat (FSI, text, PDI, NULL);
  g_assert_cmpstr (gtk_label_get_text (receiver_window->done_text_label), ==, shown);

  gofer_test_assert_finalized (&sender);
  gofer_test_assert_finalized (&receiver);
  gofer_test_desk_tear_down (&desk, &sender_window, &receiver_window);
}

/* "Local Network Only": never a server, even one that is set. */
static void
test_local_network_only (void)
{
  const char *text = "nothing leaves this network";
  GoferTestDesk desk = { NULL };
  GoferAppWindow *sender_window = NULL;
  GoferAppWindow *receiver_window = NULL;
  GoferAppFlow *sender, *receiver;
  g_autofree char *shown = NULL;
  const char *note;

  gofer_test_desk_set_up (&desk, NULL, "lan-only", &sender_window, &receiver_window);
  /* A server that does not exist: with the switch on it is never asked. */
  g_settings_set_string (desk.settings, GOFER_APP_SETTINGS_MAILBOX_URL, "ws://192.0.2.1:4000/v1");
  g_settings_set_boolean (desk.settings, GOFER_APP_SETTINGS_LOCAL_NETWORK_ONLY, TRUE);

  sender = GOFER_APP_FLOW (gofer_app_send_flow_new_text (sender_window, desk.settings, text));
  gofer_app_flow_start (sender);
  gofer_test_wait_for_state (sender, GOFER_APP_FLOW_STATE_CODE);
  note = gtk_label_get_text (sender_window->code_note_label);
  g_assert_nonnull (strstr (note, "wormhole --relay-url ws://"));
  g_assert_null (strstr (note, "192.0.2.1"));

  receiver = GOFER_APP_FLOW (gofer_app_receive_flow_new (receiver_window, desk.settings,
                                                         gofer_app_send_flow_get_code (GOFER_APP_SEND_FLOW (sender))));
  gofer_app_flow_start (receiver);
  gofer_test_wait_for_state (receiver, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (sender, GOFER_APP_FLOW_STATE_DONE);
  shown = g_strconcat (FSI, text, PDI, NULL);
  g_assert_cmpstr (gtk_label_get_text (receiver_window->done_text_label), ==, shown);

  gofer_test_assert_finalized (&sender);
  gofer_test_assert_finalized (&receiver);
  g_settings_reset (desk.settings, GOFER_APP_SETTINGS_LOCAL_NETWORK_ONLY);
  g_settings_reset (desk.settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  gofer_test_desk_tear_down (&desk, &sender_window, &receiver_window);
}

/* The receiver with "Local Network Only" and nobody sending: a sentence. */
static void
test_local_network_only_nobody (void)
{
  GoferTestDesk desk = { NULL };
  GoferAppWindow *first = NULL;
  GoferAppWindow *second = NULL;
  GoferAppFlow *receiver;
  const GError *error;

  gofer_test_desk_set_up (&desk, NULL, "lan-nobody", &first, &second);
  g_settings_set_boolean (desk.settings, GOFER_APP_SETTINGS_LOCAL_NETWORK_ONLY, TRUE);
  receiver = GOFER_APP_FLOW (gofer_app_receive_flow_new (first, desk.settings, "7-guitarist-revenge"));
  gofer_app_flow_start (receiver);
  gofer_test_wait_for_state (receiver, GOFER_APP_FLOW_STATE_FAILED);
  error = gofer_app_flow_get_error (receiver);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "No computer on this network is sending with that code"));
  g_assert_cmpstr (gofer_app_window_get_page (first), ==, GOFER_APP_PAGE_ERROR);

  gofer_test_assert_finalized (&receiver);
  g_settings_reset (desk.settings, GOFER_APP_SETTINGS_LOCAL_NETWORK_ONLY);
  gofer_test_desk_tear_down (&desk, &first, &second);
}

#define WAIT_MS 30000
#define WAIT_UNTIL(condition, what) \
  G_STMT_START { \
    gint64 end_ = g_get_monotonic_time () + WAIT_MS * 1000; \
    while (!(condition) && g_get_monotonic_time () < end_) \
      gofer_test_pump (20); \
    if (!(condition)) \
      g_error ("gave up after %d s waiting for %s", WAIT_MS / 1000, what); \
  } G_STMT_END

/* A conversation with the default server out of reach: the starter serves
 * it on this network, the joiner finds it by the code, both chat, the
 * starter leaves. */
static void
test_conversation_without_internet (void)
{
  GoferTestDesk desk = { NULL };
  GoferAppWindow *starter_window = NULL;
  GoferAppWindow *joiner_window = NULL;
  GoferAppFlow *starter, *joiner;
  GoferAppChatView *starter_view, *joiner_view;
  const char *code;

  gofer_test_desk_set_up (&desk, NULL, "lan-chat", &starter_window, &joiner_window);
  starter = GOFER_APP_FLOW (gofer_app_conversation_flow_new_start (starter_window, desk.settings));
  gofer_app_flow_start (starter);
  gofer_test_wait_for_state (starter, GOFER_APP_FLOW_STATE_CODE);
  g_assert_nonnull (strstr (gtk_label_get_text (starter_window->code_note_label),
                            "stays on this network"));
  code = gofer_app_conversation_flow_get_code (GOFER_APP_CONVERSATION_FLOW (starter));

  joiner = GOFER_APP_FLOW (gofer_app_conversation_flow_new_join (joiner_window, desk.settings, code));
  gofer_app_flow_start (joiner);
  gofer_test_wait_for_state (joiner, GOFER_APP_FLOW_STATE_CONVERSING);
  gofer_test_wait_for_state (starter, GOFER_APP_FLOW_STATE_CONVERSING);

  starter_view = starter_window->chat_view;
  joiner_view = joiner_window->chat_view;
  gofer_test_chat_write (joiner_view, "found you without Internet");
  g_assert_true (gofer_test_chat_press_enter (joiner_view, 0));
  WAIT_UNTIL (gofer_app_chat_view_get_n_messages (starter_view) == 1, "the joiner's message");
  g_assert_cmpstr (gofer_test_chat_text_at (starter_view, 0), ==, FSI "found you without Internet" PDI);

  g_signal_emit_by_name (starter_view->leave_button, "clicked");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (starter_view->leave_dialog), "leave");
  WAIT_UNTIL (!gofer_app_chat_view_is_active (joiner_view), "the joiner to see the starter leave");
  gofer_test_wait_for_state (joiner, GOFER_APP_FLOW_STATE_DONE);
  gofer_test_wait_for_state (starter, GOFER_APP_FLOW_STATE_DONE);

  gofer_test_assert_finalized (&starter);
  gofer_test_assert_finalized (&joiner);
  gofer_test_desk_tear_down (&desk, &starter_window, &joiner_window);
}

/* Cancel while the join still looks for the other computer (avahi-daemon
 * answers, nobody announces the code): the search ends at once and lets go
 * of the flow, instead of when it would have given up. */
static void
test_conversation_join_cancelled (void)
{
  GoferTestDesk desk = { NULL };
  GoferAppWindow *first = NULL;
  GoferAppWindow *second = NULL;
  GoferAppFlow *joiner;

  gofer_test_desk_set_up (&desk, NULL, "lan-cancel", &first, &second);
  joiner = GOFER_APP_FLOW (gofer_app_conversation_flow_new_join (first, desk.settings,
                                                                  "7-guitarist-revenge"));
  gofer_app_flow_start (joiner);
  /* Long enough for the browser to be set up and waiting on the daemon. */
  gofer_test_pump (1000);
  g_assert_true (gofer_app_flow_is_running (joiner));
  gofer_app_flow_cancel (joiner);
  /* The search would go on for 12 s: 2 s is "at once" with room for a busy machine. */
  gofer_test_wait_finalized (g_steal_pointer (&joiner), 2000,
                             "the cancelled search on the network to let go of the flow");
  gofer_test_desk_tear_down (&desk, &first, &second);
}

/* No avahi-daemon on the system bus (lan-app-no-mdns): where the network
 * would have been used, each window says why it cannot be. */
static void
test_without_mdns (void)
{
  GoferTestDesk desk = { NULL };
  GoferAppWindow *sender_window = NULL;
  GoferAppWindow *other_window = NULL;
  GoferAppFlow *sender, *receiver, *starter;
  const char *note;
  const GError *error;

  gofer_test_desk_set_up (&desk, NULL, "lan-no-mdns", &sender_window, &other_window);
  sender = GOFER_APP_FLOW (gofer_app_send_flow_new_text (sender_window, desk.settings, "unseen"));
  gofer_app_flow_start (sender);
  gofer_test_wait_for_state (sender, GOFER_APP_FLOW_STATE_CODE);
  note = gtk_label_get_text (sender_window->code_note_label);
  g_assert_nonnull (strstr (note, "no service for finding others on the local network"));
  g_assert_nonnull (strstr (note, "wormhole --relay-url ws://"));

  receiver = GOFER_APP_FLOW (gofer_app_receive_flow_new (other_window, desk.settings,
                                                         gofer_app_send_flow_get_code (GOFER_APP_SEND_FLOW (sender))));
  gofer_app_flow_start (receiver);
  gofer_test_wait_for_state (receiver, GOFER_APP_FLOW_STATE_FAILED);
  error = gofer_app_flow_get_error (receiver);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "cannot look for the sender on the local network"));
  g_assert_cmpstr (gofer_app_window_get_page (other_window), ==, GOFER_APP_PAGE_ERROR);
  g_assert_cmpstr (adw_status_page_get_title (other_window->error_page), ==, "Server Not Reachable");
  gofer_test_assert_finalized (&receiver);

  starter = GOFER_APP_FLOW (gofer_app_conversation_flow_new_start (other_window, desk.settings));
  gofer_app_flow_start (starter);
  gofer_test_wait_for_state (starter, GOFER_APP_FLOW_STATE_CODE);
  note = gtk_label_get_text (other_window->code_note_label);
  g_assert_nonnull (strstr (note, "stays on this network"));
  g_assert_nonnull (strstr (note, "no service for finding others on the local network"));
  g_assert_nonnull (strstr (note, "ws://"));

  gofer_app_flow_cancel (starter);
  gofer_app_flow_cancel (sender);
  gofer_test_assert_finalized (&starter);
  gofer_test_assert_finalized (&sender);
  gofer_test_desk_tear_down (&desk, &sender_window, &other_window);
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);

  /* lan-app-no-mdns runs this program on a side without avahi-daemon. */
  if (g_strcmp0 (g_getenv ("LAN_APP_MDNS"), "no-mdns") == 0)
    {
      g_test_add_func ("/app/lan/without-mdns", test_without_mdns);
      return g_test_run ();
    }
  g_test_add_func ("/app/lan/text-without-internet", test_text_without_internet);
  g_test_add_func ("/app/lan/conversation-without-internet", test_conversation_without_internet);
  g_test_add_func ("/app/lan/conversation-join-cancelled", test_conversation_join_cancelled);
  g_test_add_func ("/app/lan/local-network-only", test_local_network_only);
  g_test_add_func ("/app/lan/local-network-only-nobody", test_local_network_only_nobody);

  return g_test_run ();
}
