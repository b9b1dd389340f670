/* gofer-app-notifier-private.h: the notifier's fields, for its tests
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#ifdef HAVE_LIBNOTIFY
# include <libnotify/notify.h>
#endif

#include "gofer-app-notifier.h"

G_BEGIN_DECLS

struct _GoferAppNotifier
{
  GObject             parent_instance;

  GCancellable       *cancellable;
  guint               n_shown;
  /* What the newest "Transfer Complete" opens. */
  GFile              *received_file;
#ifdef HAVE_LIBNOTIFY
  NotifyNotification *notification;
  /* The server's id of the last plain notification, which the next one
   * replaces: one per window (its conversation), not one per message.
   * Only touched under the libnotify lock. */
  gint                notification_id;
  /* The offer's notification, until the offer is answered. */
  NotifyNotification *offer_notification;
#else
  /* The offer whose GNotification is out, 0 for none; its buttons carry it. */
  guint32             offer_id;
  /* The newest "Transfer Complete", whose Open button carries it. */
  guint32             received_id;
#endif
};

G_END_DECLS
