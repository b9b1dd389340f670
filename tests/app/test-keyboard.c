/* test-keyboard.c: the window driven with real key presses through the X
 * server. It runs alone: another test's window would take the focus.
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gofer-app-application.h"
#include "gofer-app-help.h"
#include "gofer-app-help-window.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-window-private.h"

#define TEST_CODE "7-guitarist-revenge"

typedef struct
{
  GoferAppWindow *window;
  guint           offer_responses;
  gboolean        offer_accepted;
  guint           cancels;
  guint           texts;
  char           *sent_text;
} Fixture;

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
  g_signal_connect (fixture->window, "offer-response", G_CALLBACK (offer_response_cb), fixture);
  g_signal_connect (fixture->window, "cancel-requested", G_CALLBACK (cancel_requested_cb), fixture);
  g_signal_connect (fixture->window, "send-text-requested", G_CALLBACK (send_text_requested_cb),
                    fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gofer_test_pump (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  gofer_test_pump (50);
  g_free (fixture->sent_text);
}

/* #15 item 12: the keyboard reaches the page first, Enter answers an
 * offer, and Escape cancels a code, all with real keys. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GoferAppWindow *window = fixture->window;
  GtkWindow *gtk_window = GTK_WINDOW (window);

  /* Not the main menu: the page's first button. */
  g_assert_true (gtk_window_get_focus (gtk_window) == GTK_WIDGET (window->send_button));

  gofer_app_window_show_code (window, TEST_CODE);
  g_assert_true (gtk_window_get_focus (gtk_window) == GTK_WIDGET (window->copy_code_button));
  if (!gofer_test_press_keys (GTK_WIDGET (window), "Escape"))
    return;
  g_assert_cmpuint (fixture->cancels, ==, 1);
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_EMPTY);
  g_assert_true (gtk_window_get_focus (gtk_window) == GTK_WIDGET (window->send_button));

  /* Enter on the offer page accepts: focus is on Accept, not a pane. */
  gofer_app_window_show_offer (window, "notes.txt", 1200, 1, FALSE);
  g_assert_true (gtk_window_get_focus (gtk_window) == GTK_WIDGET (window->accept_button));
  gofer_test_press_keys (GTK_WIDGET (window), "Return");
  g_assert_cmpuint (fixture->offer_responses, ==, 1);
  g_assert_true (fixture->offer_accepted);
  /* Escape on the progress page cancels. */
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_PROGRESS);
  gofer_test_press_keys (GTK_WIDGET (window), "Escape");
  g_assert_cmpuint (fixture->cancels, ==, 2);

  /* Ctrl+T, a text, Ctrl+Enter: sent without a mouse. */
  gofer_test_press_keys (GTK_WIDGET (window), "ctrl+t");
  g_assert_cmpstr (gofer_app_window_get_page (window), ==, GOFER_APP_PAGE_TEXT);
  gofer_test_press_keys (GTK_WIDGET (window), "H i");
  gofer_test_press_keys (GTK_WIDGET (window), "ctrl+Return");
  g_assert_cmpuint (fixture->texts, ==, 1);
  g_assert_cmpstr (fixture->sent_text, ==, "Hi");
}

static GoferAppHelpWindow *
find_help_window (void)
{
  /* GTK's own list: not ours to unref. */
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GOFER_APP_IS_HELP_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GOFER_APP_HELP_WINDOW (window);
    }
  return NULL;
}

/* F1, pressed for real in the app's window, opens the help (here the
 * app's own help window: no Yelp under Xvfb); Escape closes it. */
static void
test_help (void)
{
  g_autoptr(GoferAppApplication) app = gofer_app_application_new ();
  g_autoptr(GError) error = NULL;
  GoferAppHelpWindow *help = NULL;
  GoferAppWindow *window;

  if (gofer_app_help_can_use_yelp ())
    {
      g_test_skip ("Yelp and Gofer's help are installed: help opens in Yelp");
      return;
    }
  /* Tests share one session bus: do not claim the app's bus name. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = gofer_app_application_get_main_window (app);
  gtk_window_present (GTK_WINDOW (window));
  gofer_test_pump (100);

  g_assert_null (find_help_window ());
  if (!gofer_test_press_keys (GTK_WIDGET (window), "F1"))
    return;
  for (int i = 0; i < 100 && (help = find_help_window ()) == NULL; i++)
    gofer_test_pump (20);
  g_assert_nonnull (help);
  g_assert_cmpstr (gofer_app_help_window_get_page (help), ==, "index");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (help)), ==, "Gofer Help");
  gofer_test_pump (300);
  g_free (gofer_test_save_screenshot (GTK_WIDGET (help), "help-f1"));

  gofer_test_press_keys (GTK_WIDGET (help), "Escape");
  for (int i = 0; i < 100 && find_help_window () != NULL; i++)
    gofer_test_pump (20);
  g_assert_null (find_help_window ());
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);

  g_test_add ("/app/keyboard/window", Fixture, NULL, fixture_set_up, test_keyboard,
              fixture_tear_down);
  g_test_add_func ("/app/keyboard/help", test_help);

  return g_test_run ();
}
