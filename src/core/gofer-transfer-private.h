/* gofer-transfer-private.h: pieces GoferSender and GoferReceiver share
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-transit.h"
#include "gofer-wormhole.h"

G_BEGIN_DECLS

/* A transit for this wormhole's key and appid, with our relay (a
 * "tcp:HOST:PORT" hint, or NULL) and listening as asked. */
GoferTransit *_gofer_transfer_new_transit     (GoferWormhole     *wormhole,
                                               GoferTransitRole   role,
                                               const char        *transit_helper,
                                               gboolean           listen,
                                               GError           **error);
/* Runs func(object) on the main context once cancellable is cancelled.
 * Returns the handler id for g_cancellable_disconnect(). */
gulong        _gofer_transfer_watch_cancel    (GCancellable      *cancellable,
                                               GObject           *object,
                                               void             (*func) (GObject *object));
/* {"error": "transfer cancelled"} then close; for a person's Cancel. */
GError       *_gofer_transfer_cancelled_error (void);

G_END_DECLS
