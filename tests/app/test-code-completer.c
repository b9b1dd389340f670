/* test-code-completer.c: nameplates from the reference mailbox server and
 * PGP words complete what the person types
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-code-completer.h"
#include "gofer-app-settings.h"
#include "gofer-app-test-utils.h"
#include "gofer.h"

static GoferTestServers *servers;

static gboolean
strv_has (char       **strv,
          const char  *wanted)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, wanted);
}

static void
allocated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **code = user_data;
  g_autoptr(GError) error = NULL;

  *code = gofer_wormhole_allocate_code_finish (GOFER_WORMHOLE (object), result, &error);
  g_assert_no_error (error);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gofer_wormhole_close_finish (GOFER_WORMHOLE (object), result);
  *(gboolean *) user_data = TRUE;
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

/* Someone else's sender takes a nameplate on the server; returns it. */
static char *
allocate_nameplate (GoferWormhole *other)
{
  g_autofree char *code = NULL;

  gofer_wormhole_allocate_code_async (other, 2, NULL, allocated_cb, &code);
  while (code == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_strndup (code, strchr (code, '-') - code);
}

static void
close_and_wait (GoferWormhole *other)
{
  gboolean closed = FALSE;

  gofer_wormhole_close_async (other, NULL, NULL, closed_cb, &closed);
  gofer_test_wait_flag (&closed, 10000, "the other wormhole closes");
}

/* Typing never waits for the server, so the lists arrive in between. */
static void
wait_for_lists (guint *lists,
                guint  wanted)
{
  for (int i = 0; i < 1000 && *lists < wanted; i++)
    gofer_test_pump (10);
  g_assert_cmpuint (*lists, ==, wanted);
}

static void
test_nameplates_and_words (void)
{
  g_autoptr(GSettings) settings = gofer_app_settings_new ();
  g_autoptr(GoferWormhole) other = NULL;
  g_autoptr(GoferAppCodeCompleter) completer = NULL;
  g_autofree char *nameplate = NULL;
  g_autofree char *typed = NULL;
  g_auto(GStrv) candidates = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *entry = gtk_entry_new ();
  guint nameplate_notifies = 0;

  gofer_test_servers_apply (servers, settings);

  /* Someone else's sender holds a nameplate on the server. First: the
   * completer asks as soon as the entry has the focus, and a list asked
   * for while the nameplate is being allocated may come without it (and
   * then stays for NAMEPLATES_MAX_AGE_US). */
  other = gofer_wormhole_new (servers->mailbox_url, NULL);
  nameplate = allocate_nameplate (other);

  gtk_window_set_child (GTK_WINDOW (window), entry);
  gtk_window_present (GTK_WINDOW (window));
  completer = gofer_app_code_completer_new (GTK_ENTRY (entry), settings);
  g_signal_connect_swapped (completer, "notify::nameplates", G_CALLBACK (count_cb),
                            &nameplate_notifies);

  /* Typing its first digit (or the focus, before) asks the server; typing
   * never waits for it. */
  typed = g_strndup (nameplate, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  wait_for_lists (&nameplate_notifies, 1);
  g_assert_true (g_strv_contains (gofer_app_code_completer_get_nameplates (completer), nameplate));

  candidates = gofer_app_code_completer_dup_candidates (completer);
  g_free (typed);
  typed = g_strconcat (nameplate, "-", NULL);
  g_assert_true (strv_has (candidates, typed));

  /* A fresh list is not asked for again at the next key. */
  gtk_editable_set_text (GTK_EDITABLE (entry), nameplate);
  gofer_test_pump (100);
  g_assert_cmpuint (nameplate_notifies, ==, 1);

  /* Then the words of the right column. */
  g_free (typed);
  typed = g_strconcat (nameplate, "-guita", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  g_clear_pointer (&candidates, g_strfreev);
  candidates = gofer_app_code_completer_dup_candidates (completer);
  g_free (typed);
  typed = g_strconcat (nameplate, "-guitarist", NULL);
  g_assert_true (strv_has (candidates, typed));

  g_free (typed);
  typed = g_strconcat (nameplate, "-guitarist-reve", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  g_clear_pointer (&candidates, g_strfreev);
  candidates = gofer_app_code_completer_dup_candidates (completer);
  g_free (typed);
  typed = g_strconcat (nameplate, "-guitarist-revenge", NULL);
  g_assert_true (strv_has (candidates, typed));

  /* What is fully typed is not offered again. */
  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  g_clear_pointer (&candidates, g_strfreev);
  candidates = gofer_app_code_completer_dup_candidates (completer);
  g_assert_false (strv_has (candidates, typed));

  close_and_wait (other);
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
  g_assert_finalize_object (g_steal_pointer (&completer));
}

/* A sender whose code is newer than the list: typing its nameplate, which
 * the list lacks, asks the server again instead of waiting for the list to
 * grow old. */
static void
test_new_nameplate (void)
{
  g_autoptr(GSettings) settings = gofer_app_settings_new ();
  g_autoptr(GoferWormhole) other = NULL;
  g_autoptr(GoferAppCodeCompleter) completer = NULL;
  g_autofree char *nameplate = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *entry = gtk_entry_new ();
  guint nameplate_notifies = 0;

  gofer_test_servers_apply (servers, settings);
  gtk_window_set_child (GTK_WINDOW (window), entry);
  gtk_window_present (GTK_WINDOW (window));
  completer = gofer_app_code_completer_new (GTK_ENTRY (entry), settings);
  g_signal_connect_swapped (completer, "notify::nameplates", G_CALLBACK (count_cb),
                            &nameplate_notifies);
  gofer_app_code_completer_refresh_nameplates (completer);
  wait_for_lists (&nameplate_notifies, 1);

  other = gofer_wormhole_new (servers->mailbox_url, NULL);
  nameplate = allocate_nameplate (other);
  g_assert_false (strv_has ((char **) gofer_app_code_completer_get_nameplates (completer), nameplate));

  /* Well within the five seconds a list is otherwise kept. */
  gofer_test_pump (1100);
  gtk_editable_set_text (GTK_EDITABLE (entry), nameplate);
  wait_for_lists (&nameplate_notifies, 2);
  g_assert_true (strv_has ((char **) gofer_app_code_completer_get_nameplates (completer), nameplate));

  close_and_wait (other);
  gtk_window_destroy (GTK_WINDOW (window));
  gofer_test_pump (50);
  g_assert_finalize_object (g_steal_pointer (&completer));
}

/* Without a server the words still complete. */
static void
test_no_server (void)
{
  g_autoptr(GSettings) settings = gofer_app_settings_new ();
  g_autoptr(GoferAppCodeCompleter) completer = NULL;
  g_auto(GStrv) candidates = NULL;
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());

  g_settings_set_string (settings, GOFER_APP_SETTINGS_MAILBOX_URL, "ws://127.0.0.1:9/v1");
  completer = gofer_app_code_completer_new (GTK_ENTRY (entry), settings);
  gtk_editable_set_text (GTK_EDITABLE (entry), "7");
  gofer_test_pump (300);
  g_assert_null (gofer_app_code_completer_get_nameplates (completer));

  gtk_editable_set_text (GTK_EDITABLE (entry), "7-guitarist-re");
  candidates = gofer_app_code_completer_dup_candidates (completer);
  g_assert_true (strv_has (candidates, "7-guitarist-revenge"));
  g_assert_cmpuint (g_strv_length (candidates), <=, 8);

  g_object_unref (entry);
  g_assert_finalize_object (g_steal_pointer (&completer));
  g_settings_reset (settings, GOFER_APP_SETTINGS_MAILBOX_URL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gofer_test_init (&argc, &argv);
  servers = gofer_test_servers_start ();

  g_test_add_func ("/app/code-completer/nameplates-and-words", test_nameplates_and_words);
  g_test_add_func ("/app/code-completer/new-nameplate", test_new_nameplate);
  g_test_add_func ("/app/code-completer/no-server", test_no_server);

  status = g_test_run ();
  gofer_test_servers_stop (servers);
  return status;
}
