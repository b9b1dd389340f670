/* test-help.c: the help pages in every language, the app's own help
 * window, and the Help button of the error page
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gofer-app-help.h"
#include "gofer-app-help-window.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-window-private.h"

static const char * const languages[] = { "C", "de", "fr" };

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

/* The labels of the window's page, in order. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scroller (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_uri (void)
{
  g_autofree char *index = gofer_app_help_dup_uri ("index");
  g_autofree char *section = gofer_app_help_dup_uri ("problems#no-space");

  g_assert_cmpstr (index, ==, "help:gofer/index");
  g_assert_cmpstr (section, ==, "help:gofer/problems#no-space");
}

/* Every page in every language: it reads, it says something, its links go
 * to pages and sections there are, and the translations have the same
 * sections as the English pages. */
static void
test_pages (void)
{
  GoferAppHelpWindow *window = GOFER_APP_HELP_WINDOW (gofer_app_help_window_new ());
  const char * const *pages = gofer_app_help_get_pages ();
  g_autoptr(GHashTable) english_sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) xref = g_regex_new ("href=\"help:gofer/([a-z-]+)(?:#([a-z-]+))?\"", 0, 0, NULL);

  g_object_ref_sink (window);
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_setenv ("LANGUAGE", languages[l], TRUE);
      for (int p = -1; pages[p < 0 ? 0 : p] != NULL; p++)
        {
          const char *page = p < 0 ? "index" : pages[p];
          g_autoptr(GPtrArray) labels = g_ptr_array_new ();
          guint words = 0;

          g_assert_true (gofer_app_help_window_show_topic (window, page, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (gofer_app_help_window_get_page (window), ==, page);
          g_assert_cmpstr (gofer_app_help_window_get_language (window), ==, languages[l]);
          g_assert_nonnull (gtk_window_get_title (GTK_WINDOW (window)));
          collect_labels (GTK_WIDGET (window), labels);
          for (guint i = 0; i < labels->len; i++)
            {
              const char *markup = gtk_label_get_label (labels->pdata[i]);
              g_autoptr(GMatchInfo) match = NULL;

              words += (guint) strlen (gtk_label_get_text (labels->pdata[i]));
              /* No Mallard left over, no white space run together. */
              g_assert_null (strstr (gtk_label_get_text (labels->pdata[i]), "<gui"));
              g_assert_null (strstr (gtk_label_get_text (labels->pdata[i]), "  "));
              g_regex_match (xref, markup, 0, &match);
              for (; g_match_info_matches (match); g_match_info_next (match, NULL))
                {
                  g_autofree char *target = g_match_info_fetch (match, 1);

                  g_assert_true (g_str_equal (target, "index") || g_strv_contains (pages, target));
                }
            }
          g_assert_cmpuint (words, >, 200);
          if (g_str_equal (page, "problems"))
            {
              /* Each failure's section, in each language. */
              static const char * const sections[] = {
                "server-unreachable", "wrong-code", "not-a-code", "code-in-use", "declined",
                "no-answer", "connection-lost", "no-space", "damaged", "refused",
                "not-supported", "other",
              };

              for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
                {
                  g_autofree char *topic = g_strdup_printf ("problems#%s", sections[s]);

                  g_assert_true (gofer_app_help_window_show_topic (window, topic, NULL));
                  g_assert_cmpstr (gofer_app_help_window_get_section (window), ==, sections[s]);
                }
            }
        }
    }
  /* A topic is no path. */
  g_assert_false (gofer_app_help_window_show_topic (window, "../../etc/passwd", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* The Help button of an error page opens the help for that error, here
 * in the app's own window, at its section; the window fits a phone. */
static void
test_error_help (void)
{
  GoferAppWindow *window = gofer_app_window_new (NULL);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GoferAppHelpWindow *help;
  GtkAdjustment *adjustment;

  gtk_window_present (GTK_WINDOW (window));
  gofer_app_window_show_failure (window, "Not Enough Space", "The download folder is full.", NULL,
                                 GOFER_APP_FAILURE_ACTION_NONE, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->error_help_button)));
  gtk_test_accessible_assert_property (window->error_help_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Help");
  gofer_app_window_set_failure_help (window, "problems#other");
  /* Where Yelp would show it, the app's own window is not tested. */
  if (gofer_app_help_can_use_yelp ())
    {
      g_test_skip ("Yelp and Gofer's help are installed: help opens in Yelp");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_signal_emit_by_name (window->error_help_button, "clicked");
  gofer_test_pump (400);
  help = find_help_window ();
  g_assert_nonnull (help);
  g_assert_cmpstr (gofer_app_help_window_get_page (help), ==, "problems");
  g_assert_cmpstr (gofer_app_help_window_get_section (help), ==, "other");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (help)), ==, "When Something Goes Wrong");
  /* The last section is far down: the page was scrolled to it. */
  adjustment = gtk_scrolled_window_get_vadjustment (find_scroller (GTK_WIDGET (help)));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  /* Without a topic of its own, an error opens the page of all errors. */
  gofer_app_window_show_failure (window, "Transfer Failed", "Something failed.", NULL,
                                 GOFER_APP_FAILURE_ACTION_NONE, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.help-on-error", NULL);
  gofer_test_pump (200);
  g_assert_true (find_help_window () == help);
  g_assert_cmpstr (gofer_app_help_window_get_page (help), ==, "problems");
  g_assert_null (gofer_app_help_window_get_section (help));

  for (guint d = 0; d < 2; d++)
    {
      adw_style_manager_set_color_scheme (style, d ? ADW_COLOR_SCHEME_FORCE_DARK
                                                   : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint w = 0; w < 2; w++)
        {
          int width = w ? 1280 : 360;
          g_autofree char *name = g_strdup_printf ("help-%d-%s", width, d ? "dark" : "light");

          gofer_app_help_window_show_topic (help, w ? "index" : "send-receive", NULL);
          gtk_window_set_default_size (GTK_WINDOW (help), width, 700);
          gofer_test_pump (300);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (help)), <=, width + 24);
          g_assert_cmpuint (gofer_test_assert_labels_fit (GTK_WIDGET (help)), >, 0);
          g_free (gofer_test_save_screenshot (GTK_WIDGET (help), name));
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* A link to another page opens it in the same window, and Back goes to
   * the index. */
  gofer_app_help_window_show_topic (help, "conversations", NULL);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean handled = FALSE;

    collect_labels (GTK_WIDGET (help), labels);
    for (guint i = 0; i < labels->len && !handled; i++)
      if (strstr (gtk_label_get_label (labels->pdata[i]), "help:gofer/security-check") != NULL)
        g_signal_emit_by_name (labels->pdata[i], "activate-link", "help:gofer/security-check",
                               &handled);
    g_assert_true (handled);
  }
  g_assert_cmpstr (gofer_app_help_window_get_page (help), ==, "security-check");

  gtk_window_destroy (GTK_WINDOW (help));
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
}

int
main (int   argc,
      char *argv[])
{
  gofer_test_init (&argc, &argv);

  g_test_add_func ("/app/help/uri", test_uri);
  g_test_add_func ("/app/help/pages", test_pages);
  g_test_add_func ("/app/help/error-help", test_error_help);

  return g_test_run ();
}
