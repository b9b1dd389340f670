/* test-l10n.c: the window speaks the language of $LANGUAGE (de or fr)
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gofer-app-format.h"
#include "gofer-app-test-utils.h"
#include "gofer-app-chat-view-private.h"
#include "gofer-app-window-private.h"

typedef struct
{
  const char *language;
  const char *empty_title;
  const char *receive_button;
  const char *one_second;
  const char *offer_description;  /* %s: the size as GLib's catalog writes it */
  const char *save_as_button;
  const char *show_in_folder_button;
  const char *accept_name;        /* the button's accessible name: no underscore */
  const char *conversation_button;
  const char *chat_check;         /* the chat page's check */
} Expected;

/* Written from the catalogs by hand: a wrong or missing entry fails here. */
static const Expected expectations[] = {
  { "de", "Dateien zum Senden hier ablegen", "_Verbinden", "Noch etwa 1 Sekunde",
    "Ein Ordner mit 2 Dateien, %s", "_Speichern unter …", "Im _Ordner anzeigen", "Annehmen",
    "_Unterhaltung beginnen", "Prüfwert: 1a2b-3c4d" },
  { "fr", "Déposez des fichiers ici pour les envoyer", "_Connecter", "Environ 1 seconde restante",
    "Un dossier avec 2 fichiers, %s", "_Enregistrer sous…", "Afficher dans le _dossier", "Accepter",
    "Commencer une _conversation", "Contrôle : 1a2b-3c4d" },
};

static const Expected *
expected_for_language (void)
{
  const char *language = g_getenv ("LANGUAGE");

  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_strcmp0 (language, expectations[i].language) == 0)
      return &expectations[i];

  g_error ("LANGUAGE must be one of de, fr (it is %s)", language);
  return NULL;
}

static void
test_window_translated (void)
{
  const Expected *expected = expected_for_language ();
  GoferAppWindow *window = gofer_app_window_new (NULL);
  g_autofree char *left = gofer_app_format_time_left (1);
  g_autofree char *shot = NULL;
  g_autofree char *name = NULL;
  g_autofree char *size = g_format_size (3);
  g_autofree char *offer = NULL;

  gtk_window_present (GTK_WINDOW (window));
  gofer_test_pump (300);

  /* From the .ui template, from C, and a plural form. */
  g_assert_cmpstr (adw_status_page_get_title (window->empty_page), ==, expected->empty_title);
  g_assert_cmpstr (gtk_button_get_label (window->receive_button), ==, expected->receive_button);
  g_assert_cmpstr (gtk_button_get_label (window->conversation_button), ==,
                   expected->conversation_button);
  g_assert_cmpstr (left, ==, expected->one_second);

  name = g_strdup_printf ("l10n-%s-empty", expected->language);
  shot = gofer_test_save_screenshot (GTK_WIDGET (window), name);
  g_clear_pointer (&shot, g_free);
  g_clear_pointer (&name, g_free);

  gofer_app_window_show_offer (window, "Fotos", 3, 2, TRUE);
  offer = g_strdup_printf (expected->offer_description, size);
  g_assert_cmpstr (adw_status_page_get_description (window->offer_page), ==, offer);
  g_assert_cmpstr (gtk_button_get_label (window->save_as_button), ==, expected->save_as_button);
  g_assert_cmpstr (gtk_button_get_label (window->show_in_folder_button), ==,
                   expected->show_in_folder_button);
  gtk_test_accessible_assert_property (window->accept_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       expected->accept_name);
  gofer_test_pump (400);
  name = g_strdup_printf ("l10n-%s-offer", expected->language);
  shot = gofer_test_save_screenshot (GTK_WIDGET (window), name);
  g_clear_pointer (&shot, g_free);
  g_clear_pointer (&name, g_free);

  gofer_app_chat_view_set_check (gofer_app_window_get_chat_view (window), "1a2b-3c4d");
  g_assert_cmpstr (gtk_label_get_text (window->chat_view->check_label), ==, expected->chat_check);
  gofer_app_window_show_chat (window);
  gofer_test_pump (1000);  /* the stack's crossfade, on a loaded machine */
  name = g_strdup_printf ("l10n-%s-chat", expected->language);
  shot = gofer_test_save_screenshot (GTK_WIDGET (window), name);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* #15 item 5 and the screenshots: longer words, the same rules: nothing cut
 * off, the check whole on one line at 360 px ("Prüfwert" was drawn one
 * letter a line). */
static void
test_layout (void)
{
  const Expected *expected = expected_for_language ();
  GoferAppWindow *window = gofer_app_window_new (NULL);
  g_autofree char *prefix = g_strdup_printf ("layout-%s", expected->language);

  gtk_window_present (GTK_WINDOW (window));
  gofer_test_pump (300);
  gofer_test_layout_matrix (GTK_WIDGET (window), prefix);
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_layout_windows (prefix);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  /* The catalogs compiled into the build tree, po/LANG/LC_MESSAGES/gofer.mo. */
  localedir = g_build_filename (g_getenv ("GOFER_BUILD_ROOT"), "po", NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gofer_test_init (&argc, &argv);

  g_test_add_func ("/app/l10n/window-translated", test_window_translated);
  g_test_add_func ("/app/l10n/layout", test_layout);

  return g_test_run ();
}
