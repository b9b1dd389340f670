/* test-pairing.c: two windows in a conversation remember each other
 * (Remember This Computer…, #18), through the reference mailbox server
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each window keeps its identity and paired computers in a folder of its
 * own, as two computers do.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gofer-app-chat-view-private.h"
#include "gofer-app-conversation-flow.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-transfer-row-private.h"
#include "gofer-app-window-private.h"
#include "gofer.h"

#define WAIT_MS 30000

static GoferTestServers *servers;

typedef struct
{
  GoferTestDesk   desk;
  GoferAppWindow *starter_window;
  GoferAppWindow *joiner_window;
  GoferAppFlow   *starter;
  GoferAppFlow   *joiner;
  char           *starter_folder;
  char           *joiner_folder;
} Fixture;

/* Until the condition holds or WAIT_MS passed; what is waited for is the
 * condition, printed when it never holds. */
#define WAIT_UNTIL(condition) \
  G_STMT_START { \
    gint64 end_ = g_get_monotonic_time () + WAIT_MS * 1000; \
    while (!(condition) && g_get_monotonic_time () < end_) \
      g_main_context_iteration (NULL, FALSE); \
    g_assert_true (condition); \
  } G_STMT_END

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gofer_test_desk_set_up (&fixture->desk, servers, "pairing",
                          &fixture->starter_window, &fixture->joiner_window);
  fixture->starter_folder = g_dir_make_tmp ("gofer-pairing-starter-XXXXXX", NULL);
  fixture->joiner_folder = g_dir_make_tmp ("gofer-pairing-joiner-XXXXXX", NULL);
  g_assert_nonnull (fixture->starter_folder);
  g_assert_nonnull (fixture->joiner_folder);
  gofer_app_window_set_pairing_folder (fixture->starter_window, fixture->starter_folder);
  gofer_app_window_set_pairing_folder (fixture->joiner_window, fixture->joiner_folder);
}

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
  gofer_test_desk_tear_down (&fixture->desk, &fixture->starter_window, &fixture->joiner_window);
  gofer_test_remove_tree (fixture->starter_folder);
  gofer_test_remove_tree (fixture->joiner_folder);
  g_free (fixture->starter_folder);
  g_free (fixture->joiner_folder);
}

static void
connect_windows (Fixture *fixture)
{
  const char *code;

  fixture->starter = GOFER_APP_FLOW (gofer_app_conversation_flow_new_start (fixture->starter_window,
                                                                            fixture->desk.settings));
  gofer_app_flow_start (fixture->starter);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CODE);
  code = gofer_app_conversation_flow_get_code (GOFER_APP_CONVERSATION_FLOW (fixture->starter));
  fixture->joiner = GOFER_APP_FLOW (gofer_app_conversation_flow_new_join (fixture->joiner_window,
                                                                          fixture->desk.settings,
                                                                          code));
  gofer_app_flow_start (fixture->joiner);
  gofer_test_wait_for_state (fixture->joiner, GOFER_APP_FLOW_STATE_CONVERSING);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CONVERSING);
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

static gboolean
shows_toast (GoferAppWindow *window,
             const char     *text)
{
  return shows_label (GTK_WIDGET (window->toast_overlay), text);
}

/* The message dialog shown over window, or NULL. */
static AdwMessageDialog *
find_dialog (GoferAppWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* As a click on the dialog's button: the response, then the dialog closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static char *
own_name (void)
{
  return g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
}

/* The names of the computers remembered in folder. */
static GStrv
peer_names (const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferPairedPeers) peers = gofer_paired_peers_load (folder, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_assert_no_error (error);
  list = gofer_paired_peers_list (peers);
  for (guint i = 0; i < list->len; i++)
    g_strv_builder_add (names, gofer_paired_peer_get_name (g_ptr_array_index (list, i)));
  return g_strv_builder_end (names);
}

static guint
count_peers (const char *folder)
{
  g_auto(GStrv) names = peer_names (folder);

  return g_strv_length (names);
}

/* Asks from the starter's chat page; the joiner's dialog names the starter. */
static AdwMessageDialog *
ask_from_starter (Fixture *fixture)
{
  GoferAppChatView *starter_view = fixture->starter_window->chat_view;
  GoferAppChatView *joiner_view = fixture->joiner_window->chat_view;
  g_autofree char *name = own_name ();
  g_autofree char *heading = g_strdup_printf ("Remember “%s”?", name);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  connect_windows (fixture);
  /* Both Gofers can pair: both chat pages offer it. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (starter_view->more_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (joiner_view->more_button)));

  /* The chat page's menu: Remember This Computer…, asked once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (starter_view), "chat.remember", NULL));
  gofer_test_pump (300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (starter_view->more_button)));
  g_assert_true (shows_toast (fixture->starter_window, "The other computer is asked to confirm."));

  WAIT_UNTIL (find_dialog (fixture->joiner_window) != NULL);
  dialog = find_dialog (fixture->joiner_window);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, name);
  return dialog;
}

static void
test_remember (Fixture       *fixture,
               gconstpointer  data)
{
  AdwMessageDialog *dialog = ask_from_starter (fixture);
  g_autofree char *name = own_name ();
  g_autofree char *starter_toast = g_strdup_printf ("“%s” is remembered. Send to it from the "
                                                    "first page without a code.", name);
  g_auto(GStrv) starter_peers = NULL;
  g_auto(GStrv) joiner_peers = NULL;
  g_autofree char *shot = NULL;

  /* The joiner names the starter its own way. */
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Anna’s Laptop");
  gofer_test_pump (200);
  shot = gofer_test_save_screenshot (GTK_WIDGET (dialog), "pairing-dialog");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (gofer_test_assert_labels_fit (GTK_WIDGET (dialog)), >, 0);
  respond (dialog, "remember");

  WAIT_UNTIL (shows_toast (fixture->joiner_window, "“Anna’s Laptop” is remembered. Send to it "
                           "from the first page without a code."));
  WAIT_UNTIL (shows_toast (fixture->starter_window, starter_toast));
  g_assert_null (find_dialog (fixture->joiner_window));

  /* Each side keeps the other under the name it gave. */
  starter_peers = peer_names (fixture->starter_folder);
  joiner_peers = peer_names (fixture->joiner_folder);
  g_assert_cmpuint (g_strv_length (starter_peers), ==, 1);
  g_assert_cmpstr (starter_peers[0], ==, name);
  g_assert_cmpuint (g_strv_length (joiner_peers), ==, 1);
  g_assert_cmpstr (joiner_peers[0], ==, "Anna’s Laptop");
  /* The conversation goes on. */
  g_assert_true (gofer_app_chat_view_is_active (fixture->starter_window->chat_view));
  g_assert_true (gofer_app_chat_view_is_active (fixture->joiner_window->chat_view));
}

static void
test_not_now (Fixture       *fixture,
              gconstpointer  data)
{
  AdwMessageDialog *dialog = ask_from_starter (fixture);
  g_auto(GStrv) starter_peers = NULL;
  g_auto(GStrv) joiner_peers = NULL;

  respond (dialog, "not-now");
  WAIT_UNTIL (shows_toast (fixture->starter_window, "The other computer chose not to remember "
                           "this one. Both can still talk and send here."));
  g_assert_null (find_dialog (fixture->joiner_window));
  starter_peers = peer_names (fixture->starter_folder);
  joiner_peers = peer_names (fixture->joiner_folder);
  g_assert_cmpuint (g_strv_length (starter_peers), ==, 0);
  g_assert_cmpuint (g_strv_length (joiner_peers), ==, 0);
  g_assert_true (gofer_app_chat_view_is_active (fixture->starter_window->chat_view));
}

static guint
count_rows (GoferAppWindow *window)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->paired_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static const char *
row_title (GoferAppWindow *window,
           int             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (window->paired_list, index);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* A window as Gofer opens one after a restart, on the first page. */
static GoferAppWindow *
reopen (GoferAppWindow **window,
        const char      *folder)
{
  g_clear_pointer ((GtkWindow **) window, gtk_window_destroy);
  *window = gofer_app_window_new (NULL);
  gofer_app_window_set_pairing_folder (*window, folder);
  gtk_window_present (GTK_WINDOW (*window));
  gofer_app_window_show_empty (*window);
  gofer_test_pump (200);
  return *window;
}

/* Another computer remembered earlier, with a long name, for the layout. */
static void
add_second_peer (const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferPairedPeers) peers = gofer_paired_peers_load (folder, &error);
  guint8 key[GOFER_IDENTITY_PUBLIC_KEY_SIZE];
  GoferKey *secret = gofer_key_new ();

  g_assert_no_error (error);
  memset (key, 0x42, sizeof key);
  g_assert_nonnull (gofer_paired_peers_add (peers, "Büro-PC im zweiten Stock, Raum 214", key,
                                            secret, &error));
  g_assert_no_error (error);
  gofer_key_free (secret);
}

static void
check_layout (GoferAppWindow *window,
              int             width)
{
  g_autofree char *name = g_strdup_printf ("pairing-first-page-%d", width);
  g_autofree char *shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), width, width == 360 ? 720 : 800);
  gofer_test_pump (450);  /* the resize */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width + 24);
  g_assert_cmpuint (gofer_test_assert_labels_fit (GTK_WIDGET (window)), >, 0);
  shot = gofer_test_save_screenshot (GTK_WIDGET (window), name);
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
}

/* Remembered computers are listed on both first pages, after a restart
 * too; Forget (confirmed) removes one. */
static void
test_first_page (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwMessageDialog *dialog = ask_from_starter (fixture);
  g_autofree char *name = own_name ();
  g_auto(GStrv) joiner_peers = NULL;
  GoferAppWindow *starter;
  GoferAppWindow *joiner;

  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Anna’s Laptop");
  respond (dialog, "remember");
  WAIT_UNTIL (count_peers (fixture->starter_folder) == 1);
  leave_and_assert_finalized (&fixture->starter);
  leave_and_assert_finalized (&fixture->joiner);

  starter = reopen (&fixture->starter_window, fixture->starter_folder);
  joiner = reopen (&fixture->joiner_window, fixture->joiner_folder);
  g_assert_cmpstr (gofer_app_window_get_page (joiner), ==, GOFER_APP_PAGE_EMPTY);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (starter->paired_group)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (joiner->paired_group)));
  g_assert_cmpuint (count_rows (starter), ==, 1);
  g_assert_cmpstr (row_title (starter, 0), ==, name);
  g_assert_cmpuint (count_rows (joiner), ==, 1);
  g_assert_cmpstr (row_title (joiner, 0), ==, "Anna’s Laptop");

  add_second_peer (fixture->joiner_folder);
  gofer_app_window_show_empty (joiner);
  g_assert_cmpuint (count_rows (joiner), ==, 2);
  check_layout (joiner, 360);
  check_layout (joiner, 1280);

  /* Forget asks first; Cancel keeps the computer. */
  g_action_group_activate_action (G_ACTION_GROUP (joiner), "forget-paired",
                                  g_variant_new_string ("Anna’s Laptop"));
  WAIT_UNTIL (find_dialog (joiner) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (find_dialog (joiner)), ==,
                   "Forget “Anna’s Laptop”?");
  respond (find_dialog (joiner), "cancel");
  gofer_test_pump (200);
  g_assert_cmpuint (count_rows (joiner), ==, 2);

  g_action_group_activate_action (G_ACTION_GROUP (joiner), "forget-paired",
                                  g_variant_new_string ("Anna’s Laptop"));
  WAIT_UNTIL (find_dialog (joiner) != NULL);
  respond (find_dialog (joiner), "forget");
  WAIT_UNTIL (count_rows (joiner) == 1);
  g_assert_cmpstr (row_title (joiner, 0), ==, "Büro-PC im zweiten Stock, Raum 214");
  joiner_peers = peer_names (fixture->joiner_folder);
  g_assert_cmpuint (g_strv_length (joiner_peers), ==, 1);

  /* With none left, no list. */
  g_action_group_activate_action (G_ACTION_GROUP (joiner), "forget-paired",
                                  g_variant_new_string ("Büro-PC im zweiten Stock, Raum 214"));
  WAIT_UNTIL (find_dialog (joiner) != NULL);
  respond (find_dialog (joiner), "forget");
  WAIT_UNTIL (count_rows (joiner) == 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (joiner->paired_group)));
}

static void
meet_requested_cb (GoferAppWindow *window,
                   const char     *name,
                   GListModel     *files,
                   char          **asked)
{
  g_free (*asked);
  *asked = g_strdup (name);
}

/* Remembers each other through a conversation, leaves it, and opens both
 * windows again, as after a restart. */
static void
pair_and_restart (Fixture *fixture)
{
  AdwMessageDialog *dialog = ask_from_starter (fixture);

  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Anna’s Laptop");
  respond (dialog, "remember");
  WAIT_UNTIL (count_peers (fixture->starter_folder) == 1 &&
              count_peers (fixture->joiner_folder) == 1);
  leave_and_assert_finalized (&fixture->starter);
  leave_and_assert_finalized (&fixture->joiner);
  reopen (&fixture->starter_window, fixture->starter_folder);
  reopen (&fixture->joiner_window, fixture->joiner_folder);
}

/* A click on the window's first remembered computer: the name it asks for. */
static char *
click_first_row (GoferAppWindow *window)
{
  char *asked = NULL;
  gulong id = g_signal_connect (window, "meet-requested", G_CALLBACK (meet_requested_cb), &asked);

  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (window->paired_list,
                                                                                 0))));
  g_signal_handler_disconnect (window, id);
  g_assert_nonnull (asked);
  return asked;
}

/* After a restart, a click on each side's row opens the conversation with
 * no code, and messages go both ways. */
static void
test_meet (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *name = own_name ();
  g_autofree char *starter_asked = NULL;
  g_autofree char *joiner_asked = NULL;
  GSettings *settings = fixture->desk.settings;
  GoferAppWindow *starter;
  GoferAppWindow *joiner;

  pair_and_restart (fixture);
  starter = fixture->starter_window;
  joiner = fixture->joiner_window;

  joiner_asked = click_first_row (joiner);
  g_assert_cmpstr (joiner_asked, ==, "Anna’s Laptop");
  fixture->joiner = GOFER_APP_FLOW (gofer_app_conversation_flow_new_meet (joiner, settings,
                                                                          joiner_asked, NULL));
  gofer_app_flow_start (fixture->joiner);
  gofer_test_pump (200);
  /* Until the other side asks too, the page says whom it waits for. */
  g_assert_cmpstr (gofer_app_window_get_page (joiner), ==, GOFER_APP_PAGE_PROGRESS);
  g_assert_true (shows_label (GTK_WIDGET (joiner), "Waiting for “Anna’s Laptop”"));

  starter_asked = click_first_row (starter);
  g_assert_cmpstr (starter_asked, ==, name);
  fixture->starter = GOFER_APP_FLOW (gofer_app_conversation_flow_new_meet (starter, settings,
                                                                           starter_asked, NULL));
  gofer_app_flow_start (fixture->starter);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CONVERSING);
  gofer_test_wait_for_state (fixture->joiner, GOFER_APP_FLOW_STATE_CONVERSING);
  g_assert_cmpstr (gofer_app_window_get_page (starter), ==, GOFER_APP_PAGE_CHAT);
  /* Already remembered: no Remember This Computer… here. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (starter->chat_view->more_button)));

  gofer_test_chat_write (starter->chat_view, "Hello without a code");
  g_assert_true (gofer_test_chat_press_enter (starter->chat_view, 0));
  WAIT_UNTIL (gofer_app_chat_view_get_n_messages (joiner->chat_view) == 1);
  g_assert_nonnull (strstr (gofer_test_chat_text_at (joiner->chat_view, 0), "Hello without a code"));
}

static GtkDropTarget *
row_drop_target (GoferAppWindow *window)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (window->paired_list, 0));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static void
files_requested_cb (GoferAppWindow *window,
                    const char     *name,
                    GListModel     *files,
                    GListModel    **dropped)
{
  g_set_object (dropped, files);
}

static GoferAppTransferRow *
first_transfer_row (GoferAppChatView *view)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (view->message_list, i)) != NULL; i++)
    if (GOFER_APP_IS_TRANSFER_ROW (gtk_list_box_row_get_child (row)))
      return GOFER_APP_TRANSFER_ROW (gtk_list_box_row_get_child (row));
  return NULL;
}

static GoferConversationTransferState
state_of (GoferAppTransferRow *row)
{
  return gofer_conversation_transfer_get_state (row->transfer);
}

/* A file dropped on the remembered computer's row arrives there with no
 * code, once the other side clicks this one; it asks before saving. */
static void
test_drop_on_row (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *path = gofer_test_make_file (fixture->desk.source_dir, "notes.bin",
                                                64 * 1024 + 3, &contents);
  g_autofree char *received = g_build_filename (fixture->desk.downloads, "notes.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) dropped = NULL;
  g_autofree char *starter_asked = NULL;
  GSList *list = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean taken = FALSE;
  GoferAppTransferRow *offer;
  GSettings *settings = fixture->desk.settings;
  GoferAppWindow *starter;
  GoferAppWindow *joiner;
  gulong id;

  pair_and_restart (fixture);
  starter = fixture->starter_window;
  joiner = fixture->joiner_window;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  id = g_signal_connect (joiner, "meet-requested", G_CALLBACK (files_requested_cb), &dropped);
  g_assert_nonnull (row_drop_target (joiner));
  g_signal_emit_by_name (row_drop_target (joiner), "drop", &value, 10.0, 10.0, &taken);
  g_signal_handler_disconnect (joiner, id);
  g_value_unset (&value);
  g_assert_true (taken);
  g_assert_nonnull (dropped);
  g_assert_cmpuint (g_list_model_get_n_items (dropped), ==, 1);
  fixture->joiner = GOFER_APP_FLOW (gofer_app_conversation_flow_new_meet (joiner, settings,
                                                                          "Anna’s Laptop",
                                                                          dropped));
  gofer_app_flow_start (fixture->joiner);

  starter_asked = click_first_row (starter);
  fixture->starter = GOFER_APP_FLOW (gofer_app_conversation_flow_new_meet (starter, settings,
                                                                           starter_asked, NULL));
  gofer_app_flow_start (fixture->starter);
  gofer_test_wait_for_state (fixture->starter, GOFER_APP_FLOW_STATE_CONVERSING);

  /* Asked before saving, as any offer in a conversation. */
  WAIT_UNTIL ((offer = first_transfer_row (starter->chat_view)) != NULL &&
              state_of (offer) == GOFER_CONVERSATION_TRANSFER_OFFERED);
  g_assert_cmpstr (gtk_label_get_text (offer->name_label), ==, "notes.bin");
  g_signal_emit_by_name (offer->accept_button, "clicked");
  WAIT_UNTIL (state_of (offer) == GOFER_CONVERSATION_TRANSFER_DONE);
  gofer_test_assert_file_contents (received, contents);
}

/* The starter was reinstalled: a new identity key under the old pairing.
 * The joiner refuses it with the core's sentence on the error page. */
static void
test_changed_identity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *starter_identity = g_build_filename (fixture->starter_folder, "identity.ini",
                                                        NULL);
  g_autofree char *starter_asked = NULL;
  GSettings *settings = fixture->desk.settings;
  GoferAppWindow *joiner;
  const char *description;

  pair_and_restart (fixture);
  joiner = fixture->joiner_window;
  g_assert_cmpint (g_remove (starter_identity), ==, 0);

  fixture->joiner = GOFER_APP_FLOW (gofer_app_conversation_flow_new_meet (joiner, settings,
                                                                          "Anna’s Laptop", NULL));
  gofer_app_flow_start (fixture->joiner);
  starter_asked = click_first_row (fixture->starter_window);
  fixture->starter = GOFER_APP_FLOW (gofer_app_conversation_flow_new_meet (fixture->starter_window,
                                                                           settings, starter_asked,
                                                                           NULL));
  gofer_app_flow_start (fixture->starter);

  gofer_test_wait_for_state (fixture->joiner, GOFER_APP_FLOW_STATE_FAILED);
  g_assert_cmpstr (gofer_app_window_get_page (joiner), ==, GOFER_APP_PAGE_ERROR);
  description = adw_status_page_get_description (joiner->error_page);
  g_assert_nonnull (strstr (description, "The computer that answered as “Anna’s Laptop” shows a "
                                         "different identity key than when you paired"));
  /* Nothing changed in what the joiner remembers. */
  g_assert_cmpuint (count_peers (fixture->joiner_folder), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gofer_test_init (&argc, &argv);
  servers = gofer_test_servers_start ();

#define ADD(path, func) \
  g_test_add ("/app/pairing/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("remember", test_remember);
  ADD ("not-now", test_not_now);
  ADD ("first-page", test_first_page);
  ADD ("meet", test_meet);
  ADD ("drop-on-row", test_drop_on_row);
  ADD ("changed-identity", test_changed_identity);
#undef ADD

  status = g_test_run ();
  gofer_test_servers_stop (servers);
  return status;
}
