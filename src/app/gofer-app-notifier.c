/* gofer-app-notifier.c
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gofer-app-notifier-private.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "gofer-app-launcher.h"

#define NOTIFICATION_BODY_MAX_CHARS 200

G_DEFINE_FINAL_TYPE (GoferAppNotifier, gofer_app_notifier, G_TYPE_OBJECT)

enum {
  OFFER_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A long text is cut: the window shows all of it. */
static char *
cut_body (const char *text)
{
  g_autofree char *head = NULL;

  if (text == NULL || g_utf8_strlen (text, -1) <= NOTIFICATION_BODY_MAX_CHARS)
    return g_strdup (text);

  head = g_utf8_substring (text, 0, NOTIFICATION_BODY_MAX_CHARS);
  return g_strconcat (head, "…", NULL);
}

static void
count_shown (GoferAppNotifier *self,
             gboolean          offer,
             const char       *how)
{
  self->n_shown++;
  g_debug ("notify: %s %s", offer ? "offer" : "notification", how);
}

static void
answer_offer (GoferAppNotifier *self,
              gboolean          accept)
{
  g_debug ("notify: offer answered from the notification");
  g_signal_emit (self, signals[OFFER_ANSWERED], 0, accept);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gofer_app_launcher_open_finish (result, &error))
    g_debug ("notify: open: %s", error->message);
}

/* Open in a "Transfer Complete" notification: what was received opens
 * with the person's default application. */
static void
open_received (GoferAppNotifier *self)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *parent = NULL;

  if (self->received_file == NULL)
    return;
  g_debug ("notify: opening what was received");
  if (GTK_IS_APPLICATION (app))
    parent = gtk_application_get_active_window (GTK_APPLICATION (app));
  gofer_app_launcher_open_async (parent, self->received_file, NULL, opened_cb, NULL);
}

#ifdef HAVE_LIBNOTIFY

/* libnotify: the org.freedesktop.Notifications service, or the
 * Notification portal inside a sandbox (libnotify 0.8). */

static gboolean
backend_ready (void)
{
  return notify_is_initted () || notify_init (_("Gofer"));
}

void
gofer_app_notifier_startup (void)
{
  notify_init (_("Gofer"));
}

void
gofer_app_notifier_shutdown (void)
{
  if (notify_is_initted ())
    notify_uninit ();
}

/* A server that advertises "body-markup" reads the body as markup, and
 * file names and received text are not: there they are escaped to show as
 * they are (a<b>&c.txt). Any other server, and the Notification portal
 * (libnotify lists no "body-markup" for it), shows the body as it is. Asked
 * for each notification: the server may have changed since the last. */
static gboolean
server_reads_markup (void)
{
  GList *caps = notify_get_server_caps ();
  gboolean markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;

  g_list_free_full (caps, g_free);
  return markup;
}

static void
notification_default_cb (NotifyNotification *notification,
                         char               *action,
                         gpointer            user_data)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *window;

  g_debug ("notify: a notification shows the window");
  if (GTK_IS_APPLICATION (app) &&
      (window = gtk_application_get_active_window (GTK_APPLICATION (app))))
    gtk_window_present (window);
}

/* Set on a notification once the daemon has it: only then can it be closed. */
#define SHOWN_KEY "gofer-app-shown"
#define OFFER_KEY "gofer-app-offer"
/* The body as plain text, until notify_thread() knows how the server reads it. */
#define TEXT_KEY "gofer-app-text"

/* notify_notification_show() and _close() are synchronous D-Bus calls, and
 * the daemon may first have to be started: keep them off the main loop.
 * libnotify's proxy delivers the action signal on the default main context.
 * libnotify makes its D-Bus proxy on first use without a lock: two first
 * notifications in two threads would make two, and one notification would
 * then hold a handler on the proxy libnotify forgot. One at a time. */
static GMutex libnotify_lock;

static void
notify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&libnotify_lock);
  GoferAppNotifier *self = source_object;
  const char *text = g_object_get_data (G_OBJECT (task_data), TEXT_KEY);
  gboolean offer = g_object_get_data (G_OBJECT (task_data), OFFER_KEY) != NULL;
  GError *error = NULL;

  if (text != NULL)
    {
      g_autofree char *body = server_reads_markup () ? g_markup_escape_text (text, -1)
                                                     : g_strdup (text);

      g_object_set (task_data, "body", body, NULL);
    }
  /* A chat message does not stack a new notification on the last one: it
   * replaces it (the notification's id is the server's replaces_id). */
  if (!offer && self->notification_id > 0)
    g_object_set (task_data, "id", self->notification_id, NULL);
  if (notify_notification_show (NOTIFY_NOTIFICATION (task_data), &error))
    {
      if (!offer)
        g_object_get (task_data, "id", &self->notification_id, NULL);
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

static void
close_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&libnotify_lock);
  GError *error = NULL;

  if (notify_notification_close (NOTIFY_NOTIFICATION (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
close_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("notify: close: %s", error->message);
}

static void
close_notification_in_thread (NotifyNotification *notification)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, close_done_cb, NULL);

  g_task_set_source_tag (task, close_notification_in_thread);
  g_task_set_task_data (task, g_object_ref (notification), g_object_unref);
  g_task_run_in_thread (task, close_thread);
}

/* A notification still on its way to the daemon is closed when it gets
 * there (notify_done_cb). */
static void
withdraw_offer (GoferAppNotifier *self)
{
  NotifyNotification *notification = g_steal_pointer (&self->offer_notification);

  if (notification == NULL)
    return;
  if (g_object_get_data (G_OBJECT (notification), SHOWN_KEY))
    close_notification_in_thread (notification);
  g_object_unref (notification);
}

static void
notify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GoferAppNotifier *self = GOFER_APP_NOTIFIER (object);
  g_autoptr(GObject) notification = user_data;
  g_autoptr(GError) error = NULL;
  gboolean offer = g_object_get_data (notification, OFFER_KEY) != NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* No notification daemon is not worth a warning: the window shows it all. */
      g_debug ("notify: %s", error->message);
      return;
    }

  g_object_set_data (notification, SHOWN_KEY, GINT_TO_POINTER (TRUE));
  count_shown (self, offer, "shown");

  /* The offer was answered while its notification was on the way. */
  if (offer && notification != G_OBJECT (self->offer_notification))
    close_notification_in_thread (NOTIFY_NOTIFICATION (notification));
}

static void
show_notification (GoferAppNotifier   *self,
                   NotifyNotification *notification)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, self->cancellable, notify_done_cb, g_object_ref (notification));
  g_task_set_source_tag (task, show_notification);
  g_task_set_task_data (task, g_object_ref (notification), g_object_unref);
  g_task_run_in_thread (task, notify_thread);
}

/* The body is set in notify_thread(). */
static NotifyNotification *
new_notification (const char *title,
                  const char *body)
{
  NotifyNotification *notification = notify_notification_new (title, NULL, APP_ID);

  g_object_set_data_full (G_OBJECT (notification), TEXT_KEY, cut_body (body), g_free);
  return notification;
}

static gboolean
send_notification (GoferAppNotifier *self,
                   const char       *title,
                   const char       *body)
{
  if (!backend_ready ())
    return FALSE;

  /* A new notification each time: the previous one may still be in its thread. */
  g_clear_object (&self->notification);
  self->notification = new_notification (title, body);
  notify_notification_add_action (self->notification, "default", _("Show Gofer"),
                                  notification_default_cb, NULL, NULL);
  show_notification (self, self->notification);
  return TRUE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* The notification may outlive the notifier: its actions hold a weak ref. */
static void
offer_action_cb (NotifyNotification *notification,
                 char               *action,
                 gpointer            user_data)
{
  g_autoptr(GoferAppNotifier) self = g_weak_ref_get (user_data);

  if (self == NULL || notification != self->offer_notification)
    return;

  answer_offer (self, !g_str_equal (action, "decline"));
}

static void
add_offer_action (GoferAppNotifier *self,
                  const char       *action,
                  const char       *label)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  notify_notification_add_action (self->offer_notification, action, label,
                                  offer_action_cb, ref, weak_ref_free);
}

static gboolean
send_offer (GoferAppNotifier *self,
            const char       *title,
            const char       *body)
{
  if (!backend_ready ())
    return FALSE;

  withdraw_offer (self);
  self->offer_notification = new_notification (title, body);
  g_object_set_data (G_OBJECT (self->offer_notification), OFFER_KEY, GINT_TO_POINTER (TRUE));
  /* "default" is a click on the notification itself: it shows the window,
   * where the offer waits; accepting takes the Accept button (#15 item 11). */
  notify_notification_add_action (self->offer_notification, "default", _("Show Gofer"),
                                  notification_default_cb, NULL, NULL);
  add_offer_action (self, "accept", _("Accept"));
  add_offer_action (self, "decline", _("Decline"));
  show_notification (self, self->offer_notification);
  return TRUE;
}

/* Only the newest Transfer Complete opens: the notifier keeps its file. */
static void
open_action_cb (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  g_autoptr(GoferAppNotifier) self = g_weak_ref_get (user_data);

  if (self == NULL || notification != self->notification)
    return;
  open_received (self);
}

static gboolean
send_received (GoferAppNotifier *self,
               const char       *title,
               const char       *body)
{
  GWeakRef *ref;

  if (!backend_ready ())
    return FALSE;

  g_clear_object (&self->notification);
  self->notification = new_notification (title, body);
  notify_notification_add_action (self->notification, "default", _("Show Gofer"),
                                  notification_default_cb, NULL, NULL);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  notify_notification_add_action (self->notification, "open", _("Open"), open_action_cb, ref,
                                  weak_ref_free);
  show_notification (self, self->notification);
  return TRUE;
}

static void
clear_notifications (GoferAppNotifier *self)
{
  g_clear_object (&self->notification);
  withdraw_offer (self);
}

#else /* !HAVE_LIBNOTIFY */

/* GNotification: GLib picks the Notification portal in a sandbox, GNOME
 * Shell's org.gtk.Notifications, or org.freedesktop.Notifications. Its
 * buttons activate app actions, so the offer's carry the offer's id: a
 * button of an older offer's notification must not answer this one. */

#define TRANSFER_NOTIFICATION "transfer"
#define OFFER_NOTIFICATION "offer"
/* A notification server that is slow to answer is taken as a plain text one. */
#define CAPABILITIES_TIMEOUT_MS 1000

void
gofer_app_notifier_startup (void)
{
}

void
gofer_app_notifier_shutdown (void)
{
}

/* GLib's backends send for the registered, primary instance only. */
static GApplication *
notifying_application (void)
{
#ifdef G_OS_WIN32
  /* GLib's Windows backend only warns that it cannot notify. */
  return NULL;
#else
  GApplication *app = g_application_get_default ();

  if (app == NULL || !g_application_get_is_registered (app) || g_application_get_is_remote (app))
    return NULL;
  return app;
#endif
}

static gboolean
has_owner (GDBusConnection *bus,
           const char      *name)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "GetNameOwner", g_variant_new ("(s)", name),
                                 G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);

  return reply != NULL;
}

/* GLib 2.74 hands a GNotification to the first backend that works
 * (gio/gnotificationbackend.c; GNOTIFICATION_BACKEND names one to try
 * first): "portal" in a Flatpak or with GTK_USE_PORTAL=1, "gtk" when
 * org.gtk.Notifications has an owner (GNOME Shell), else "freedesktop".
 * Only the last passes the body on to org.freedesktop.Notifications as it
 * is; the portal and GNOME Shell show it as plain text. */
static gboolean
glib_uses_freedesktop (GDBusConnection *bus)
{
  const char *portal = g_getenv ("GTK_USE_PORTAL");

  if (g_strcmp0 (g_getenv ("GNOTIFICATION_BACKEND"), "freedesktop") == 0)
    return TRUE;
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || (portal != NULL && portal[0] == '1'))
    return FALSE;
  return !has_owner (bus, "org.gtk.Notifications");
}

/* 1 if the server advertises "body-markup", 0 if not, -1 if it did not
 * answer (none yet). */
static int
freedesktop_server_reads_markup (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **caps = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications",
                                       "org.freedesktop.Notifications", "GetCapabilities", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                       CAPABILITIES_TIMEOUT_MS, NULL, NULL);
  if (reply == NULL)
    return -1;
  g_variant_get (reply, "(^a&s)", &caps);
  return g_strv_contains (caps, "body-markup");
}

/* A server that advertises "body-markup" reads the body as markup, and file
 * names and received text are not: there they are escaped to show as they
 * are (a<b>&c.txt). Found out once, at the first notification, as GLib
 * picks its backend once: a call that blocks, like GLib's own check for
 * org.gtk.Notifications. */
static gboolean
body_is_markup (GApplication *app)
{
  static int reads_markup = -1;
  GDBusConnection *bus = g_application_get_dbus_connection (app);

  if (reads_markup < 0 && bus != NULL)
    reads_markup = glib_uses_freedesktop (bus) ? freedesktop_server_reads_markup (bus) : 0;
  return reads_markup > 0;
}

static GNotification *
new_notification (GApplication *app,
                  const char   *title,
                  const char   *body)
{
  GNotification *notification = g_notification_new (title);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  g_autofree char *cut = cut_body (body);

  if (cut != NULL && body_is_markup (app))
    {
      g_autofree char *markup = g_markup_escape_text (cut, -1);

      g_notification_set_body (notification, markup);
    }
  else if (cut != NULL)
    g_notification_set_body (notification, cut);
  g_notification_set_icon (notification, icon);
  return notification;
}

/* Without a default action, a click activates the app: the window shows. */
static gboolean
send_notification (GoferAppNotifier *self,
                   const char       *title,
                   const char       *body)
{
  GApplication *app = notifying_application ();
  g_autoptr(GNotification) notification = NULL;

  if (app == NULL)
    return FALSE;

  notification = new_notification (app, title, body);
  g_application_send_notification (app, TRANSFER_NOTIFICATION, notification);
  count_shown (self, FALSE, "sent");
  return TRUE;
}

static void
offer_action_cb (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GoferAppNotifier *self = user_data;

  if (self->offer_id == 0 || g_variant_get_uint32 (param) != self->offer_id)
    return;

  self->offer_id = 0;
  answer_offer (self, g_str_equal (g_action_get_name (G_ACTION (action)), "accept-offer"));
}

static void
show_offer_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *window;

  g_debug ("notify: the offer's notification shows the window");
  if (GTK_IS_APPLICATION (app) &&
      (window = gtk_application_get_active_window (GTK_APPLICATION (app))))
    gtk_window_present (window);
}

static void
add_show_offer_action (GApplication *app)
{
  g_autoptr(GSimpleAction) action = NULL;

  if (g_action_map_lookup_action (G_ACTION_MAP (app), "show-offer") != NULL)
    return;
  action = g_simple_action_new ("show-offer", NULL);
  g_signal_connect (action, "activate", G_CALLBACK (show_offer_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
}

/* Added again for each offer: the notifier of the newest offer answers. */
static void
add_offer_action (GoferAppNotifier *self,
                  GApplication     *app,
                  const char       *name)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, G_VARIANT_TYPE_UINT32);

  g_signal_connect_object (action, "activate", G_CALLBACK (offer_action_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
}

static gboolean
send_offer (GoferAppNotifier *self,
            const char       *title,
            const char       *body)
{
  static guint32 last_offer_id;
  GApplication *app = notifying_application ();
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GVariant) target = NULL;

  if (app == NULL)
    return FALSE;

  self->offer_id = ++last_offer_id;
  target = g_variant_ref_sink (g_variant_new_uint32 (self->offer_id));
  add_offer_action (self, app, "accept-offer");
  add_offer_action (self, app, "decline-offer");

  notification = new_notification (app, title, body);
  /* A click on the notification itself shows the window, where the offer
   * waits; accepting takes the Accept button (#15 item 11). */
  add_show_offer_action (app);
  g_notification_set_default_action (notification, "app.show-offer");
  g_notification_add_button_with_target_value (notification, _("Accept"), "app.accept-offer", target);
  g_notification_add_button_with_target_value (notification, _("Decline"), "app.decline-offer", target);
  g_application_send_notification (app, OFFER_NOTIFICATION, notification);
  count_shown (self, TRUE, "sent");
  return TRUE;
}

static void
withdraw_offer (GoferAppNotifier *self)
{
  GApplication *app = notifying_application ();

  if (self->offer_id == 0)
    return;

  self->offer_id = 0;
  if (app != NULL)
    g_application_withdraw_notification (app, OFFER_NOTIFICATION);
}

static void
open_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GoferAppNotifier *self = user_data;

  if (self->received_id == 0 || g_variant_get_uint32 (param) != self->received_id)
    return;
  open_received (self);
}

/* Open carries the id of the newest Transfer Complete: an older
 * notification's button opens nothing else. */
static gboolean
send_received (GoferAppNotifier *self,
               const char       *title,
               const char       *body)
{
  static guint32 last_received_id;
  GApplication *app = notifying_application ();
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GSimpleAction) action = NULL;

  if (app == NULL)
    return FALSE;

  self->received_id = ++last_received_id;
  action = g_simple_action_new ("open-received", G_VARIANT_TYPE_UINT32);
  g_signal_connect_object (action, "activate", G_CALLBACK (open_action_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));

  notification = new_notification (app, title, body);
  g_notification_add_button_with_target_value (notification, _("Open"), "app.open-received",
                                               g_variant_new_uint32 (self->received_id));
  g_application_send_notification (app, TRANSFER_NOTIFICATION, notification);
  count_shown (self, FALSE, "sent");
  return TRUE;
}

static void
clear_notifications (GoferAppNotifier *self)
{
  withdraw_offer (self);
}

#endif /* HAVE_LIBNOTIFY */

static void
gofer_app_notifier_dispose (GObject *object)
{
  GoferAppNotifier *self = GOFER_APP_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  clear_notifications (self);

  G_OBJECT_CLASS (gofer_app_notifier_parent_class)->dispose (object);
}

static void
gofer_app_notifier_finalize (GObject *object)
{
  GoferAppNotifier *self = GOFER_APP_NOTIFIER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->received_file);

  G_OBJECT_CLASS (gofer_app_notifier_parent_class)->finalize (object);
}

static void
gofer_app_notifier_class_init (GoferAppNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gofer_app_notifier_dispose;
  object_class->finalize = gofer_app_notifier_finalize;

  signals[OFFER_ANSWERED] =
    g_signal_new ("offer-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
gofer_app_notifier_init (GoferAppNotifier *self)
{
  self->cancellable = g_cancellable_new ();
}

GoferAppNotifier *
gofer_app_notifier_new (void)
{
  return g_object_new (GOFER_APP_TYPE_NOTIFIER, NULL);
}

gboolean
gofer_app_notifier_notify (GoferAppNotifier *self,
                           const char       *title,
                           const char       *body)
{
  g_return_val_if_fail (GOFER_APP_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  return send_notification (self, title, body);
}

gboolean
gofer_app_notifier_notify_offer (GoferAppNotifier *self,
                                 const char       *title,
                                 const char       *body)
{
  g_return_val_if_fail (GOFER_APP_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  return send_offer (self, title, body);
}

gboolean
gofer_app_notifier_notify_received (GoferAppNotifier *self,
                                    const char       *title,
                                    const char       *body,
                                    GFile            *file)
{
  g_return_val_if_fail (GOFER_APP_IS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  g_set_object (&self->received_file, file);
  return send_received (self, title, body);
}

void
gofer_app_notifier_withdraw_offer (GoferAppNotifier *self)
{
  g_return_if_fail (GOFER_APP_IS_NOTIFIER (self));

  withdraw_offer (self);
}

guint
gofer_app_notifier_get_n_shown (GoferAppNotifier *self)
{
  g_return_val_if_fail (GOFER_APP_IS_NOTIFIER (self), 0);

  return self->n_shown;
}
