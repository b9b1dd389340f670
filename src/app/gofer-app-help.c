/* gofer-app-help.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages are Mallard (help/LANG/PAGE.page), installed for Yelp and compiled
 * into the app's resources, which gofer-app-help-window.c shows where Yelp
 * is not.
 */

#include "config.h"

#include "gofer-app-help.h"

#include "gofer-app-help-window.h"

#define URI_PREFIX "help:" GOFER_APP_HELP_ID "/"

static const char * const pages[] = {
  "send-receive", "conversations", "security-check", "history", "problems", NULL
};

const char * const *
gofer_app_help_get_pages (void)
{
  return pages;
}

char *
gofer_app_help_dup_uri (const char *topic)
{
  g_return_val_if_fail (topic != NULL, NULL);

  return g_strconcat (URI_PREFIX, topic, NULL);
}

static gboolean
pages_installed (void)
{
  const char * const *dirs = g_get_system_data_dirs ();

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *index = g_build_filename (dirs[i], "help", "C", GOFER_APP_HELP_ID,
                                                 "index.page", NULL);

      if (g_file_test (index, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

gboolean
gofer_app_help_can_use_yelp (void)
{
  g_autoptr(GAppInfo) handler = g_app_info_get_default_for_uri_scheme ("help");

  return handler != NULL && pages_installed ();
}

/* --- showing a topic --- */

static void
show_in_window (GtkWindow  *parent,
                const char *topic)
{
  static GtkWidget *window;
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      window = gofer_app_help_window_new ();
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
      if (parent != NULL && gtk_window_get_application (parent) != NULL)
        gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (parent));
    }
  if (!gofer_app_help_window_show_topic (GOFER_APP_HELP_WINDOW (window), topic, &error))
    {
      g_debug ("help: %s; showing the index", error->message);
      gofer_app_help_window_show_topic (GOFER_APP_HELP_WINDOW (window), "index", NULL);
    }
  gtk_window_present (GTK_WINDOW (window));
}

typedef struct
{
  GtkWindow *parent;
  char      *topic;
} ShowData;

static void
shown_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ShowData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_debug ("help: Yelp: %s; showing the page here", error->message);
      show_in_window (data->parent, data->topic);
    }
  g_clear_object (&data->parent);
  g_free (data->topic);
  g_free (data);
}

void
gofer_app_help_show (GtkWindow  *parent,
                     const char *topic)
{
  g_autofree char *uri = NULL;
  ShowData *data;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (topic != NULL);

  if (parent == NULL || !gofer_app_help_can_use_yelp ())
    {
      show_in_window (parent, topic);
      return;
    }
  uri = gofer_app_help_dup_uri (topic);
  g_debug ("help: opening %s", uri);
  data = g_new0 (ShowData, 1);
  data->parent = g_object_ref (parent);
  data->topic = g_strdup (topic);
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, shown_cb, data);
}
