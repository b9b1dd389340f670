/* gofer-app-application.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-application.h"

#include <glib/gi18n.h>

#include "gofer-app-conversation-flow.h"
#include "gofer.h"
#include "gofer-app-format.h"
#include "gofer-app-help.h"
#include "gofer-app-history.h"
#include "gofer-app-history-window.h"
#include "gofer-app-latency-probe.h"
#include "gofer-app-notifier.h"
#include "gofer-app-preferences-window.h"
#include "gofer-app-renderer.h"
#include "gofer-app-secret.h"
#include "gofer-app-send-flow.h"
#include "gofer-app-settings.h"

#define LINK_SCHEME "wormhole-transfer"

/* What the person last asked for, for Try Again and Send Again. */
typedef enum
{
  REQUEST_NONE,
  REQUEST_FILES,
  REQUEST_TEXT,
  REQUEST_CODE,
  REQUEST_CONVERSATION,
} RequestKind;

struct _GoferAppApplication
{
  AdwApplication        parent_instance;

  GoferAppWindow       *main_window;
  GSettings            *settings;
  /* What was sent and received, kept across restarts. */
  GoferAppHistory      *history;
  GtkWidget            *history_window;   /* weak */
  /* The transfer the main window shows; one at a time. */
  GoferAppFlow         *flow;

  RequestKind           last_kind;
  GListModel           *last_files;
  /* Secret, like the code: kept for Send Again, never logged. */
  char                 *last_text;
  char                 *last_code;

  /* Suspend and logout wait while a transfer runs. */
  guint                 inhibit_cookie;
  gboolean              inhibiting;
  guint                 linger_id;

  gint64                launch_us;
  char                 *latency_path;
  GoferAppLatencyProbe *latency_probe;
};

G_DEFINE_FINAL_TYPE (GoferAppApplication, gofer_app_application, ADW_TYPE_APPLICATION)

/* Ctrl+Q during a transfer asks first, as closing the window does: Stop,
 * Run in Background or Cancel (#15 item 4). */
static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (user_data);

  if (self->main_window != NULL && gofer_app_window_is_busy (self->main_window))
    {
      gtk_window_present (GTK_WINDOW (self->main_window));
      gtk_window_close (GTK_WINDOW (self->main_window));
      return;
    }
  g_application_quit (G_APPLICATION (self));
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
history_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (user_data);

  if (self->history_window == NULL)
    g_set_weak_pointer (&self->history_window,
                        gofer_app_history_window_new (GTK_WINDOW (gofer_app_application_get_main_window (self)),
                                                      self->history));
  gtk_window_present (GTK_WINDOW (self->history_window));
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  gofer_app_help_show (gtk_application_get_active_window (app), "index");
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

/* A window sent to the background goes once its transfer is done: its
 * notification has said so. */
#define BACKGROUND_LINGER_S 5

static gboolean
linger_done_cb (gpointer user_data)
{
  GoferAppApplication *self = user_data;

  self->linger_id = 0;
  if (self->main_window != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->main_window)) &&
      self->flow == NULL)
    gtk_window_destroy (GTK_WINDOW (self->main_window));
  return G_SOURCE_REMOVE;
}

static void
uninhibit (GoferAppApplication *self)
{
  if (self->inhibit_cookie != 0)
    gtk_application_uninhibit (GTK_APPLICATION (self), self->inhibit_cookie);
  self->inhibit_cookie = 0;
  self->inhibiting = FALSE;
}

/* While a flow moves or waits for the other side, the computer must not
 * sleep; a conversation only while a file goes or comes in it. */
static void
flow_state_cb (GoferAppApplication *self,
               GParamSpec          *pspec,
               GoferAppFlow        *flow)
{
  gboolean running = gofer_app_flow_is_running (flow);

  if (flow != self->flow)
    return;
  if (running && !self->inhibiting)
    {
      GoferAppWindow *window = gofer_app_flow_get_window (flow);

      self->inhibiting = TRUE;
      self->inhibit_cookie = gtk_application_inhibit (GTK_APPLICATION (self),
                                                      window ? GTK_WINDOW (window) : NULL,
                                                      GTK_APPLICATION_INHIBIT_SUSPEND |
                                                      GTK_APPLICATION_INHIBIT_LOGOUT,
                                                      _("A transfer is running"));
      g_debug ("application: suspend inhibited (cookie %u)", self->inhibit_cookie);
    }
  else if (!running && self->inhibiting)
    uninhibit (self);
}

static void
flow_finished_cb (GoferAppApplication *self,
                  GoferAppFlow        *flow)
{
  if (self->flow == flow)
    {
      uninhibit (self);
      g_clear_object (&self->flow);
      if (self->main_window != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->main_window)) &&
          self->linger_id == 0)
        self->linger_id = g_timeout_add_seconds (BACKGROUND_LINGER_S, linger_done_cb, self);
    }
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
  g_signal_connect_object (flow, "notify::running", G_CALLBACK (flow_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (flow, "transferred", G_CALLBACK (gofer_app_history_add), self->history,
                           G_CONNECT_SWAPPED);
  flow_state_cb (self, NULL, flow);
  gofer_app_flow_start (flow);
}

static void
remember_request (GoferAppApplication *self,
                  RequestKind          kind,
                  GListModel          *files,
                  const char          *text,
                  const char          *code)
{
  self->last_kind = kind;
  g_set_object (&self->last_files, files);
  g_free (self->last_text);
  self->last_text = g_strdup (text);
  g_clear_pointer (&self->last_code, gofer_app_secret_free);
  self->last_code = g_strdup (code);
}

static void
send_requested_cb (GoferAppApplication *self,
                   GListModel          *files,
                   GoferAppWindow      *window)
{
  remember_request (self, REQUEST_FILES, files, NULL, NULL);
  start_flow (self, GOFER_APP_FLOW (gofer_app_send_flow_new_files (window, self->settings, files)));
}

static void
send_text_requested_cb (GoferAppApplication *self,
                        const char          *text,
                        GoferAppWindow      *window)
{
  remember_request (self, REQUEST_TEXT, NULL, text, NULL);
  start_flow (self, GOFER_APP_FLOW (gofer_app_send_flow_new_text (window, self->settings, text)));
}

/* One place for every code: a conversation's code joins it, any other
 * receives what the standard sender sends. */
static void
receive_requested_cb (GoferAppApplication *self,
                      const char          *code,
                      GoferAppWindow      *window)
{
  remember_request (self, REQUEST_CODE, NULL, NULL, code);
  start_flow (self, GOFER_APP_FLOW (gofer_app_conversation_flow_new_join (window, self->settings,
                                                                          code)));
}

/* A remembered computer's row: a conversation with it, with no code. */
static void
meet_requested_cb (GoferAppApplication *self,
                   const char          *name,
                   GListModel          *files,
                   GoferAppWindow      *window)
{
  start_flow (self, GOFER_APP_FLOW (gofer_app_conversation_flow_new_meet (window, self->settings,
                                                                          name, files)));
}

static void
conversation_requested_cb (GoferAppApplication *self,
                           GoferAppWindow      *window)
{
  remember_request (self, REQUEST_CONVERSATION, NULL, NULL, NULL);
  start_flow (self, GOFER_APP_FLOW (gofer_app_conversation_flow_new_start (window, self->settings)));
}

/* Try Again and Send Again: what was asked last, once more; files and
 * text get a new code. */
static void
retry_requested_cb (GoferAppApplication *self,
                    GoferAppWindow      *window)
{
  switch (self->last_kind)
    {
    case REQUEST_FILES:
      send_requested_cb (self, self->last_files, window);
      break;
    case REQUEST_TEXT:
      {
        g_autofree char *text = g_strdup (self->last_text);
        send_text_requested_cb (self, text, window);
      }
      break;
    case REQUEST_CODE:
      {
        g_autoptr(GoferAppSecret) code = g_strdup (self->last_code);
        receive_requested_cb (self, code, window);
      }
      break;
    case REQUEST_CONVERSATION:
      conversation_requested_cb (self, window);
      break;
    case REQUEST_NONE:
    default:
      break;
    }
}

static void
connect_window (GoferAppApplication *self,
                GoferAppWindow      *window)
{
  g_signal_connect_object (window, "send-requested", G_CALLBACK (send_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "receive-requested", G_CALLBACK (receive_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "send-text-requested", G_CALLBACK (send_text_requested_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "retry-requested", G_CALLBACK (retry_requested_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "conversation-requested", G_CALLBACK (conversation_requested_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "meet-requested", G_CALLBACK (meet_requested_cb),
                           self, G_CONNECT_SWAPPED);
  if (self->latency_probe != NULL)
    gofer_app_latency_probe_watch_window (self->latency_probe, GTK_WIDGET (window));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
  { .name = "history", .activate = history_action },
  { .name = "help", .activate = help_action },
};

static void
gofer_app_application_startup (GApplication *application)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *history_accels[] = { "<Control>h", NULL };
  static const char *help_accels[] = { "F1", NULL };
  g_autofree char *history_path = NULL;

  G_APPLICATION_CLASS (gofer_app_application_parent_class)->startup (application);
  gofer_app_renderer_avoid_software_gl (gdk_display_get_default ());

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.history",
                                         history_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.help", help_accels);
  gtk_window_set_default_icon_name (APP_ID);
  gofer_app_notifier_startup ();

  self->settings = gofer_app_settings_new ();
  history_path = gofer_app_history_dup_default_path ();
  self->history = gofer_app_history_new (history_path);
  if (self->latency_path != NULL)
    self->latency_probe = gofer_app_latency_probe_new (self->launch_us);
}

static void
gofer_app_application_shutdown (GApplication *application)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) history_error = NULL;

  if (self->flow != NULL)
    gofer_app_flow_cancel (self->flow);
  if (self->latency_probe != NULL &&
      !gofer_app_latency_probe_write (self->latency_probe, self->latency_path, &error))
    g_printerr ("gofer-gtk: %s\n", error->message);

  gofer_app_notifier_shutdown ();
  if (self->history != NULL && !gofer_app_history_save (self->history, &history_error))
    g_printerr ("gofer-gtk: %s\n", history_error->message);

  G_APPLICATION_CLASS (gofer_app_application_parent_class)->shutdown (application);
}

static void
gofer_app_application_activate (GApplication *application)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);

  gtk_window_present (GTK_WINDOW (gofer_app_application_get_main_window (self)));
}

/* A wormhole-transfer: link being opened, while the person decides. */
typedef struct
{
  GoferAppApplication *self;
  GoferAppWindow      *window;
  GoferCodeLink       *link;
} LinkRequest;

static void
link_request_free (LinkRequest *request)
{
  g_object_unref (request->self);
  g_object_unref (request->window);
  gofer_code_link_free (request->link);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinkRequest, link_request_free)

/* What the link asks for, on the server it names: a send of @files to its
 * code for role=leader, otherwise receiving (or joining) as if the person
 * had typed the code and pressed Receive. */
static void
start_link_flow (LinkRequest *request,
                 GListModel  *files)
{
  GoferAppApplication *self = request->self;
  GoferAppFlow *flow;

  if (request->link->leader)
    {
      remember_request (self, REQUEST_FILES, files, NULL, NULL);
      flow = GOFER_APP_FLOW (gofer_app_send_flow_new_files (request->window, self->settings, files));
      gofer_app_send_flow_set_code (GOFER_APP_SEND_FLOW (flow), request->link->code);
    }
  else
    {
      /* The code is the link's: the box stays free for the next one. */
      remember_request (self, REQUEST_CODE, NULL, NULL, request->link->code);
      gofer_app_window_show_empty (request->window);
      flow = GOFER_APP_FLOW (gofer_app_conversation_flow_new_join (request->window, self->settings,
                                                                   request->link->code));
    }
  gofer_app_flow_set_mailbox_url (flow, request->link->rendezvous);
  start_flow (self, flow);
}

static void
link_files_chosen_cb (GtkNativeDialog *chooser,
                      int              response,
                      gpointer         user_data)
{
  g_autoptr(LinkRequest) request = user_data;
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  if (files != NULL && g_list_model_get_n_items (files) > 0)
    start_link_flow (request, files);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* role=leader: the link's owner waits to receive; the person picks what. */
static void
choose_files_for_link (LinkRequest *request)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Send Files to the Link’s Owner"), GTK_WINDOW (request->window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Send"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (link_files_chosen_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
follow_link (LinkRequest *request)
{
  g_autoptr(LinkRequest) owned = request;

  if (request->link->leader)
    choose_files_for_link (g_steal_pointer (&owned));
  else
    start_link_flow (request, NULL);
}

static void
server_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  /* Taken once: the dialog may be answered again before it is gone. */
  g_autoptr(LinkRequest) request = g_object_steal_data (G_OBJECT (dialog), "gofer-link-request");

  if (request != NULL && g_str_equal (response, "use"))
    follow_link (g_steal_pointer (&request));
}

/* A server sees who talks to whom and can try the code once: a link may
 * not switch servers behind the person's back. */
static void
ask_about_server (LinkRequest *request)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (request->window), _("Use Another Server?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("This link asks Gofer to connect through “%s” instead of the server "
                                    "in Preferences. Use it only if you trust whoever gave you the link."),
                                  request->link->rendezvous);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "use", _("_Use This Server"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "gofer-link-request", request,
                          (GDestroyNotify) link_request_free);
  g_signal_connect (dialog, "response", G_CALLBACK (server_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_link (GoferAppApplication *self,
           GoferAppWindow      *window,
           const char          *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GoferCodeLink) link = gofer_code_link_parse (uri, &error);
  g_autofree char *configured = g_settings_get_string (self->settings, GOFER_APP_SETTINGS_MAILBOX_URL);
  LinkRequest *request;

  if (link == NULL)
    {
      gofer_app_window_add_toast (window, error->message);
      return;
    }
  if (gofer_app_window_is_busy (window))
    {
      gofer_app_window_add_toast (window, _("Finish or cancel this transfer, then open the link again."));
      return;
    }
  if (g_strcmp0 (link->rendezvous, configured) == 0)
    g_clear_pointer (&link->rendezvous, g_free);

  request = g_new0 (LinkRequest, 1);
  request->self = g_object_ref (self);
  request->window = g_object_ref (window);
  request->link = g_steal_pointer (&link);
  if (request->link->rendezvous != NULL)
    ask_about_server (request);
  else
    follow_link (request);
}

/* Only wormhole-transfer: links are handled (uri-scheme.md): receiving
 * starts as if the person had typed the code and pressed Receive, or, for
 * role=leader, sending to the code; a server the link names is used only
 * once the person agreed. */
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

      if (!g_file_has_uri_scheme (files[i], LINK_SCHEME))
        {
          g_debug ("application: ignoring a file that is not a %s: link", LINK_SCHEME);
          continue;
        }
      open_link (self, window, uri);
      break;
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
gofer_app_application_dispose (GObject *object)
{
  GoferAppApplication *self = (GoferAppApplication *)object;

  g_clear_handle_id (&self->linger_id, g_source_remove);
  g_clear_weak_pointer (&self->main_window);
  g_clear_weak_pointer (&self->history_window);
  g_clear_object (&self->flow);
  g_clear_object (&self->history);
  g_clear_object (&self->last_files);
  g_clear_object (&self->latency_probe);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gofer_app_application_parent_class)->dispose (object);
}

static void
gofer_app_application_finalize (GObject *object)
{
  GoferAppApplication *self = (GoferAppApplication *)object;

  g_clear_pointer (&self->latency_path, g_free);
  g_clear_pointer (&self->last_text, g_free);
  g_clear_pointer (&self->last_code, gofer_app_secret_free);

  G_OBJECT_CLASS (gofer_app_application_parent_class)->finalize (object);
}

static int
gofer_app_application_handle_local_options (GApplication *application,
                                            GVariantDict *options)
{
  GoferAppApplication *self = GOFER_APP_APPLICATION (application);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

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

gboolean
gofer_app_application_is_inhibiting (GoferAppApplication *self)
{
  g_return_val_if_fail (GOFER_APP_IS_APPLICATION (self), FALSE);

  return self->inhibiting;
}

GoferAppFlow *
gofer_app_application_get_flow (GoferAppApplication *self)
{
  g_return_val_if_fail (GOFER_APP_IS_APPLICATION (self), NULL);

  return self->flow;
}

GoferAppHistory *
gofer_app_application_get_history (GoferAppApplication *self)
{
  g_return_val_if_fail (GOFER_APP_IS_APPLICATION (self), NULL);

  return self->history;
}
