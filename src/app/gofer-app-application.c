/* gofer-app-application.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-application.h"

#include <glib/gi18n.h>

#include "gofer-app-conversation-flow.h"
#include "gofer-app-format.h"
#include "gofer-app-latency-probe.h"
#include "gofer-app-notifier.h"
#include "gofer-app-preferences-window.h"
#include "gofer-app-renderer.h"
#include "gofer-app-send-flow.h"
#include "gofer-app-settings.h"

#define LINK_SCHEME "wormhole-transfer"

struct _GoferAppApplication
{
  AdwApplication        parent_instance;

  GoferAppWindow       *main_window;
  GSettings            *settings;
  /* The transfer the main window shows; one at a time. */
  GoferAppFlow         *flow;

  gint64                launch_us;
  char                 *latency_path;
  GoferAppLatencyProbe *latency_probe;
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

static void
flow_finished_cb (GoferAppApplication *self,
                  GoferAppFlow        *flow)
{
  if (self->flow == flow)
    g_clear_object (&self->flow);
  g_application_release (G_APPLICATION (self));
}

/* The window refuses a new transfer while one runs; should one still come,
 * the old one ends first. */
static void
start_flow (GoferAppApplication *self,
            GoferAppFlow        *flow)
{
  if (self->flow != NULL)
    gofer_app_flow_cancel (self->flow);
  g_clear_object (&self->flow);

  self->flow = flow;
  /* A transfer keeps the app alive even while no window is shown. */
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_object (flow, "finished", G_CALLBACK (flow_finished_cb), self,
                           G_CONNECT_SWAPPED);
  gofer_app_flow_start (flow);
}

static void
send_requested_cb (GoferAppApplication *self,
                   GListModel          *files,
                   GoferAppWindow      *window)
{
  start_flow (self, GOFER_APP_FLOW (gofer_app_send_flow_new_files (window, self->settings, files)));
}

/* One place for every code: a conversation's code joins it, any other
 * receives what the standard sender sends. */
static void
receive_requested_cb (GoferAppApplication *self,
                      const char          *code,
                      GoferAppWindow      *window)
{
  start_flow (self, GOFER_APP_FLOW (gofer_app_conversation_flow_new_join (window, self->settings,
                                                                          code)));
}

static void
conversation_requested_cb (GoferAppApplication *self,
                           GoferAppWindow      *window)
{
  start_flow (self, GOFER_APP_FLOW (gofer_app_conversation_flow_new_start (window, self->settings)));
}

static void
connect_window (GoferAppApplication *self,
                GoferAppWindow      *window)
{
  g_signal_connect_object (window, "send-requested", G_CALLBACK (send_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "receive-requested", G_CALLBACK (receive_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "conversation-requested", G_CALLBACK (conversation_requested_cb),
                           self, G_CONNECT_SWAPPED);
  if (self->latency_probe != NULL)
    gofer_app_latency_probe_watch_window (self->latency_probe, GTK_WIDGET (window));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
};

static void
gofer_app_application_startup (GApplication *application)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (gofer_app_application_parent_class)->startup (application);
  gofer_app_renderer_avoid_software_gl (gdk_display_get_default ());

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
  gtk_window_set_default_icon_name (APP_ID);
  gofer_app_notifier_startup ();

  self->settings = gofer_app_settings_new ();
  if (self->latency_path != NULL)
    self->latency_probe = gofer_app_latency_probe_new (self->launch_us);
}

static void
gofer_app_application_shutdown (GApplication *application)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);
  g_autoptr (GError) error = NULL;

  if (self->flow != NULL)
    gofer_app_flow_cancel (self->flow);
  if (self->latency_probe != NULL &&
      !gofer_app_latency_probe_write (self->latency_probe, self->latency_path, &error))
    g_printerr ("gofer-gtk: %s\n", error->message);

  gofer_app_notifier_shutdown ();

  G_APPLICATION_CLASS (gofer_app_application_parent_class)->shutdown (application);
}

static void
gofer_app_application_activate (GApplication *application)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);

  gtk_window_present (GTK_WINDOW (gofer_app_application_get_main_window (self)));
}

/* Only wormhole-transfer: links are handled: their code goes into the receive
 * entry and receiving starts, as if the person had pressed Receive. */
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

      if (!(code = gofer_app_code_from_text (uri)))
        continue;

      if (gofer_app_window_is_busy (window))
        {
          gofer_app_window_add_toast (window, _("Finish or cancel this transfer, then open the link again."));
          break;
        }
      gofer_app_window_show_empty (window);
      gofer_app_window_set_code_text (window, code);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
      break;
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
gofer_app_application_dispose (GObject *object)
{
  GoferAppApplication *self = (GoferAppApplication *)object;

  g_clear_weak_pointer (&self->main_window);
  g_clear_object (&self->flow);
  g_clear_object (&self->latency_probe);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gofer_app_application_parent_class)->dispose (object);
}

static void
gofer_app_application_finalize (GObject *object)
{
  GoferAppApplication *self = (GoferAppApplication *)object;

  g_clear_pointer (&self->latency_path, g_free);

  G_OBJECT_CLASS (gofer_app_application_parent_class)->finalize (object);
}

static int
gofer_app_application_handle_local_options (GApplication *application,
                                            GVariantDict *options)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  /* Checked here, after --help and --version, and before anything creates
   * a GSettings: GLib aborts the whole process for a missing schema. */
  if (!gofer_app_settings_check_schema (&error))
    {
      g_printerr ("gofer-gtk: %s\n", error->message);
      return 1;
    }

  /* Measured only by the instance that runs the window. */
  if (g_variant_dict_lookup (options, "measure-latency", "^ay", &path))
    {
      g_free (self->latency_path);
      self->latency_path = g_steal_pointer (&path);
    }

  return -1;
}

static void
gofer_app_application_class_init (GoferAppApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gofer_app_application_dispose;
  object_class->finalize = gofer_app_application_finalize;

  app_class->startup = gofer_app_application_startup;
  app_class->shutdown = gofer_app_application_shutdown;
  app_class->activate = gofer_app_application_activate;
  app_class->open = gofer_app_application_open;
  app_class->handle_local_options = gofer_app_application_handle_local_options;
}

static void
gofer_app_application_init (GoferAppApplication *self)
{
  static const GOptionEntry options[] = {
    { "measure-latency", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write main-loop stalls and the time to the first frame to FILE on quit"), N_("FILE") },
    { NULL }
  };

  self->launch_us = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
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
    {
      g_set_weak_pointer (&self->main_window, gofer_app_window_new (GTK_APPLICATION (self)));
      connect_window (self, self->main_window);
    }

  return self->main_window;
}

GoferAppFlow *
gofer_app_application_get_flow (GoferAppApplication *self)
{
  g_return_val_if_fail (GOFER_APP_IS_APPLICATION (self), NULL);

  return self->flow;
}
