/* test-application.c: actions, accelerators and wormhole-transfer: links
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-application.h"
#include "gofer-app-conversation-flow.h"
#include "gofer-app-notifier-private.h"
#include "gofer-app-renderer.h"
#include "gofer-app-send-flow.h"
#include "gofer-app-settings.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-window-private.h"

/* One registered application for the whole run: a GApplication cannot be
 * registered twice on the same connection. */
static GoferAppApplication *app;

static void
register_application (void)
{
  g_autoptr(GError) error = NULL;

  app = gofer_app_application_new ();

  /* Tests share one session bus: do not claim the app's bus name. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
}

static void
assert_accel (GtkApplication *app,
              const char     *action,
              const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, accel);
}

static void
test_actions (void)
{
  GoferAppWindow *window;

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==, APP_ID);
  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  assert_accel (GTK_APPLICATION (app), "app.quit", "<Control>q");
  assert_accel (GTK_APPLICATION (app), "app.preferences", "<Control>comma");
  /* The transfer history and the help, from the main menu and the keyboard. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "history"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "help"));
  assert_accel (GTK_APPLICATION (app), "app.history", "<Control>h");
  assert_accel (GTK_APPLICATION (app), "app.help", "F1");

  /* The shortcuts window comes from gtk/help-overlay.ui under the resource path. */
  window = gofer_app_application_get_main_window (app);
  g_assert_true (gofer_app_application_get_main_window (app) == window);
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  assert_accel (GTK_APPLICATION (app), "win.show-help-overlay", "<Control>question");

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

/* Where GL only runs on the CPU (llvmpipe under Xvfb here), the app draws
 * with cairo: GL would redraw the whole window for every progress update. */
static void
test_renderer (void)
{
  g_autofree char *gl_name = gofer_app_renderer_dup_gl_name (gdk_display_get_default ());
  GoferAppWindow *window;
  GskRenderer *renderer;

  g_assert_true (gofer_app_renderer_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (gofer_app_renderer_is_software ("GDI Generic"));
  g_assert_false (gofer_app_renderer_is_software ("AMD Radeon Graphics (renoir, LLVM 15.0.6, DRM 3.54)"));
  g_assert_false (gofer_app_renderer_is_software (NULL));

  g_test_message ("GL renderer: %s; GSK_RENDERER=%s", gl_name ? gl_name : "none",
                  g_getenv ("GSK_RENDERER"));
  window = gofer_app_application_get_main_window (app);
  gtk_window_present (GTK_WINDOW (window));
  gofer_test_pump (50);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_nonnull (renderer);
  if (gofer_app_renderer_is_software (gl_name))
    {
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
    }

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

/* Opening a link starts receiving it at once (gofer-gtk wormhole-transfer:CODE),
 * or joining the conversation the code belongs to. */
static void
test_open_link (void)
{
  g_autoptr(GFile) link = g_file_new_for_uri ("wormhole-transfer:7-guitarist-revenge");
  g_autoptr(GFile) other = g_file_new_for_path ("/tmp/not-a-link.txt");
  GFile *files[] = { other, link };
  GoferAppWindow *window;
  GoferAppFlow *flow;

  g_application_open (G_APPLICATION (app), files, G_N_ELEMENTS (files), "");

  window = gofer_app_application_get_main_window (app);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  /* #15 item 2: the link's code is in use; the box stays free for the next. */
  g_assert_cmpstr (gofer_app_window_get_code_text (window), ==, "");
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_PROGRESS);
  flow = gofer_app_application_get_flow (app);
  g_assert_true (GOFER_APP_IS_CONVERSATION_FLOW (flow));
  g_assert_null (gofer_app_conversation_flow_get_code (GOFER_APP_CONVERSATION_FLOW (flow)));
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);

  /* A second link while receiving does not start another transfer. */
  g_application_open (G_APPLICATION (app), &link, 1, "");
  g_assert_true (gofer_app_application_get_flow (app) == flow);

  /* Cancel ends the flow and frees it once the core has let go. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_EMPTY);
  g_assert_null (gofer_app_application_get_flow (app));
  for (int i = 0; i < 500 && flow != NULL; i++)
    gofer_test_pump (10);
  g_assert_null (flow);

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

/* Start a Conversation asks for a code; Cancel ends it. */
static void
test_start_conversation (void)
{
  GoferAppWindow *window = gofer_app_application_get_main_window (app);
  GoferAppFlow *flow;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->conversation_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-conversation", NULL);
  flow = gofer_app_application_get_flow (app);
  g_assert_true (GOFER_APP_IS_CONVERSATION_FLOW (flow));
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_PROGRESS);
  /* Busy: no second conversation. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->conversation_button)));
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  g_assert_null (gofer_app_application_get_flow (app));
  for (int i = 0; i < 500 && flow != NULL; i++)
    gofer_test_pump (10);
  g_assert_null (flow);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->conversation_button)));

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

/* #15 item 1: Send Text… reaches the text flow: the text written on the
 * "text" page is sent, and Cancel goes back. */
static void
test_send_text (void)
{
  GoferAppWindow *window = gofer_app_application_get_main_window (app);
  GoferAppFlow *flow;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->send_text_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compose-text", NULL);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_TEXT);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (window->text_view), "See you at eight.", -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.send-text", NULL);

  flow = gofer_app_application_get_flow (app);
  g_assert_true (GOFER_APP_IS_SEND_FLOW (flow));
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_PROGRESS);
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  g_assert_null (gofer_app_application_get_flow (app));
  for (int i = 0; i < 500 && flow != NULL; i++)
    gofer_test_pump (10);
  g_assert_null (flow);

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

static GoferAppFlow *
start_text_send (GoferAppWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compose-text", NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (window->text_view), "Hello", -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.send-text", NULL);
  g_assert_nonnull (gofer_app_application_get_flow (app));
  return gofer_app_application_get_flow (app);
}

/* #15 item 4: closing the window during a transfer asks first; the
 * transfer may go on in the background, and suspend waits meanwhile. */
static void
test_close_during_transfer (void)
{
  g_autoptr(GSettings) settings = gofer_app_settings_new ();
  GoferTestServers *servers = gofer_test_servers_start ();
  GoferAppWindow *window = gofer_app_application_get_main_window (app);
  GoferAppFlow *flow;
  g_autofree char *shot = NULL;

  /* The sender waits on a real mailbox for a receiver, for as long as the
   * test takes. A server that never answered ended the flow after the
   * mailbox's 10 s connect timeout, in the middle of a slow run, and the
   * flow below was then used after it was gone (the SIGSEGV of about one
   * run in 35). The test holds the flow, too. */
  gofer_test_servers_apply (servers, settings);
  flow = g_object_ref (start_text_send (window));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (gofer_app_application_is_inhibiting (app));

  /* Asked; Cancel keeps everything as it was. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_nonnull (window->close_dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window->close_dialog)), ==,
                   "Stop the Transfer?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (window->close_dialog),
                                                               "stop"), ==, ADW_RESPONSE_DESTRUCTIVE);
  gofer_test_pump (400);
  shot = gofer_test_save_screenshot (window->close_dialog, "close-during-transfer");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->close_dialog), "cancel");
  g_assert_null (window->close_dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gofer_app_application_get_flow (app) == flow);

  /* Ctrl+Q asks the same instead of quitting at once. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  gofer_test_pump (50);
  g_assert_nonnull (window);
  g_assert_nonnull (window->close_dialog);
  g_assert_true (gofer_app_application_get_flow (app) == flow);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->close_dialog), "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Run in Background: the window goes, the transfer stays. */
  gtk_window_close (GTK_WINDOW (window));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->close_dialog), "background");
  g_assert_nonnull (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gofer_app_application_get_flow (app) == flow);
  g_assert_true (gofer_app_application_is_inhibiting (app));

  /* A failure in the background is told in a notification: the window is
   * not there to show it. */
  {
    guint shown = gofer_app_notifier_get_n_shown (window->notifier);

    gofer_app_window_show_failure (window, "Server Not Reachable", "Could not reach the server.",
                                   NULL, GOFER_APP_FAILURE_ACTION_RETRY, TRUE);
    for (int i = 0; i < 1000 && gofer_app_notifier_get_n_shown (window->notifier) == shown; i++)
      gofer_test_pump (10);
    g_assert_cmpuint (gofer_app_notifier_get_n_shown (window->notifier), ==, shown + 1);
#ifdef HAVE_LIBNOTIFY
    {
      g_autofree char *summary = NULL;

      g_object_get (window->notifier->notification, "summary", &summary, NULL);
      g_assert_cmpstr (summary, ==, "Server Not Reachable");
    }
#endif
  }

  /* Once it is over, suspend may come again and the hidden window goes. */
  gofer_app_flow_cancel (flow);
  g_clear_object (&flow);
  g_assert_null (gofer_app_application_get_flow (app));
  g_assert_false (gofer_app_application_is_inhibiting (app));
  for (int i = 0; i < 800 && window != NULL; i++)
    gofer_test_pump (10);
  g_assert_null (window);

  /* Stop Transfer: cancelled and closed. */
  window = gofer_app_application_get_main_window (app);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  flow = start_text_send (window);
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);
  gtk_window_close (GTK_WINDOW (window));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->close_dialog), "stop");
  for (int i = 0; i < 100 && window != NULL; i++)
    gofer_test_pump (10);
  g_assert_null (window);
  g_assert_null (gofer_app_application_get_flow (app));
  for (int i = 0; i < 500 && flow != NULL; i++)
    gofer_test_pump (10);
  g_assert_null (flow);

  /* Nothing running: it closes at once. */
  window = gofer_app_application_get_main_window (app);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (window));
  gofer_test_pump (50);
  g_assert_null (window);
  g_settings_reset (settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  g_settings_reset (settings, GOFER_APP_SETTINGS_TRANSIT_HELPER);
  gofer_test_servers_stop (servers);
}

/* No mailbox server answers in the test's network namespace: the person
 * gets the error page with a sentence and details, and can start over. */
static void
test_open_link_unreachable (void)
{
  g_autoptr(GFile) link = g_file_new_for_uri ("wormhole-transfer:7-guitarist-revenge");
  g_autoptr(GSettings) settings = gofer_app_settings_new ();
  GoferAppWindow *window;

  g_settings_set_string (settings, GOFER_APP_SETTINGS_MAILBOX_URL, "ws://127.0.0.1:9/v1");
  g_application_open (G_APPLICATION (app), &link, 1, "");
  window = gofer_app_application_get_main_window (app);
  for (int i = 0; i < 1000 && gofer_app_application_get_flow (app) != NULL; i++)
    gofer_test_pump (10);

  g_assert_null (gofer_app_application_get_flow (app));
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_ERROR);
  g_assert_false (gofer_app_window_is_busy (window));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));

  /* #15 item 8: nothing started: its own title, Try Again and Preferences. */
  g_assert_cmpstr (adw_status_page_get_title (window->error_page), ==, "Server Not Reachable");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->retry_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->preferences_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->preferences_button)));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (window->retry_button));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL);
  g_assert_nonnull (gofer_app_application_get_flow (app));
  for (int i = 0; i < 1000 && gofer_app_application_get_flow (app) != NULL; i++)
    gofer_test_pump (10);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_ERROR);
  g_assert_cmpstr (adw_status_page_get_title (window->error_page), ==, "Server Not Reachable");

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
  g_settings_reset (settings, GOFER_APP_SETTINGS_MAILBOX_URL);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* The Python client sends a text under @code through @servers. */
static GSubprocess *
python_send_text (GoferTestServers *servers,
                  const char       *code,
                  const char       *text)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *sender;

  sender = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             "wormhole", "--relay-url", servers->mailbox_url,
                             "--transit-helper", servers->transit_helper,
                             "send", "--code", code, "--text", text, NULL);
  g_assert_no_error (error);
  return sender;
}

/* A link that names its server (as Warp writes one for a self-hosted
 * relay) is received through that server once the person agreed, while
 * Preferences name another one; Cancel starts nothing. */
static void
test_open_link_with_server (void)
{
  GoferTestServers *servers = gofer_test_servers_start ();
  g_autoptr(GSettings) settings = gofer_app_settings_new ();
  g_autofree char *server = g_strndup (servers->mailbox_url, strlen (servers->mailbox_url) - strlen ("/v1"));
  g_autofree char *escaped = g_uri_escape_string (server, NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("wormhole-transfer:8-guitarist-revenge?version=0&rendezvous=%s", escaped);
  g_autoptr(GFile) link = g_file_new_for_uri (uri);
  g_autoptr(GSubprocess) sender = NULL;
  GoferAppWindow *window;
  AdwMessageDialog *dialog = NULL;
  GoferAppFlow *flow;

  /* Nothing answers on the configured server. */
  g_settings_set_string (settings, GOFER_APP_SETTINGS_MAILBOX_URL, "ws://127.0.0.1:9/v1");
  window = gofer_app_application_get_main_window (app);

  g_application_open (G_APPLICATION (app), &link, 1, "");
  for (int i = 0; i < 200 && (dialog = find_message_dialog ()) == NULL; i++)
    gofer_test_pump (10);
  g_assert_nonnull (dialog);
  g_assert_null (gofer_app_application_get_flow (app));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  gofer_test_pump (50);
  g_assert_null (gofer_app_application_get_flow (app));

  sender = python_send_text (servers, "8-guitarist-revenge", "through the link's server");
  g_application_open (G_APPLICATION (app), &link, 1, "");
  for (int i = 0; i < 200 && (dialog = find_message_dialog ()) == NULL; i++)
    gofer_test_pump (10);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "use");
  gtk_window_close (GTK_WINDOW (dialog));
  flow = gofer_app_application_get_flow (app);
  g_assert_nonnull (flow);
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);
  for (int i = 0; i < 3000 && gofer_app_window_get_page (window) != NULL &&
                  !g_str_equal (gofer_app_window_get_page (window), GOFER_APP_PAGE_DONE) &&
                  !g_str_equal (gofer_app_window_get_page (window), GOFER_APP_PAGE_ERROR); i++)
    gofer_test_pump (10);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_DONE);
  g_assert_true (g_subprocess_wait_check (sender, NULL, NULL));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
  g_settings_reset (settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  gofer_test_servers_stop (servers);
}

/* A link from a newer app is refused with a sentence; nothing starts. */
static void
test_open_link_unknown_field (void)
{
  g_autoptr(GFile) link = g_file_new_for_uri ("wormhole-transfer:7-guitarist-revenge?version=1");
  GoferAppWindow *window;

  g_application_open (G_APPLICATION (app), &link, 1, "");
  window = gofer_app_application_get_main_window (app);
  gofer_test_pump (50);
  g_assert_null (gofer_app_application_get_flow (app));
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_EMPTY);

  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gofer_test_init (&argc, &argv);

  g_test_add_func ("/app/application/actions", test_actions);
  g_test_add_func ("/app/application/renderer", test_renderer);
  g_test_add_func ("/app/application/open-link", test_open_link);
  g_test_add_func ("/app/application/open-link-unreachable", test_open_link_unreachable);
  g_test_add_func ("/app/application/open-link-with-server", test_open_link_with_server);
  g_test_add_func ("/app/application/open-link-unknown-field", test_open_link_unknown_field);
  g_test_add_func ("/app/application/start-conversation", test_start_conversation);
  g_test_add_func ("/app/application/send-text", test_send_text);
  g_test_add_func ("/app/application/close-during-transfer", test_close_during_transfer);

  register_application ();
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
