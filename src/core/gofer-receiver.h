/* gofer-receiver.h: receives one offer over a wormhole
 *
 * Copyright 2026 The Gofer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gofer-offer.h"
#include "gofer-wormhole.h"

G_BEGIN_DECLS

#define GOFER_TYPE_RECEIVER (gofer_receiver_get_type ())

G_DECLARE_FINAL_TYPE (GoferReceiver, gofer_receiver, GOFER, RECEIVER, GObject)

GoferReceiver *gofer_receiver_new                  (GoferWormhole        *wormhole);

/* Waits for the key exchange and the sender's offer. */
void           gofer_receiver_wait_for_offer_async (GoferReceiver        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GoferOffer    *gofer_receiver_wait_for_offer_finish (GoferReceiver       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Accepts the offer: a text is acknowledged at once; then closes. */
void           gofer_receiver_accept_async         (GoferReceiver        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       gofer_receiver_accept_finish        (GoferReceiver        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Tells the sender "transfer rejected", then closes. */
void           gofer_receiver_decline_async        (GoferReceiver        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       gofer_receiver_decline_finish       (GoferReceiver        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
