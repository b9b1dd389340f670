/* gofer-app-application.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-application.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "gofer-app-format.h"
#include "gofer-app-preferences-window.h"

#define LINK_SCHEME "wormhole-transfer"

struct _GoferAppApplication
{
  AdwApplication  parent_instance;

  GoferAppWindow *main_window;
};

G_DEFINE_FINAL_TYPE (GoferAppApplication, gofer_app_application, ADW_TYPE_APPLICATION)

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *preferences;

  preferences = gofer_app_preferences_window_new (gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Gofer authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Gofer"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Gofer authors"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/gofer-app/gofer",
                         "issue-url", "https://github.com/gofer-app/gofer/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Gofer authors",
                         /* Translators: your names, one per line, e.g. "Ada Lovelace <ada@example.org>" */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
};

static void
gofer_app_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (gofer_app_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
  gtk_window_set_default_icon_name (APP_ID);
  notify_init (_("Gofer"));
}

static void
gofer_app_application_shutdown (GApplication *application)
{
  if (notify_is_initted ())
    notify_uninit ();

  G_APPLICATION_CLASS (gofer_app_application_parent_class)->shutdown (application);
}

static void
gofer_app_application_activate (GApplication *application)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);

  gtk_window_present (GTK_WINDOW (gofer_app_application_get_main_window (self)));
}

/* Only wormhole-transfer: links are handled: their code goes into the receive
 * entry, and the person still presses Receive. */
static void
gofer_app_application_open (GApplication  *application,
                            GFile        **files,
                            int            n_files,
                            const char    *hint)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);
  GoferAppWindow *window = gofer_app_application_get_main_window (self);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_autofree char *code = NULL;

      if (!g_file_has_uri_scheme (files[i], LINK_SCHEME))
        {
          g_debug ("application: ignoring a file that is not a %s: link", LINK_SCHEME);
          continue;
        }

      if ((code = gofer_app_code_from_text (uri)))
        {
          gofer_app_window_show_empty (window);
          gofer_app_window_set_code_text (window, code);
        }
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
gofer_app_application_dispose (GObject *object)
{
  GoferAppApplication *self = (GoferAppApplication *)object;

  g_clear_weak_pointer (&self->main_window);

  G_OBJECT_CLASS (gofer_app_application_parent_class)->dispose (object);
}

static void
gofer_app_application_class_init (GoferAppApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gofer_app_application_dispose;

  app_class->startup = gofer_app_application_startup;
  app_class->shutdown = gofer_app_application_shutdown;
  app_class->activate = gofer_app_application_activate;
  app_class->open = gofer_app_application_open;
}

static void
gofer_app_application_init (GoferAppApplication *self)
{
}

GoferAppApplication *
gofer_app_application_new (void)
{
  /* Both profiles share one resource path; GtkApplication would derive
   * another one from the .Devel id. */
  return g_object_new (GOFER_APP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", GOFER_APP_RESOURCE_PATH,
                       NULL);
}

GoferAppWindow *
gofer_app_application_get_main_window (GoferAppApplication *self)
{
  g_return_val_if_fail (GOFER_APP_IS_APPLICATION (self), NULL);

  if (self->main_window == NULL)
    g_set_weak_pointer (&self->main_window, gofer_app_window_new (GTK_APPLICATION (self)));

  return self->main_window;
}
