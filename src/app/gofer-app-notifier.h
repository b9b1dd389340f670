/* gofer-app-notifier.h: desktop notifications, through libnotify or GNotification
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOFER_APP_TYPE_NOTIFIER (gofer_app_notifier_get_type ())

G_DECLARE_FINAL_TYPE (GoferAppNotifier, gofer_app_notifier, GOFER_APP, NOTIFIER, GObject)

/* The backend is chosen when Gofer is built (meson option `libnotify`):
 * libnotify where it is found, else GNotification through the default
 * GApplication. Windows has no notification service GLib can reach, so
 * there nothing is sent and the window's offer page stands alone.
 *
 * Signal:
 *   "offer-answered" (gboolean accept)  Accept, Decline or a click on the
 *                    body of the current offer's notification */

/* Process-wide set-up and clean-up, from GApplication startup and shutdown. */
void              gofer_app_notifier_startup        (void);
void              gofer_app_notifier_shutdown       (void);

GoferAppNotifier *gofer_app_notifier_new            (void);
/* A notification; clicking it shows the app. FALSE when none can be sent. */
gboolean          gofer_app_notifier_notify         (GoferAppNotifier *self,
                                                     const char       *title,
                                                     const char       *body);
/* The same with Accept and Decline; replaces an earlier offer's. */
gboolean          gofer_app_notifier_notify_offer   (GoferAppNotifier *self,
                                                     const char       *title,
                                                     const char       *body);
/* "Transfer Complete" for something received: the same, with Open, which
 * opens file with the default application. */
gboolean          gofer_app_notifier_notify_received (GoferAppNotifier *self,
                                                      const char       *title,
                                                      const char       *body,
                                                      GFile            *file);
/* The offer was answered elsewhere: its notification goes. */
void              gofer_app_notifier_withdraw_offer (GoferAppNotifier *self);
/* Notifications the service took (libnotify) or that were handed to GLib
 * (GNotification, which does not say whether they arrived). */
guint             gofer_app_notifier_get_n_shown    (GoferAppNotifier *self);

G_END_DECLS
